/**
 * Runs the external Verilog tools over emitted files: Verilator lint, Icarus Verilog compile, Yosys
 * structural check. Used by the tests (every emitted module must pass all three) and available to
 * generator authors for the same purpose.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import type { VerilogFile } from "../sim/design.js";

export interface ToolResult {
  readonly ok: boolean;
  /** Combined stdout and stderr of the tool. */
  readonly output: string;
}

async function withFiles<T>(files: readonly VerilogFile[], run: (dir: string, paths: string[]) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "sme-hdl-"));
  try {
    const paths: string[] = [];
    for (const f of files) {
      const p = join(dir, f.name);
      await writeFile(p, f.text);
      paths.push(p);
    }
    return await run(dir, paths);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `verilator --lint-only -Wall` over the files with `top` as top module; ok means no warnings at all. */
export function verilatorLint(files: readonly VerilogFile[], top: string): Promise<ToolResult> {
  return withFiles(files, async (_dir, paths) => {
    const r = await execa("verilator", ["--lint-only", "-Wall", "--top-module", top, ...paths], { reject: false, all: true });
    return { ok: r.exitCode === 0 && !/%Warning|%Error/.test(r.all ?? ""), output: r.all ?? "" };
  });
}

/** `iverilog -g2005` compile of the files with `top` as root module. */
export function iverilogCompile(files: readonly VerilogFile[], top: string): Promise<ToolResult> {
  return withFiles(files, async (dir, paths) => {
    const r = await execa("iverilog", ["-g2005", "-Wall", "-s", top, "-o", join(dir, "a.out"), ...paths], { reject: false, all: true });
    return { ok: r.exitCode === 0, output: r.all ?? "" };
  });
}

/** Yosys `read_verilog; hierarchy -check -top; proc; check -assert`. */
export function yosysCheck(files: readonly VerilogFile[], top: string): Promise<ToolResult> {
  return withFiles(files, async (_dir, paths) => {
    const script = `read_verilog ${paths.join(" ")}; hierarchy -check -top ${top}; proc; check -assert`;
    const r = await execa("yosys", ["-q", "-p", script], { reject: false, all: true });
    return { ok: r.exitCode === 0, output: r.all ?? "" };
  });
}
