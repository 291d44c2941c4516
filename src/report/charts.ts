import type { TopLevelSpec } from "vega-lite";
import { BUDGET_SCOPES, MAPPING_MODES, modeLabel } from "../params/index.js";
import type { ParamName } from "../sweep/params.js";
import type { PointResult } from "../sweep/result.js";
import { type MetricName, metricTitles, paramTitles } from "./metrics.js";

/** Look shared by every chart: readable fonts, white background, no chart border clutter. */
const config = {
  font: "DejaVu Sans",
  background: "white",
  axis: { labelFontSize: 12, titleFontSize: 13, labelLimit: 220 },
  legend: { labelFontSize: 12, titleFontSize: 13, labelLimit: 260 },
  title: { fontSize: 15, anchor: "start" as const },
};

export { config as chartConfig };

/** Mapping labels in the paper's order: dense, bit-sliced, squeezed by increasing D, squeeze-min, remap. */
export function mappingOrder(results: readonly PointResult[]): string[] {
  return [...new Set(sortByMapping(results).map((r) => modeLabel(r.point)))];
}

/**
 * Results sorted by mapping in the paper's order (stable within a mapping); budget points by scope, then floor
 * (none first), then target.
 */
export function sortByMapping(results: readonly PointResult[]): PointResult[] {
  const rank = (r: PointResult): number[] => [
    MAPPING_MODES.indexOf(r.point.mode),
    r.point.squeeze,
    r.point.budgetScope ? BUDGET_SCOPES.indexOf(r.point.budgetScope) : -1,
    r.point.minLayerSqnr ?? Number.NEGATIVE_INFINITY,
    r.point.targetSqnr ?? 0,
  ];
  const byRank = (a: number[], b: number[]): number => a.reduce((d, x, i) => d || x - b[i]!, 0);
  return [...results].sort((a, b) => byRank(rank(a), rank(b)));
}

/** A finite number or null: JSON turns an infinite SQNR (no error at all) into null, and Vega must skip it. */
export function finite(v: number | null): number | null {
  return v === null || !Number.isFinite(v) ? null : v;
}

/**
 * The paper's Fig. 8 in total: physical crossbars per mapping mode (bars), each bar labelled with its crossbar
 * count, its ratio to dense and the weight SQNR after mapping.
 */
export function crossbarsByModeChart(results: readonly PointResult[], title: string): TopLevelSpec {
  const order = mappingOrder(results);
  const values = results.map((r) => ({
    mapping: modeLabel(r.point),
    crossbars: r.totals.physicalCrossbars,
    label: `${r.totals.physicalCrossbars} (${r.totals.ratioToDense.toFixed(2)}x dense), SQNR ${fmtDb(r.totals.sqnrMappedDb)}`,
  }));
  const maxCrossbars = Math.max(1, ...values.map((v) => v.crossbars));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title,
    width: 520,
    height: 300,
    config,
    data: { values },
    encoding: {
      y: { field: "mapping", type: "nominal", sort: order, title: "Mapping mode" },
      // Room right of the longest bar for its label.
      x: { field: "crossbars", type: "quantitative", title: metricTitles.physicalCrossbars, scale: { domain: [0, 1.8 * maxCrossbars] } },
    },
    layer: [
      // The y axis names each bar, so a colour legend would only repeat it.
      { mark: { type: "bar" }, encoding: { color: { field: "mapping", type: "nominal", sort: order, legend: null } } },
      { mark: { type: "text", align: "left", dx: 4, fontSize: 12 }, encoding: { text: { field: "label" } } },
    ],
  } as TopLevelSpec;
}

/** Fig. 8 per layer: grouped bars of physical crossbars per layer and mapping mode. */
export function crossbarsPerLayerChart(results: readonly PointResult[], title: string): TopLevelSpec {
  const order = mappingOrder(results);
  const layerOrder = results[0]?.layers.map((l) => shortLayerName(l.name)) ?? [];
  const values = results.flatMap((r) =>
    r.layers.map((l) => ({ layer: shortLayerName(l.name), mapping: modeLabel(r.point), crossbars: l.physicalCrossbars, sqnr: finite(l.sqnrMappedDb) })),
  );
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title,
    width: Math.max(500, layerOrder.length * order.length * 5),
    height: 300,
    config,
    data: { values },
    mark: { type: "bar", tooltip: true },
    encoding: {
      x: { field: "layer", type: "nominal", sort: layerOrder, title: "Layer (kernel tensor)", axis: { labelAngle: -60, labelFontSize: 10, labelLimit: 320 } },
      xOffset: { field: "mapping", type: "nominal", sort: order },
      y: { field: "crossbars", type: "quantitative", title: metricTitles.physicalCrossbars },
      color: { field: "mapping", type: "nominal", sort: order, title: "Mapping mode" },
    },
  } as TopLevelSpec;
}

