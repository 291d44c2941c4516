/** `verilator_coverage`: merges the coverage.dat files of several simulators and writes lcov `.info`. */
import { basename, dirname, relative } from "node:path";
import { verilatorCoverageCommand } from "./commands.js";
import { runCommand, silentFailure, type ToolRun, toolVersion } from "./run.js";

async function run(args: readonly string[], cwd: string): Promise<ToolRun> {
  const version = await toolVersion("verilator");
  const r = await runCommand("verilator_coverage", verilatorCoverageCommand(), version, args, { cwd, timeoutMs: 600_000 });
  if (r.exitCode !== 0) throw silentFailure("verilator_coverage", r, args[0]);
  return r;
}

/**
 * Sums the counts of `inputs` (Verilator `coverage.dat` files of one design) into `output`. Runs in the output's
 * folder with relative names (Verilator's scripts split absolute paths at spaces).
 */
export async function mergeCoverage(inputs: readonly string[], output: string): Promise<ToolRun> {
  if (inputs.length === 0) throw new RangeError("mergeCoverage: no coverage files to merge");
  const cwd = dirname(output);
  return run(["--write", basename(output), ...inputs.map((p) => relative(cwd, p))], cwd);
}

/** Writes the lcov tracefile of a coverage.dat (`verilator_coverage --write-info`). */
export async function coverageToLcov(input: string, output: string): Promise<ToolRun> {
  const cwd = dirname(output);
  return run(["--write-info", basename(output), relative(cwd, input)], cwd);
}
