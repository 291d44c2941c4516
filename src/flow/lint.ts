import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { execa } from "execa";
import { UserError } from "../util/errors.js";
import { hashParts } from "../util/hash.js";
import { simDir } from "../util/paths.js";

export interface LintResult {
  readonly ok: boolean;
  /** Each `%Warning` / `%Error` message of Verilator, first line only. */
  readonly messages: readonly string[];
  readonly output: string;
  readonly ms: number;
  /** True when an identical design was already linted clean by the same Verilator (nothing was run). */
  readonly cached: boolean;
}

let versionText: string | undefined;

async function verilatorVersion(): Promise<string> {
  if (versionText !== undefined) return versionText;
  try {
    versionText = (await execa("verilator", ["--version"])).stdout.trim();
  } catch {
    throw new UserError("verilator is not installed; install it with: sudo apt-get install verilator (or run bash scripts/setup.sh)");
  }
  return versionText;
}

/**
 * `verilator --lint-only -Wall` over a generated design's files (absolute paths). Any warning fails: the
 * generators promise lint-clean Verilog, so a surviving warning is a generator bug worth stopping on.
 * Linting a 128 x 128 tile takes tens of seconds, so clean results are remembered under `sim/flow-lint/`,
 * keyed by the Verilog text, the top module and the Verilator version.
 */
export async function lintDesign(paths: readonly string[], top: string, opts: { cacheDir?: string } = {}): Promise<LintResult> {
  const t0 = performance.now();
  const version = await verilatorVersion();
  const texts = await Promise.all(paths.map((p) => readFile(p, "utf8")));
  const key = hashParts([version, top, ...paths.flatMap((p, k) => [basename(p), texts[k]])]);
  const cacheDir = opts.cacheDir ?? join(simDir, "flow-lint");
  const marker = join(cacheDir, `${top.slice(0, 80)}-${key.slice(0, 16)}.clean`);
  if (existsSync(marker)) return { ok: true, messages: [], output: "", ms: performance.now() - t0, cached: true };
  const r = await execa("verilator", ["--lint-only", "-Wall", "--top-module", top, ...paths], { reject: false, all: true });
  const output = r.all ?? "";
  const messages = output.split("\n").filter((l) => /^%(Warning|Error)/.test(l));
  const ok = r.exitCode === 0 && messages.length === 0;
  if (ok) {
    await mkdir(cacheDir, { recursive: true });
    await writeFile(marker, `${version}\n${top}\n`);
  }
  return { ok, messages, output, ms: performance.now() - t0, cached: false };
}
