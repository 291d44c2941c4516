import Table from "cli-table3";
import { isSqueezeMode, MAPPING_MODES, modeLabel, type MappingMode } from "../params/index.js";
import type { LayerMetrics, ModelMetrics, ModeMetrics } from "../sme/index.js";

/** SQNR for people: `inf` when there is no error. */
function db(v: number): string {
  return Number.isFinite(v) ? v.toFixed(2) : "inf";
}

/** A mode with the analysed D, or the budget's target. */
const labelOf = (m: ModelMetrics, mode: MappingMode): string => {
  const b = mode === "budget" ? m.budget?.params : undefined;
  return modeLabel({ mode, squeeze: m.params.squeeze, ...(b ? { targetSqnr: b.targetSqnrDb, budgetScope: b.scope, minLayerSqnr: b.minLayerSqnrDb } : {}) });
};

/** How many times fewer crossbars than dense: `2.15x`. */
const fewer = (x: ModeMetrics, dense: number): string => (x.crossbars === 0 ? "-" : `${(dense / x.crossbars).toFixed(2)}x`);

/** The budget mapping's own figures: what it reached, the worst layer, the bound on any choice of depths, the depths. */
function budgetSummary(m: ModelMetrics): string {
  const b = m.budget;
  if (!b) return "";
  const t = b.total;
  const dense = m.total.modes.dense!.crossbars;
  const floor = b.params.minLayerSqnrDb === null ? "" : `, every layer >= ${b.params.minLayerSqnrDb} dB`;
  const unmet =
    b.unmetTargets.length === 0
      ? "none"
      : `${b.unmetTargets.length} (each keeps its highest reachable SQNR): ${b.unmetTargets.slice(0, 6).join("; ")}${b.unmetTargets.length > 6 ? "; ..." : ""}`;
  return (
    `Budget mapping, target ${b.params.targetSqnrDb} dB over ${b.params.scope === "model" ? "the model" : `each ${b.params.scope}`}${floor}:\n` +
    `  crossbars ${t.crossbars} (${fewer(t, dense)} fewer than dense ${dense}), SQNR ${db(t.sqnrMappedDb)} dB, worst layer ${db(b.worstLayer.sqnrDb)} dB (${b.worstLayer.name})\n` +
    `  lower bound ${b.lowerBound} crossbars (no choice of depths meeting the targets uses fewer; gap ${t.crossbars - b.lowerBound})\n` +
    `  groups per depth D = 0..${b.depthHistogram.length - 1}: ${b.depthHistogram.join(" ")}; largest shift ${t.maxShift}, ${t.inputCycles} input cycles; targets not reachable: ${unmet}\n`
  );
}

