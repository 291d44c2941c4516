/** `verilator --lint-only -Wall` over Verilog files, on disk or in memory. */
import { dirname, join, relative, sep } from "node:path";
import { runTool, silentFailure } from "./run.js";
import { withTempDir, writeFiles, type TextFile } from "./temp-dir.js";

export interface LintReport {
  /** True when Verilator exited 0 and printed no `%Warning` or `%Error`. */
  readonly ok: boolean;
  /** Each `%Warning` / `%Error` message, first line only. */
  readonly messages: readonly string[];
  /** Everything Verilator printed. */
  readonly output: string;
  /** The version line of the Verilator that ran. */
  readonly version: string;
}

/** The deepest folder holding every path. */
function commonFolder(paths: readonly string[]): string {
  let dir = dirname(paths[0]);
  while (!paths.every((p) => p.startsWith(dir.endsWith(sep) ? dir : dir + sep))) dir = dirname(dir);
  return dir;
}

/**
 * Lints files on disk with `top` as top module. Verilator runs in the files' folder and gets relative names:
 * its 5.006 wrapper script splits absolute paths at spaces and some other characters, which turns a design
 * folder such as `/tmp/my designs/d` into a bogus `DECLFILENAME` warning about a file named `my`.
 */
export async function verilatorLintPaths(paths: readonly string[], top: string, options: { readonly timing?: boolean } = {}): Promise<LintReport> {
  if (paths.length === 0) throw new RangeError("verilatorLintPaths: no files to lint");
  const cwd = commonFolder(paths);
  // A testbench with delays needs --timing; the synthesizable designs have none.
  const timing = options.timing ? ["--timing"] : [];
  const run = await runTool("verilator", ["--lint-only", "-Wall", ...timing, "--top-module", top, ...paths.map((p) => relative(cwd, p))], { cwd });
  const messages = run.output.split("\n").filter((l) => /^%(Warning|Error)/.test(l));
  if (run.exitCode !== 0 && messages.length === 0) throw silentFailure("verilator", run, "--lint-only");
  return { ok: run.exitCode === 0 && messages.length === 0, messages, output: run.output, version: run.version };
}

/** Lints in-memory files (written to a temporary folder) with `top` as top module. */
export function verilatorLint(files: readonly TextFile[], top: string): Promise<LintReport> {
  return withTempDir("lint", async (dir) => {
    const names = await writeFiles(dir, files);
    return verilatorLintPaths(
      names.map((n) => join(dir, n)),
      top,
    );
  });
}