/**
 * A metric against one swept parameter, one line per series (mapping mode, plus any other swept parameters).
 * Tile sizes are powers of two, so R, C and ouRows get a log2 axis.
 */
export function metricLineChart(
  results: readonly PointResult[],
  x: ParamName,
  metric: MetricName,
  seriesOf: (r: PointResult) => string,
  title: string,
  /** Another figure of a point than its totals (FPGA LUTs, Fmax), with its axis title. */
  other?: { readonly title: string; readonly of: (r: PointResult) => number | null | undefined },
): TopLevelSpec {
  if (other) return valueLineChart(results, x, other.of, { title: other.title, zero: true }, seriesOf, title);
  const zero = metric !== "sqnrMappedDb" && metric !== "sqnrQuantDb";
  return valueLineChart(results, x, (r) => r.totals[metric], { title: metricTitles[metric], zero }, seriesOf, title);
}

/** A value of each result against one swept parameter, one line per series; results without a value are left out. */
export function valueLineChart(
  results: readonly PointResult[],
  x: ParamName,
  yOf: (r: PointResult) => number | null | undefined,
  y: { readonly title: string; readonly zero: boolean },
  seriesOf: (r: PointResult) => string,
  title: string,
): TopLevelSpec {
  const values = results.map((r) => ({ x: Number(r.point[x]), series: seriesOf(r), y: finite(yOf(r) ?? null) }));
  const log2 = x === "rows" || x === "cols" || x === "ouRows";
  const xs = [...new Set(values.map((v) => v.x))].sort((a, b) => a - b);
  const seriesOrder = [...new Set(sortByMapping(results).map(seriesOf))];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title,
    width: 420,
    height: 260,
    config,
    data: { values: values.filter((v) => v.y !== null) },
    // Lossless modes share the same SQNR and their lines coincide: dashes and point shapes keep each visible.
    mark: { type: "line", point: { size: 60, filled: true }, tooltip: true },
    encoding: {
      strokeDash: { field: "series", type: "nominal", sort: seriesOrder, legend: null },
      shape: { field: "series", type: "nominal", sort: seriesOrder, legend: null },
      x: {
        field: "x",
        type: "quantitative",
        title: paramTitles[x] ?? x,
        scale: log2 ? { type: "log", base: 2 } : { zero: false },
        axis: { values: xs, format: "d" },
      },
      y: { field: "y", type: "quantitative", title: y.title, scale: { zero: y.zero } },
      color: { field: "series", type: "nominal", sort: seriesOrder, title: "Mapping mode" },
    },
  } as TopLevelSpec;
}

/** `MobilenetV1/Conv2d_13_pointwise/weights` -> `MobilenetV1/Conv2d_13_pointwise`: the tensor suffix says nothing. */
export function shortLayerName(name: string): string {
  return name.replace(/\/(conv\/)?(filters|weights|kernel|depthwise_weights)$/i, "") || name;
}

export function fmtDb(v: number | null): string {
  return v === null || !Number.isFinite(v) ? "lossless" : `${v.toFixed(1)} dB`;
}

const componentLabels: Readonly<Record<string, string>> = {
  crossbarArray: "ReRAM arrays",
  dac: "DACs",
  sampleHold: "sample & hold",
  adc: "ADCs",
  mux: "MUX",
  shiftAdd: "shift & add",
  register: "row-map registers",
};

/** Where the estimated area or energy goes: one stacked bar per mapping mode, one colour per component. */
export function costBreakdownChart(results: readonly PointResult[], what: "areaMm2" | "energyNj", title: string): TopLevelSpec {
  const order = mappingOrder(results);
  const components = Object.keys(componentLabels);
  const values = results.flatMap((r) =>
    Object.entries(r.costBreakdown?.[what] ?? {}).map(([component, value]) => ({
      mapping: modeLabel(r.point),
      component: componentLabels[component] ?? component,
      rank: components.indexOf(component),
      value,
    })),
  );
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title,
    width: 520,
    height: 260,
    config,
    data: { values },
    mark: { type: "bar", tooltip: true },
    encoding: {
      y: { field: "mapping", type: "nominal", sort: order, title: "Mapping mode" },
      x: { field: "value", type: "quantitative", stack: "zero", title: what === "areaMm2" ? metricTitles.areaMm2 : metricTitles.energyNj },
      color: { field: "component", type: "nominal", title: "Component", sort: components.map((c) => componentLabels[c]) },
      order: { field: "rank", type: "quantitative" },
    },
  } as TopLevelSpec;
}