/** The human report of `sme analyze`: per-layer figures of the selected mode, then every mode's totals. */
export function formatAnalysisTables(m: ModelMetrics): string {
  const mode = m.params.mode;
  const p = m.params;
  // No colours: the output is often piped or captured.
  const style = { head: [] as string[], border: [] as string[] };
  // No rule between body rows: one line per layer reads better for long models.
  const chars = { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" };
  const perLayer = new Table({
    head: ["layer", "kind", "fan-in x fan-out", "tiles", "dense", labelOf(m, mode), "ratio", "SQNR q (dB)", "SQNR map (dB)", "cycles", "row-map bits"],
    colAligns: ["left", "left", "right", "right", "right", "right", "right", "right", "right", "right", "right"],
    style,
    chars,
  });
  const row = (name: string, kind: string, shape: string, tiles: number, l: Pick<LayerMetrics, "sqnrQuantDb" | "modes">) => {
    const x = l.modes[mode];
    perLayer.push([
      name,
      kind,
      shape,
      tiles,
      l.modes.dense!.crossbars,
      x ? x.crossbars : "n/a",
      x ? x.ratioToDense.toFixed(3) : "n/a",
      db(l.sqnrQuantDb),
      x ? db(x.sqnrMappedDb) : "n/a",
      x ? x.inputCycles : "n/a",
      x ? x.rowMapBits : "n/a",
    ]);
  };
  for (const l of m.layers) row(l.name, l.kind, `${l.fanIn} x ${l.fanOut}`, l.tileRows * l.tileCols, l);
  row("TOTAL", "", `${m.total.weights} weights`, m.total.tiles, m.total);

  const modes = new Table({
    head: ["mode", "crossbars", "ratio to dense", "cells", "dropped cells", "SQNR map (dB)", "max shift", "cycles", "row-map bits"],
    colAligns: ["left", "right", "right", "right", "right", "right", "right", "right", "right"],
    style,
    chars,
  });
  for (const md of MAPPING_MODES) {
    const x: ModeMetrics | null = m.total.modes[md];
    if (!x) {
      const why = md === "budget" ? "planned with --mode budget" : `D not in 1..${p.weightBits - 1}`;
      modes.push([`${labelOf(m, md)} (n/a: ${why})`, ...Array<string>(8).fill("-")]);
      continue;
    }
    modes.push([labelOf(m, md), x.crossbars, x.ratioToDense.toFixed(3), x.cells, x.droppedCells, db(x.sqnrMappedDb), x.maxShift, x.inputCycles, x.rowMapBits]);
  }
  const frac = m.total.nonEmptyBitRowFraction.map((f, k) => `b${k} ${(100 * f).toFixed(1)}%`).join("  ");
  const head =
    `${m.source}: ${m.layers.length} layer(s), R x C = ${p.rows} x ${p.cols}, N = ${p.weightBits}, S = ${p.window}, A = ${p.actBits}, ` +
    `dacBits ${p.dacBits}, ouRows ${p.ouRows}, adcBits ${p.adcBits}, scale ${m.scale}`;
  return `${head}\n${perLayer.toString()}\nAll modes, whole model:\n${modes.toString()}\n${budgetSummary(m)}Non-empty bit-rows (LSB b0 .. MSB b${p.weightBits - 1}): ${frac}\n`;
}

function csvCell(v: string | number): string {
  const s = typeof v === "number" ? (Number.isFinite(v) ? String(v) : v > 0 ? "inf" : "-inf") : v;
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV of the selected mode: one line per layer and a TOTAL line. */
export function formatAnalysisCsv(m: ModelMetrics): string {
  const mode = m.params.mode;
  const header = [
    "layer",
    "kind",
    "fanIn",
    "fanOut",
    "tiles",
    "mode",
    "squeeze",
    "denseCrossbars",
    "crossbars",
    "ratioToDense",
    "cells",
    "droppedCells",
    "sqnrQuantDb",
    "sqnrMappedDb",
    "maxShift",
    "inputCycles",
    "rowMapBits",
  ];
  const lines = [header.join(",")];
  const push = (name: string, kind: string, fanIn: number | string, fanOut: number | string, tiles: number, l: Pick<LayerMetrics, "sqnrQuantDb" | "modes">) => {
    const x = l.modes[mode];
    const d = isSqueezeMode(mode) ? m.params.squeeze : 0;
    const vals: Array<string | number> = x
      ? [
          name,
          kind,
          fanIn,
          fanOut,
          tiles,
          mode,
          d,
          l.modes.dense!.crossbars,
          x.crossbars,
          x.ratioToDense,
          x.cells,
          x.droppedCells,
          l.sqnrQuantDb,
          x.sqnrMappedDb,
          x.maxShift,
          x.inputCycles,
          x.rowMapBits,
        ]
      : [name, kind, fanIn, fanOut, tiles, mode, d, l.modes.dense!.crossbars, "", "", "", "", l.sqnrQuantDb, "", "", "", ""];
    lines.push(vals.map(csvCell).join(","));
  };
  for (const l of m.layers) push(l.name, l.kind, l.fanIn, l.fanOut, l.tileRows * l.tileCols, l);
  push("TOTAL", "", "", "", m.total.tiles, m.total);
  return `${lines.join("\n")}\n`;
}

/** JSON text of the metrics; infinite SQNR (no error at all) becomes null. */
export function formatAnalysisJson(m: ModelMetrics): string {
  return JSON.stringify(m, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v));
}
