import type { PointTotals } from "../sweep/result.js";

/** Figures a report can plot, with axis titles that carry their units. */
export type MetricName = keyof PointTotals;

export const metricTitles: Readonly<Record<MetricName, string>> = {
  physicalCrossbars: "Physical crossbars (count)",
  denseCrossbars: "INT-N dense crossbars (count)",
  ratioToDense: "Crossbars / INT-N dense (ratio)",
  cells: "ReRAM cells (count)",
  sqnrQuantDb: "Weight SQNR, quantized (dB)",
  sqnrMappedDb: "Weight SQNR after mapping (dB)",
  inputCycles: "Input cycles per VMM (count)",
  rowMapBits: "Row-map storage (bits)",
  areaMm2: "Estimated area (mm²)",
  energyNj: "Estimated energy per VMM pass (nJ)",
  latencyNs: "Estimated latency per VMM pass (ns)",
};

export const paramTitles: Readonly<Record<string, string>> = {
  rows: "Crossbar rows R (cells)",
  cols: "Crossbar columns C (cells)",
  weightBits: "Weight bits N",
  window: "Window S (bits)",
  squeeze: "Squeezed bits D",
  actBits: "Activation bits A",
  dacBits: "DAC bits per cycle",
  ouRows: "Rows per OU group",
  adcBits: "ADC bits",
  scale: "Scale mode",
};
