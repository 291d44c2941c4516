import { execa } from "execa";
import { UserError } from "../util/errors.js";

export interface LintResult {
  readonly ok: boolean;
  /** Each `%Warning` / `%Error` message of Verilator, first line only. */
  readonly messages: readonly string[];
  readonly output: string;
  readonly ms: number;
}

/**
 * `verilator --lint-only -Wall` over a generated design's files (absolute paths). Any warning fails: the
 * generators promise lint-clean Verilog, so a surviving warning is a generator bug worth stopping on.
 */
export async function lintDesign(paths: readonly string[], top: string): Promise<LintResult> {
  const t0 = performance.now();
  let r;
  try {
    r = await execa("verilator", ["--lint-only", "-Wall", "--top-module", top, ...paths], { reject: false, all: true });
  } catch (err) {
    throw new UserError(`cannot run verilator (${(err as Error).message.split("\n")[0]}); install it with: sudo apt-get install verilator`);
  }
  if ((r as { code?: string }).code === "ENOENT" || r.failed && r.exitCode === undefined) {
    throw new UserError("verilator is not installed; install it with: sudo apt-get install verilator (or run bash scripts/setup.sh)");
  }
  const output = r.all ?? "";
  const messages = output.split("\n").filter((l) => /^%(Warning|Error)/.test(l));
  return { ok: r.exitCode === 0 && messages.length === 0, messages, output, ms: performance.now() - t0 };
}
