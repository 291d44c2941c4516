import { estimateCost } from "../cost/estimate.js";
import type { ComponentTable } from "../cost/table.js";
import type { ModeMetrics } from "../sme/metrics.js";
import type { TileParams } from "../sme/params.js";
import type { LayerKind } from "./layer-probe.js";

/** One mapped layer as one inference drives it. */
export interface LayerWorkload {
  readonly name: string;
  readonly kind: LayerKind;
  /** Tile input vectors of one inference (im2col rows; depthwise: output positions x columns). */
  readonly vectorsPerInference: number;
  /** Inputs that can be negative go through the tiles twice (positive and negative part). */
  readonly signed: boolean;
  readonly tileCols: number;
  /** The golden model's figures of the layer in the run's mode (crossbars, input cycles, row-map bits). */
  readonly metrics: ModeMetrics;
}

export interface LayerCost {
  readonly name: string;
  /** VMM passes of one inference: vectors, doubled for a signed input. */
  readonly passes: number;
  readonly energyNj: number;
  readonly latencyNs: number;
}

export interface InferenceCost {
  readonly passes: number;
  readonly energyNj: number;
  readonly latencyNs: number;
  readonly layers: readonly LayerCost[];
}

/**
 * Energy and latency of one inference: each layer's cost per VMM pass (`estimateCost`, every crossbar of the
 * layer read `T * R/ouRows` times) times the passes an inference makes. A depthwise vector only meets the
 * crossbars of its own column's tile, so it costs the layer's pass divided by the tile columns (the average
 * over them). Layers run one after another, and so do the passes of a layer.
 */
export function inferenceCost(table: ComponentTable, p: TileParams, layers: readonly LayerWorkload[]): InferenceCost {
  const out: LayerCost[] = [];
  for (const l of layers) {
    const pass = estimateCost(table, {
      rows: p.rows,
      cols: p.cols,
      physicalCrossbars: l.metrics.crossbars,
      inputCycles: l.metrics.inputCycles,
      ouRows: p.ouRows,
      dacBits: p.dacBits,
      adcBits: p.adcBits,
      rowMapBits: l.metrics.rowMapBits,
    });
    const passes = l.vectorsPerInference * (l.signed ? 2 : 1);
    const share = l.kind === "depthwise" ? 1 / l.tileCols : 1;
    out.push({ name: l.name, passes, energyNj: passes * pass.energyNj.total * share, latencyNs: passes * pass.latencyNs });
  }
  return {
    passes: out.reduce((s, l) => s + l.passes, 0),
    energyNj: out.reduce((s, l) => s + l.energyNj, 0),
    latencyNs: out.reduce((s, l) => s + l.latencyNs, 0),
    layers: out,
  };
}
