/** Icarus Verilog: a compile check of emitted files, and compile-and-run of a testbench in a folder. */
import { join } from "node:path";
import { vvpCommand } from "./commands.js";
import { ToolFailedError } from "./errors.js";
import { runCommand, runTool, silentFailure, type RunOptions } from "./run.js";
import { withTempDir, writeFiles, type TextFile } from "./temp-dir.js";

export interface CompileReport {
  /** True when `iverilog` exited 0 (warnings, if any, are in `output`). */
  readonly ok: boolean;
  readonly output: string;
  /** The version line of the Icarus Verilog that ran. */
  readonly version: string;
}

/** `iverilog -g2005 -Wall -s top` over in-memory files (compile only). */
export function iverilogCompile(files: readonly TextFile[], top: string): Promise<CompileReport> {
  return withTempDir("iverilog", async (dir) => {
    const names = await writeFiles(dir, files);
    const run = await runTool("iverilog", ["-g2005", "-Wall", "-s", top, "-o", "a.vvp", ...names], { cwd: dir });
    if (run.exitCode !== 0 && run.output.trim() === "") throw silentFailure("iverilog", run, "-g2005");
    return { ok: run.exitCode === 0, output: run.output, version: run.version };
  });
}

export interface IcarusSimulation {
  /** What the simulation printed (`$display`). */
  readonly output: string;
  readonly version: string;
}

/**
 * Compiles `sources` (names relative to `dir`) with `iverilog -g2005`, with `top` as root when given, and runs
 * the result with `vvp` in `dir`, so `$readmemh` and `$fopen` use names relative to it. A compile error or a
 * failing run is a `ToolFailedError` carrying the tool's output.
 */
export async function icarusSimulate(dir: string, sources: readonly string[], options: RunOptions & { readonly top?: string } = {}): Promise<IcarusSimulation> {
  const root = options.top !== undefined ? ["-s", options.top] : [];
  const compile = await runTool("iverilog", ["-g2005", ...root, "-o", "sim.vvp", ...sources], { cwd: dir, timeoutMs: options.timeoutMs });
  if (compile.exitCode !== 0) throw new ToolFailedError("iverilog", compile.command, `could not compile ${sources.join(" ")}`, compile.output);
  const run = await runCommand("vvp", vvpCommand(), compile.version, ["-n", join(dir, "sim.vvp")], { cwd: dir, timeoutMs: options.timeoutMs });
  if (run.exitCode !== 0)
    throw run.output.trim() === "" ? silentFailure("vvp", run, "the simulation") : new ToolFailedError("vvp", run.command, "stopped with an error", run.output);
  return { output: run.output, version: compile.version };
}
