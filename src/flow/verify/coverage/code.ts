/**
 * Code coverage of a verification run: the coverage.dat files of every simulator merged by `verilator_coverage`,
 * an lcov tracefile whose source paths point at the design folder, and a per-module summary.
 */
import { readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { coverageToLcov, mergeCoverage } from "../../../tools/index.js";
import { codeCoverageSummary, type ModuleCoverage, parseCoverageDat } from "./dat.js";

export interface CodeCoverage {
  /** The merged counts (Verilator's coverage.dat) and the lcov tracefile. */
  readonly dat: string;
  readonly info: string;
  readonly modules: readonly ModuleCoverage[];
  /** All modules together. */
  readonly total: Pick<ModuleCoverage, "lines" | "toggles">;
}

/** File names in the output folder. */
export const CODE_COVERAGE_FILES = { dat: "coverage.dat", info: "coverage.info" } as const;

/**
 * Merges `inputs` into `dir`/coverage.dat and writes `dir`/coverage.info. `sources` maps a Verilog file's name
 * to its path in the design folder (the lcov `SF:` lines name it); records of other files (the coverage
 * monitor) and the modules in `exclude` are left out.
 */
export async function mergeCodeCoverage(
  inputs: readonly string[],
  dir: string,
  sources: ReadonlyMap<string, string>,
  exclude: ReadonlySet<string>,
): Promise<CodeCoverage> {
  const dat = join(dir, CODE_COVERAGE_FILES.dat);
  const info = join(dir, CODE_COVERAGE_FILES.info);
  await mergeCoverage(inputs, dat);
  await coverageToLcov(dat, info);
  await writeFile(info, relinkLcov(await readFile(info, "utf8"), sources));
  const modules = codeCoverageSummary(parseCoverageDat(await readFile(dat, "utf8")), exclude);
  const sum = (k: "lines" | "toggles") => modules.reduce((a, m) => ({ hit: a.hit + m[k].hit, total: a.total + m[k].total }), { hit: 0, total: 0 });
  return { dat, info, modules, total: { lines: sum("lines"), toggles: sum("toggles") } };
}

/** Points the `SF:` records of an lcov text at the design folder's files and drops records of other files. */
export function relinkLcov(text: string, sources: ReadonlyMap<string, string>): string {
  const out: string[] = [];
  let keep = true;
  for (const line of text.split("\n")) {
    if (line.startsWith("SF:")) {
      const path = sources.get(basename(line.slice(3)));
      keep = path !== undefined;
      if (keep) out.push(`SF:${path}`);
      continue;
    }
    if (keep || line.startsWith("TN:")) out.push(line);
    if (line === "end_of_record") keep = true;
  }
  return out.join("\n");
}
