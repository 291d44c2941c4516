/** Tables of `sme verify`'s functional and code coverage. */
import Table from "cli-table3";
import type { CodeCoverage } from "../flow/verify/coverage/code.js";
import { type BinResult, type FunctionalCoverage, groupTitle } from "../flow/verify/coverage/functional.js";

/** No rule between rows: the tables can be long. */
const COMPACT = { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" };

const int = (x: number): string => Math.round(x).toLocaleString("en-US");
const pct = (hit: number, total: number): string => (total === 0 ? "-" : `${((100 * hit) / total).toFixed(1)}%`);

/** Groups with more bins than this are summed up in one row, their missed bins listed. */
const LISTED_PER_GROUP = 12;

/** The bins table: one row per bin (large groups summed up), hits or why a bin cannot be hit. */
export function formatFunctionalCoverage(c: FunctionalCoverage): string {
  const t = new Table({
    head: ["group", "bin", "hits", "status"],
    chars: COMPACT,
    style: { head: [], border: [] },
    colAligns: ["left", "left", "right", "left"],
  });
  const groups = new Map<string, BinResult[]>();
  for (const b of c.bins) groups.set(b.group, [...(groups.get(b.group) ?? []), b]);
  for (const bins of groups.values()) {
    const title = groupTitle(bins[0].group);
    const reasons = new Set(bins.map((b) => b.reason));
    if (bins.length > 1 && bins.every((b) => b.status === "unreachable") && reasons.size === 1) {
      t.push([title, `${bins.length} bins (${bins[0].label} ...)`, "-", `unreachable: ${bins[0].reason}`]);
      continue;
    }
    const rows = bins.length > LISTED_PER_GROUP ? bins.filter((b) => b.status === "missed") : bins;
    if (bins.length > LISTED_PER_GROUP) {
      const hit = bins.filter((b) => b.status === "hit");
      const least = hit.length ? Math.min(...hit.map((b) => b.hits)) : 0;
      t.push([title, `${bins.length} bins (${bins[0].label} ...)`, hit.length ? `>= ${int(least)}` : "0", `${hit.length} of ${bins.length} hit`]);
    }
    for (const b of rows)
      t.push([
        bins.length > LISTED_PER_GROUP ? "" : title,
        b.label,
        b.status === "unreachable" ? "-" : int(b.hits),
        b.status === "unreachable" ? `unreachable: ${b.reason}` : b.status,
      ]);
  }
  return `${t.toString()}\n`;
}

/** The per-module code-coverage table with the total. */
export function formatCodeCoverage(c: CodeCoverage): string {
  const t = new Table({
    head: ["module", "lines hit / total", "", "toggles hit / total", ""],
    chars: COMPACT,
    style: { head: [], border: [] },
    colAligns: ["left", "right", "right", "right", "right"],
  });
  for (const m of c.modules)
    t.push([
      m.module,
      `${int(m.lines.hit)} / ${int(m.lines.total)}`,
      pct(m.lines.hit, m.lines.total),
      `${int(m.toggles.hit)} / ${int(m.toggles.total)}`,
      pct(m.toggles.hit, m.toggles.total),
    ]);
  const s = c.total;
  t.push([
    "all modules",
    `${int(s.lines.hit)} / ${int(s.lines.total)}`,
    pct(s.lines.hit, s.lines.total),
    `${int(s.toggles.hit)} / ${int(s.toggles.total)}`,
    pct(s.toggles.hit, s.toggles.total),
  ]);
  return `${t.toString()}\n`;
}
