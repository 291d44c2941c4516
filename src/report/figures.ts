import type { TopLevelSpec } from "vega-lite";
import { modeLabel } from "../params/index.js";
import { type ParamName, paramNames } from "../sweep/params.js";
import type { PointResult } from "../sweep/result.js";
import { accuracyMetrics, accuracyVsCrossbarsChart, type AccuracyMetric } from "./accuracy-charts.js";
import {
  budgetCurveChart,
  costBreakdownChart,
  crossbarsByModeChart,
  crossbarsPerLayerChart,
  mappingOrder,
  metricLineChart,
  sqnrPerLayerChart,
  valueLineChart,
} from "./charts.js";
import { metricTitles, paramTitles, type MetricName } from "./metrics.js";

export interface Figure {
  /** File stem, e.g. `resnet-crossbars-vs-window`. */
  readonly id: string;
  readonly title: string;
  readonly spec: TopLevelSpec;
}

/**
 * The parameters that vary independently in a set of results, in grid order. Mode, D and the budget's keys
 * form the series; a parameter that is a function of an earlier varying one (cols = R, ouRows = R) is not an
 * axis of its own.
 */
export function sweptParameters(results: readonly PointResult[]): ParamName[] {
  const out: ParamName[] = [];
  for (const name of paramNames) {
    if (SERIES_KEYS.includes(name)) continue;
    const values = new Set(results.map((r) => String(r.point[name])));
    if (values.size < 2) continue;
    const dependent = out.some((earlier) => {
      const seen = new Map<string, string>();
      return results.every((r) => {
        const k = String(r.point[earlier]);
        const v = String(r.point[name]);
        if (!seen.has(k)) seen.set(k, v);
        return seen.get(k) === v;
      });
    });
    if (!dependent) out.push(name);
  }
  return out;
}

/** The keys that name a mapping (its series in a figure), not an axis. */
const SERIES_KEYS: readonly ParamName[] = ["mode", "squeeze", "targetSqnr", "budgetScope", "minLayerSqnr"];

/** More mappings than this make per-layer bars unreadable: the totals say it better. */
const MAX_PER_LAYER_MAPPINGS = 8;

const lineMetrics: readonly MetricName[] = ["physicalCrossbars", "sqnrMappedDb", "areaMm2", "energyNj"];
const short: Readonly<Partial<Record<ParamName, string>>> = {
  rows: "R",
  cols: "C",
  weightBits: "N",
  window: "S",
  actBits: "A",
  dacBits: "dac",
  ouRows: "OU",
  adcBits: "ADC",
  scale: "scale",
};

/**
 * Chooses the figures a results file supports: with no swept parameter besides the mapping, the paper's
 * Fig. 8 (crossbars per mode, in total and per layer, with SQNR); otherwise, for each swept parameter, its
 * Fig. 9 / tile-size style lines of crossbars, SQNR, area and energy, one line per mapping mode. Budget points
 * at two or more targets add crossbars against weight SQNR, next to the uniform squeeze points. Results with
 * accuracy columns (`sme sweep --accuracy`) add the face-api networks' crossbars against their answers and, per
 * swept parameter, the answers against it.
 */
export function chooseFigures(results: readonly PointResult[], modelLabel: string, idPrefix: string): Figure[] {
  const figures = [...modelFigures(results, modelLabel, idPrefix)];
  if (results.some((r) => r.accuracy !== undefined)) figures.push(...accuracyFigures(results, idPrefix));
  return figures;
}

/** The series a point belongs to in line charts: its mapping, and the values of the other swept parameters. */
function seriesFor(swept: readonly ParamName[], x: ParamName | null): (r: PointResult) => string {
  const others = swept.filter((p) => p !== x);
  return (r) => [modeLabel(r.point), ...others.map((o) => `${short[o] ?? o}=${r.point[o]}`)].join(", ");
}

function accuracyFigures(results: readonly PointResult[], idPrefix: string): Figure[] {
  const measured = results.filter((r) => r.accuracy !== undefined);
  const swept = sweptParameters(measured);
  const title = "face-api networks under SME mapping: crossbars against agreement with float";
  const figures: Figure[] = [{ id: `${idPrefix}accuracy-vs-crossbars`, title, spec: accuracyVsCrossbarsChart(measured, seriesFor(swept, null), title) }];
  for (const x of swept) {
    for (const metric of Object.keys(accuracyMetrics) as AccuracyMetric[]) {
      const m = accuracyMetrics[metric];
      const t = `${m.title.replace(/ \(.*\)$/, "")} vs ${paramTitles[x]?.replace(/ \(.*\)$/, "") ?? x}`;
      const spec = valueLineChart(measured, x, (r) => m.value(r.accuracy!), { title: m.title, zero: false }, seriesFor(swept, x), t);
      figures.push({ id: `${idPrefix}${metric}-vs-${x}`, title: t, spec });
    }
  }
  return figures;
}

