import { cellAt, type MappingPlan } from "./mapping.js";
import { digitCount } from "./params.js";
import type { TileModelParams } from "./tile-model.js";

/**
 * design.md §3 written out literally, one cell at a time: the oracle the fast model is tested against and the
 * baseline the benchmark compares with. Slow on purpose; do not use it in loops over many vectors.
 */
export function referenceTileModel(plan: MappingPlan, p: TileModelParams, x: ArrayLike<number>): Float64Array {
  const R = plan.rows;
  const C = plan.cols;
  const T = digitCount(p, plan.maxShift);
  const dmask = 2 ** p.dacBits - 1;
  const adcMax = 2 ** p.adcBits - 1;
  const y = new Float64Array(C);
  for (const xb of plan.crossbars) {
    for (let g = 0; g < R / p.ouRows; g++) {
      for (let t = 0; t < T; t++) {
        for (let j = 0; j < C; j++) {
          let count = 0;
          for (let r = g * p.ouRows; r < (g + 1) * p.ouRows; r++) {
            if (!xb.rowValid[r]) continue;
            const v = x[xb.rowSrc[r]] * 2 ** xb.rowShift[r];
            const digit = Math.floor(v / 2 ** (p.dacBits * t)) & dmask;
            count += digit * cellAt(plan, xb, r, j);
          }
          const adc = Math.min(count, adcMax);
          y[j] += xb.sign * adc * 2 ** (xb.base + p.dacBits * t);
        }
      }
    }
  }
  return y;
}
