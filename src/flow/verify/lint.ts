import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { toolVersion, verilatorLintPaths } from "../../tools/index.js";
import { hashParts } from "../../util/hash.js";
import { simDir } from "../../util/paths.js";

export interface LintResult {
  readonly ok: boolean;
  /** Each `%Warning` / `%Error` message of Verilator, first line only. */
  readonly messages: readonly string[];
  readonly output: string;
  readonly ms: number;
  /** True when an identical design was already linted clean by the same Verilator (nothing was run). */
  readonly cached: boolean;
  /** The version line of the Verilator that linted it (or linted it before, when cached). */
  readonly version: string;
}

/**
 * `verilator --lint-only -Wall` over a generated design's files (absolute paths, any characters). Any warning
 * fails: the generators promise lint-clean Verilog, so a surviving warning is a generator bug worth stopping
 * on. Linting a 128 x 128 tile takes tens of seconds, so clean results are remembered under `sim/flow-lint/`,
 * keyed by the Verilog text, the top module and the Verilator version. Verilator is the one `SME_VERILATOR`
 * names; a missing or broken one is an error (`src/tools`), never a clean result.
 */
export async function lintDesign(paths: readonly string[], top: string, opts: { cacheDir?: string } = {}): Promise<LintResult> {
  const t0 = performance.now();
  const version = await toolVersion("verilator");
  const texts = await Promise.all(paths.map((p) => readFile(p, "utf8")));
  const key = hashParts([version, top, ...paths.flatMap((p, k) => [basename(p), texts[k]])]);
  const cacheDir = opts.cacheDir ?? join(simDir, "flow-lint");
  const marker = join(cacheDir, `${top.slice(0, 80)}-${key.slice(0, 16)}.clean`);
  if (existsSync(marker)) return { ok: true, messages: [], output: "", ms: performance.now() - t0, cached: true, version };
  const r = await verilatorLintPaths(paths, top);
  if (r.ok) {
    await mkdir(cacheDir, { recursive: true });
    await writeFile(marker, `${version}\n${top}\n`);
  }
  return { ok: r.ok, messages: r.messages, output: r.output, ms: performance.now() - t0, cached: false, version: r.version };
}