function modelFigures(results: readonly PointResult[], modelLabel: string, idPrefix: string): Figure[] {
  if (results.length === 0) return [];
  const swept = sweptParameters(results);
  const figures: Figure[] = [];
  const budgetTargets = new Set(results.filter((r) => r.point.mode === "budget").map((r) => r.point.targetSqnr));
  if (swept.length === 0 && budgetTargets.size >= 2) {
    const title = `Crossbars against weight SQNR: budget targets and uniform squeezes — ${modelLabel}`;
    figures.push({ id: `${idPrefix}budget-crossbars-vs-sqnr`, title, spec: budgetCurveChart(results, title) });
  }
  if (swept.length === 0) {
    figures.push({
      id: `${idPrefix}crossbars-by-mode`,
      title: `Crossbars per mapping mode, ${modelLabel}`,
      spec: crossbarsByModeChart(results, `Crossbars per mapping mode — ${modelLabel}`),
    });
    if ((results[0]?.layers.length ?? 0) > 1 && mappingOrder(results).length <= MAX_PER_LAYER_MAPPINGS) {
      figures.push({
        id: `${idPrefix}crossbars-per-layer`,
        title: `Crossbars per layer, ${modelLabel}`,
        spec: crossbarsPerLayerChart(results, `Crossbars per layer — ${modelLabel}`),
      });
      figures.push({
        id: `${idPrefix}sqnr-per-layer`,
        title: `Weight SQNR per layer, ${modelLabel}`,
        spec: sqnrPerLayerChart(results, `Weight SQNR after mapping per layer — ${modelLabel}`),
      });
    }
    if (results.every((r) => r.costBreakdown)) {
      figures.push({
        id: `${idPrefix}area-by-component`,
        title: `Estimated area by component, ${modelLabel}`,
        spec: costBreakdownChart(results, "areaMm2", `Estimated area by component — ${modelLabel} (${results[0]!.cost})`),
      });
      figures.push({
        id: `${idPrefix}energy-by-component`,
        title: `Estimated energy by component, ${modelLabel}`,
        spec: costBreakdownChart(results, "energyNj", `Estimated energy per VMM pass by component — ${modelLabel} (${results[0]!.cost})`),
      });
    }
    return figures;
  }
  for (const x of swept) {
    const seriesOf = seriesFor(swept, x);
    for (const metric of lineMetrics) {
      const title = `${metricTitles[metric].replace(/ \(.*\)$/, "")} vs ${paramTitles[x]?.replace(/ \(.*\)$/, "") ?? x} — ${modelLabel}`;
      const spec = metricLineChart(results, x, metric, seriesOf, title);
      if (metric === "sqnrMappedDb") {
        (spec as { title: unknown }).title = { text: title, subtitle: "dense, bitslice and remap are lossless: their lines coincide" };
      }
      figures.push({ id: `${idPrefix}${metric}-vs-${x}`, title, spec });
    }
    // `sweep --rtl --target`: the tiles' FPGA LUTs and Fmax beside the crossbar counts.
    const fpga = results.find((r) => r.rtl?.fpga)?.rtl?.fpga;
    if (fpga) {
      const on = `${fpga.target}${fpga.device ? ` ${fpga.device}` : ""}`;
      const extra = [
        { id: "luts", title: `FPGA LUTs (${on}, tile in its AXI4-Stream shell)`, of: (r: PointResult) => r.rtl?.fpga?.luts },
        ...(fpga.target === "ice40" ? [{ id: "fmax", title: `Fmax after place and route (MHz, ${on})`, of: (r: PointResult) => r.rtl?.fpga?.fmaxMhz }] : []),
      ];
      for (const e of extra) {
        const title = `${e.title.replace(/ \(.*\)$/, "")} vs ${paramTitles[x]?.replace(/ \(.*\)$/, "") ?? x} — ${modelLabel}`;
        figures.push({ id: `${idPrefix}${e.id}-vs-${x}`, title, spec: metricLineChart(results, x, "physicalCrossbars", seriesOf, title, e) });
      }
    }
  }
  return figures;
}
