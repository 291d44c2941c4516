import { runCli } from "../../src/cli/program.js";
import { testTempDir } from "../temp-dirs.js";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `sme ...` in this process and captures what it writes. */
export async function runSme(args: readonly string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    err.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await runCli(args);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}

/** A fresh temporary folder, removed when the test file ends. */
export const tempDir = (prefix: string): Promise<string> => testTempDir(`sme-flow-${prefix}-`);

/**
 * The small tile the Verilator tests share (8 x 8, N = 4, S = 2, A = 4, squeeze-min D = 1): every programmable
 * design of these parameters has the same Verilog, so it is built once and then found in the cache.
 */
export const SMALL = ["--rows", "8", "--cols", "8", "--weight-bits", "4", "--window", "2", "--act-bits", "4", "--squeeze", "1"] as const;
export const SMALL_INPUT = { rows: 8, cols: 8, weightBits: 4, window: 2, actBits: 4, squeeze: 1 } as const;