/** Fig. 8's companion: weight SQNR after mapping per layer and mapping mode (lossless modes share a mark). */
export function sqnrPerLayerChart(results: readonly PointResult[], title: string): TopLevelSpec {
  const order = mappingOrder(results);
  const layerOrder = results[0]?.layers.map((l) => shortLayerName(l.name)) ?? [];
  const values = results.flatMap((r) =>
    r.layers.map((l) => ({ layer: shortLayerName(l.name), mapping: modeLabel(r.point), sqnr: finite(l.sqnrMappedDb) })).filter((v) => v.sqnr !== null),
  );
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: { text: title, subtitle: "modes that drop no bits (dense, bitslice, remap) share the top marks" },
    width: Math.max(500, layerOrder.length * 18),
    height: 260,
    config,
    data: { values },
    mark: { type: "point", filled: true, size: 60, tooltip: true },
    encoding: {
      x: { field: "layer", type: "nominal", sort: layerOrder, title: "Layer (kernel tensor)", axis: { labelAngle: -60, labelFontSize: 10, labelLimit: 320 } },
      y: { field: "sqnr", type: "quantitative", title: metricTitles.sqnrMappedDb, scale: { zero: false } },
      color: { field: "mapping", type: "nominal", sort: order, title: "Mapping mode" },
      shape: { field: "mapping", type: "nominal", sort: order, legend: null },
    },
  } as TopLevelSpec;
}

/**
 * The budget mode against the uniform squeezes: physical crossbars against the weight SQNR after mapping, one
 * line per budget setting (scope and floor) through its targets, and the squeeze, squeeze-min and lossless
 * points (labelled with their D) beside them. Further down and to the right is better.
 */
export function budgetCurveChart(results: readonly PointResult[], title: string): TopLevelSpec {
  const sorted = sortByMapping(results);
  const seriesOf = (r: PointResult): string => {
    const { mode, budgetScope: scope, minLayerSqnr: floor } = r.point;
    if (mode !== "budget") return mode;
    return `budget over ${!scope || scope === "model" ? "the model" : `each ${scope}`}${floor === null || floor === undefined ? "" : `, layers >= ${floor} dB`}`;
  };
  const values = sorted
    .map((r) => ({
      series: seriesOf(r),
      sqnr: finite(r.totals.sqnrMappedDb),
      crossbars: r.totals.physicalCrossbars,
      target: r.point.targetSqnr,
      label: r.point.mode === "budget" ? `${r.point.targetSqnr}` : isLabelled(r) ? `D=${r.point.squeeze}` : "",
      mapping: modeLabel(r.point),
    }))
    .filter((v) => v.sqnr !== null);
  const seriesOrder = [...new Set(values.map((v) => v.series))];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: { text: title, subtitle: "budget lines through their targets (dB, labels); squeeze points labelled with D; lower right is better" },
    width: 520,
    height: 320,
    config,
    data: { values },
    encoding: {
      x: { field: "sqnr", type: "quantitative", title: metricTitles.sqnrMappedDb, scale: { zero: false } },
      y: { field: "crossbars", type: "quantitative", title: metricTitles.physicalCrossbars, scale: { zero: false } },
      color: { field: "series", type: "nominal", sort: seriesOrder, title: "Mapping" },
    },
    layer: [
      {
        transform: [{ filter: "datum.target !== null" }],
        mark: { type: "line", point: { size: 50, filled: true }, tooltip: true },
        encoding: { order: { field: "target", type: "quantitative" } },
      },
      {
        transform: [{ filter: "datum.target === null" }],
        mark: { type: "point", size: 90, filled: true, tooltip: true },
        encoding: { shape: { field: "series", type: "nominal", sort: seriesOrder, legend: null } },
      },
      { mark: { type: "text", align: "left", dx: 6, dy: -6, fontSize: 10 }, encoding: { text: { field: "label" } } },
    ],
  } as TopLevelSpec;
}

/** The squeeze modes' points carry their D; the lossless modes sit at the quantized SQNR without a label. */
function isLabelled(r: PointResult): boolean {
  return r.point.mode === "squeeze" || r.point.mode === "squeeze-min";
}
