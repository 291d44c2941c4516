import { paramNames } from "./params.js";
import type { PointAccuracy, PointResult } from "./result.js";

const totalColumns = [
  "physicalCrossbars", "denseCrossbars", "ratioToDense", "cells", "sqnrQuantDb", "sqnrMappedDb", "inputCycles",
  "rowMapBits", "areaMm2", "energyNj", "latencyNs",
] as const;

function cell(v: unknown): string {
  if (v === undefined || v === null) return "";
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The accuracy columns (`--accuracy`): the face-api networks' crossbars and answers under the point's mapping. */
const accuracyColumns: ReadonlyArray<readonly [string, (a: PointAccuracy) => unknown]> = [
  ["accCrossbars", (a) => a.crossbars],
  ["accDenseCrossbars", (a) => a.denseCrossbars],
  ["accWeightSqnrDb", (a) => a.weightSqnrDb],
  ["accFaces", (a) => a.detection.faces],
  ["accFloatFaces", (a) => a.detection.floatFaces],
  ["accMatchedFaces", (a) => a.detection.matched],
  ["accIouMean", (a) => a.detection.meanIou],
  ["accCosMean", (a) => a.recognition.meanCosine],
  ["accCosMin", (a) => a.recognition.minCosine],
  ["accFlipped", (a) => a.recognition.flipped],
  ["accPairs", (a) => a.recognition.pairs],
  ["accRecCosMean", (a) => a.recognizer?.meanCosine],
  ["accRecCosMin", (a) => a.recognizer?.minCosine],
  ["accRecFlipped", (a) => a.recognizer?.flipped],
  ["accRecPairs", (a) => a.recognizer?.pairs],
  ["accDetectorNjPerPhoto", (a) => a.networks.detector?.energyNj],
  ["accRecognizerNjPerFace", (a) => a.networks.recognizer?.energyNj],
];

/** One row per point: model, parameters, resolved ADC bits, totals, RTL figures and, with `--accuracy`, the accuracy columns. */
export function resultsToCsv(results: readonly PointResult[]): string {
  const accuracy = results.some((r) => r.accuracy !== undefined) ? accuracyColumns : [];
  const header = ["model", "layer", "cost", ...paramNames, "adcBitsResolved", ...totalColumns, "yosysCells", "vectorsPerSecond", "rtlError", ...accuracy.map(([name]) => name)];
  const rows = results.map((r) => [
    r.model, r.layer ?? "", r.cost, ...paramNames.map((k) => r.point[k]), r.adcBits,
    ...totalColumns.map((k) => r.totals[k]), r.rtl?.yosysCells, r.rtl?.vectorsPerSecond, r.rtl?.error,
    ...accuracy.map(([, value]) => (r.accuracy ? value(r.accuracy) : undefined)),
  ].map(cell).join(","));
  return `${[header.join(","), ...rows].join("\n")}\n`;
}

/** One row per layer per point, for per-layer plots in other tools. */
export function layersToCsv(results: readonly PointResult[]): string {
  const layerCols = ["name", "fanIn", "fanOut", "physicalCrossbars", "denseCrossbars", "cells", "sqnrQuantDb", "sqnrMappedDb", "inputCycles", "rowMapBits", "areaMm2", "energyNj", "latencyNs"] as const;
  const header = ["model", "cost", ...paramNames, ...layerCols.map((c) => (c === "name" ? "layerName" : c))];
  const rows = results.flatMap((r) => r.layers.map((l) => [r.model, r.cost, ...paramNames.map((k) => r.point[k]), ...layerCols.map((c) => l[c])].map(cell).join(",")));
  return `${[header.join(","), ...rows].join("\n")}\n`;
}
