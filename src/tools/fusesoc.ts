/** FuseSoC: runs a design folder's core (`core-info`, `run --target ...`) with the folder as cores root. */
import { ToolFailedError } from "./errors.js";
import { type RunOptions, runTool, type ToolRun } from "./run.js";

/**
 * `fusesoc --cores-root <coresRoot> <args...>` in `options.cwd` (FuseSoC builds under `build/` there). A
 * non-zero exit is returned, with the output, for the caller to judge (a failing simulation is a finding);
 * a run that printed nothing at all is a `ToolFailedError`.
 */
export async function fusesoc(coresRoot: string, args: readonly string[], options: RunOptions = {}): Promise<ToolRun> {
  const run = await runTool("fusesoc", ["--cores-root", coresRoot, ...args], options);
  if (run.exitCode !== 0 && run.output.trim() === "")
    throw new ToolFailedError("fusesoc", run.command, `${args.join(" ")} exited with status ${run.exitCode} without a diagnostic`, run.output);
  return run;
}
