/**
 * Yosys runs over an emitted tile: the structural check (no latches, no combinational loops, every module
 * resolved) and, for small tiles, a full `synth` with the cell count by type, which makes the area cost of each
 * mode's row-remap storage visible.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execa } from "execa";
import type { VerilogFile } from "../sim/design.js";

async function withFiles<T>(files: readonly VerilogFile[], run: (paths: string[]) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "sme-yosys-"));
  try {
    const paths = await Promise.all(
      files.map(async (f) => {
        const path = join(dir, f.name);
        await writeFile(path, f.text);
        return path;
      }),
    );
    return await run(paths);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface StructuralCheck {
  readonly ok: boolean;
  /** Latches Yosys inferred in `proc` (must be 0). */
  readonly latches: number;
  /** The log, for error messages. */
  readonly log: string;
}

/** `read_verilog; hierarchy -check -top; proc; opt_clean; check -assert`: fails on latches, loops, missing modules. */
export function yosysStructuralCheck(files: readonly VerilogFile[], top: string): Promise<StructuralCheck> {
  return withFiles(files, async (paths) => {
    const script = `read_verilog ${paths.join(" ")}; hierarchy -check -top ${top}; proc; opt_clean; check -assert; select -assert-none t:$dlatch t:$adlatch t:$dlatchsr`;
    const r = await execa("yosys", ["-p", script], { reject: false, all: true, maxBuffer: 512 * 1024 * 1024 });
    const log = r.all ?? "";
    const latches = (log.match(/Latch inferred/g) ?? []).length;
    return { ok: r.exitCode === 0 && latches === 0, latches, log };
  });
}

/** Full synthesis (`synth -flatten -top`) and the cell count by type (`stat`). Minutes at 64 x 64; meant for <= 32 x 32. */
export function yosysCellCount(files: readonly VerilogFile[], top: string): Promise<{ cells: number; byType: Record<string, number> }> {
  return withFiles(files, async (paths) => {
    const statFile = join(dirname(paths[0]!), "stat.txt");
    const script = `read_verilog ${paths.join(" ")}; synth -flatten -top ${top}; tee -q -o ${statFile} stat`;
    const r = await execa("yosys", ["-q", "-p", script], { reject: false, all: true, maxBuffer: 512 * 1024 * 1024 });
    if (r.exitCode !== 0) throw new Error(`yosys synth failed:\n${(r.all ?? "").slice(-2000)}`);
    return parseStat(await readFile(statFile, "utf8"));
  });
}

/** Parses the last `stat` report: "Number of cells: N" and the "$_AND_  123" lines under it. */
export function parseStat(text: string): { cells: number; byType: Record<string, number> } {
  const at = text.lastIndexOf("Number of cells:");
  if (at < 0) throw new Error("yosys stat output has no cell count");
  const rest = text.slice(at);
  const cells = Number(/Number of cells:\s+(\d+)/.exec(rest)![1]);
  const byType: Record<string, number> = {};
  for (const line of rest.split("\n").slice(1)) {
    const m = /^\s+(\S+)\s+(\d+)\s*$/.exec(line);
    if (m) byType[m[1]!] = Number(m[2]);
    else if (line.trim() === "" && Object.keys(byType).length) break;
  }
  return { cells, byType };
}
