import type { TopLevelSpec } from "vega-lite";
import type { PointAccuracy, PointResult } from "../sweep/result.js";
import { chartConfig, finite, sortByMapping } from "./charts.js";

/** The accuracy figures a report plots, each a value of a point's `accuracy` (null where there is none). */
export const accuracyMetrics = {
  recognizerCosine: {
    title: "Recognizer cosine to float (mean over faces)",
    value: (a: PointAccuracy): number | null => a.recognizer?.meanCosine ?? null,
  },
  facesFound: {
    title: "Float faces still found (share)",
    value: (a: PointAccuracy): number | null => (a.detection.floatFaces > 0 ? a.detection.matched / a.detection.floatFaces : null),
  },
} as const;
export type AccuracyMetric = keyof typeof accuracyMetrics;

/**
 * The paper's claim as a picture, for a sweep with `--accuracy`: crossbars of the mapped face-api networks against
 * how close the mapped recognizer's embeddings stay to the float ones (left) and against the share of the float
 * run's faces the mapped detector still finds (right), one colour per series (mapping mode and any other swept
 * parameter).
 */
export function accuracyVsCrossbarsChart(results: readonly PointResult[], seriesOf: (r: PointResult) => string, title: string): TopLevelSpec {
  const withAccuracy = sortByMapping(results).filter((r) => r.accuracy?.crossbars != null);
  const series = [...new Set(withAccuracy.map(seriesOf))];
  const panel = (metric: AccuracyMetric) => ({
    width: 380,
    height: 280,
    data: {
      values: withAccuracy
        .map((r) => ({ crossbars: r.accuracy!.crossbars, value: finite(accuracyMetrics[metric].value(r.accuracy!)), series: seriesOf(r) }))
        .filter((v) => v.value !== null),
    },
    mark: { type: "point", filled: true, size: 90, tooltip: true },
    encoding: {
      x: { field: "crossbars", type: "quantitative", title: "Crossbars of the mapped networks (count)", scale: { zero: false } },
      y: { field: "value", type: "quantitative", title: accuracyMetrics[metric].title, scale: { zero: false } },
      color: { field: "series", type: "nominal", sort: series, title: "Mapping" },
      shape: { field: "series", type: "nominal", sort: series, legend: null },
    },
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: { text: title, subtitle: `${describeRun(withAccuracy[0]?.accuracy)}; against the float networks` },
    config: chartConfig,
    hconcat: [panel("recognizerCosine"), panel("facesFound")],
  } as TopLevelSpec;
}

function describeRun(a: PointAccuracy | undefined): string {
  if (!a) return "no accuracy results";
  return `face-api on ${a.photos} photo(s) (${a.detection.floatFaces} faces in the float run), ${a.activations} activations, mapped: ${a.mapped.join(", ")}`;
}
