import { sqnrFromSums, type MappingPlan, type QuantizedMatrix, type WeightMatrix } from "../../sme/index.js";

/** Weight SQNR of one tile: of the quantized codes and of what the crossbars hold (squeeze modes drop bits). */
export interface TileSqnr {
  readonly quantizedDb: number;
  readonly mappedDb: number;
}

/**
 * design.md §2.4 SQNR restricted to the tile the design holds: `10 log10(sum w^2 / sum (w - s*q*delta)^2)` over
 * the tile's weights (the zero padding beyond the matrix edge contributes nothing).
 */
export function tileSqnr(w: WeightMatrix, q: QuantizedMatrix, plan: MappingPlan, tileRow: number, tileCol: number): TileSqnr {
  const R = plan.rows;
  const C = plan.cols;
  let signal = 0;
  let quantErr = 0;
  let mappedErr = 0;
  for (let i = 0; i < R; i++) {
    const gi = tileRow * R + i;
    if (gi >= w.rows) break;
    for (let j = 0; j < C; j++) {
      const gj = tileCol * C + j;
      if (gj >= w.cols) break;
      const v = w.data[gi * w.cols + gj];
      const d = q.delta[gj];
      signal += v * v;
      quantErr += (v - q.codes[gi * w.cols + gj] * d) ** 2;
      mappedErr += (v - plan.mappedCodes[i * C + j] * d) ** 2;
    }
  }
  return { quantizedDb: sqnrFromSums(signal, quantErr), mappedDb: sqnrFromSums(signal, mappedErr) };
}
