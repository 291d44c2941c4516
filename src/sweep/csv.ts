import { paramNames } from "./params.js";
import type { FpgaPointFigures, PointResult } from "./result.js";

const totalColumns = [
  "physicalCrossbars", "denseCrossbars", "ratioToDense", "cells", "sqnrQuantDb", "sqnrMappedDb", "inputCycles",
  "rowMapBits", "areaMm2", "energyNj", "latencyNs",
] as const;

function cell(v: unknown): string {
  if (v === undefined || v === null) return "";
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function fpgaCells(f: FpgaPointFigures | undefined): unknown[] {
  return f ? [f.target, f.device, f.luts, f.ffs, f.carry, f.bram, f.dsp, f.fmaxMhz, f.note] : new Array(9).fill(undefined);
}

/** One row per point: model, parameters, resolved ADC bits, totals and RTL figures. */
export function resultsToCsv(results: readonly PointResult[]): string {
  const header = ["model", "layer", "cost", ...paramNames, "adcBitsResolved", ...totalColumns, "yosysCells", "vectorsPerSecond", "rtlError", "fpgaTarget", "fpgaDevice", "luts", "ffs", "carry", "bram", "dsp", "fmaxMhz", "fpgaNote"];
  const rows = results.map((r) => [
    r.model, r.layer ?? "", r.cost, ...paramNames.map((k) => r.point[k]), r.adcBits,
    ...totalColumns.map((k) => r.totals[k]), r.rtl?.yosysCells, r.rtl?.vectorsPerSecond, r.rtl?.error,
    ...fpgaCells(r.rtl?.fpga),
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
