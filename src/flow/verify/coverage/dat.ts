/**
 * Verilator's coverage.dat: one line per coverage point, `C '<key/value pairs>' <count>`, each pair written as
 * `\x01key\x02value`. Keys used here: `page` (`v_line/<module>`, `v_branch/...`, `v_toggle/...`, `v_user/...`),
 * `o` (the point's comment: a cover label, a toggled bit), `h` (hierarchy), `f` and `l` (file and line).
 */

export interface CoveragePoint {
  /** `line`, `branch`, `toggle` or `user` (cover points). */
  readonly kind: string;
  /** The module the point belongs to. */
  readonly module: string;
  readonly comment: string;
  readonly hierarchy: string;
  readonly file: string;
  readonly line: number;
  readonly count: number;
}

/** The points of a coverage.dat text. */
export function parseCoverageDat(text: string): CoveragePoint[] {
  const points: CoveragePoint[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("C '")) continue;
    const end = line.lastIndexOf("' ");
    if (end < 0) continue;
    const fields = new Map<string, string>();
    for (const pair of line.slice(3, end).split("\u0001")) {
      const sep = pair.indexOf("\u0002");
      if (sep > 0) fields.set(pair.slice(0, sep), pair.slice(sep + 1));
    }
    const page = fields.get("page") ?? "";
    const slash = page.indexOf("/");
    points.push({
      kind: page.slice(2, slash < 0 ? undefined : slash),
      module: slash < 0 ? "" : page.slice(slash + 1),
      comment: fields.get("o") ?? "",
      hierarchy: fields.get("h") ?? "",
      file: fields.get("f") ?? "",
      line: Number(fields.get("l") ?? 0),
      count: Number(line.slice(end + 2)),
    });
  }
  return points;
}

/** Hits per cover label of the user cover points of `module` (summed when a label appears more than once). */
export function coverHits(points: readonly CoveragePoint[], module: string): Map<string, number> {
  const hits = new Map<string, number>();
  for (const p of points) if (p.kind === "user" && p.module === module) hits.set(p.comment, (hits.get(p.comment) ?? 0) + p.count);
  return hits;
}

/** Lines (statement blocks and branches) and toggles hit and total, per module. */
export interface ModuleCoverage {
  readonly module: string;
  readonly lines: { readonly hit: number; readonly total: number };
  readonly toggles: { readonly hit: number; readonly total: number };
}

/** The per-module code-coverage summary of merged points, modules in name order; `exclude` drops modules. */
export function codeCoverageSummary(points: readonly CoveragePoint[], exclude: ReadonlySet<string> = new Set()): ModuleCoverage[] {
  const byModule = new Map<string, { lines: { hit: number; total: number }; toggles: { hit: number; total: number } }>();
  for (const p of points) {
    if (exclude.has(p.module)) continue;
    const kind = p.kind === "line" || p.kind === "branch" ? "lines" : p.kind === "toggle" ? "toggles" : null;
    if (!kind) continue;
    let m = byModule.get(p.module);
    if (!m) {
      m = { lines: { hit: 0, total: 0 }, toggles: { hit: 0, total: 0 } };
      byModule.set(p.module, m);
    }
    m[kind].total++;
    if (p.count > 0) m[kind].hit++;
  }
  return [...byModule].sort(([a], [b]) => a.localeCompare(b)).map(([module, m]) => ({ module, ...m }));
}
