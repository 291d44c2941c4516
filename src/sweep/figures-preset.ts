import type { RawSpec } from "./spec.js";

/**
 * The three paper figures (issue "Parameter sweeps"), as sweep grids over a model: the paper's Fig. 8 (INT8 dense
 * -> bit-sliced -> squeezed by 1, 2, 3 bits at 128x128, S = 3), Fig. 9 (the window S = 1..8) and the tile size
 * sweep (R = C = 32..256); and the budget mode's crossbars against its SQNR target (18..26 dB over the model
 * and over each layer) next to the uniform squeeze and squeeze-min points.
 */
export const paperFigures: ReadonlyArray<{ readonly id: string; readonly title: string; readonly grid: RawSpec }> = [
  { id: "fig8-modes", title: "Crossbars per mapping mode (paper Fig. 8 style)", grid: { mode: "dense,bitslice,squeeze", squeeze: "1..3" } },
  { id: "fig9-window", title: "Window S sweep (paper Fig. 9 style)", grid: { window: "1..8", mode: "dense,bitslice,squeeze,remap", squeeze: 3 } },
  { id: "tile-size", title: "Tile size sweep, R = C", grid: { rows: "32..256*2", cols: "R", mode: "dense,bitslice,squeeze,squeeze-min,remap", squeeze: 3 } },
  {
    id: "budget-curve",
    title: "Budget mapping: crossbars against the SQNR target, next to the uniform squeezes",
    grid: { mode: "dense,squeeze,squeeze-min,remap,budget", squeeze: "1..3", targetSqnr: "18..26", budgetScope: "model,layer" },
  },
];

/** The real networks of the paper figures: the face-api ResNet-34-style recognizer and SSD MobileNet v1. */
export const paperModels: readonly string[] = ["resnet", "mobilenet"];
