import { UserError } from "../../util/errors.js";
import { mapTile, type MappingPlan, type MappingParams } from "../mapping.js";
import { popcount32, squeezeShifts } from "../squeeze.js";
import { rowOccupancy, type TileCodes } from "../tile.js";

/** Per sign (index 0 positive, 1 negative), the number of low bits each row of a tile gives up. */
export type RowShifts = readonly [Uint8Array, Uint8Array];

/**
 * The row shifts of squeeze-min with one depth per sign: row i of sign s gives up its bits below
 * `max(0, top_i - (N-1-D_s))`, so it keeps at most N - D_s bit positions counted from its top bit.
 * `D = 0` keeps everything.
 */
export function squeezeMinRowShifts(tile: TileCodes, depths: readonly [number, number]): RowShifts {
  const N = tile.weightBits;
  for (const d of depths) {
    if (!Number.isInteger(d) || d < 0 || d > N - 1) throw new UserError(`budget plan: depth D = ${d} is outside 0..${N - 1} for N = ${N}`);
  }
  const [pos, neg] = rowOccupancy(tile);
  return [squeezeShifts("squeeze-min", pos, N, depths[0]), squeezeShifts("squeeze-min", neg, N, depths[1])];
}

/**
 * The budget plan of one tile: each row of each sign keeps its bits at and above its shift, and the surviving
 * non-empty bit-rows of each sign are packed into crossbars in remap order (bit k descending, then row i
 * ascending, R per crossbar). It is a `remap` plan whose rows lost their low bits: the same `{valid, src,
 * shift}` entries per physical row and `base` per crossbar, so the remap tile, its programming image and the
 * tile models take it as it is. `mappedCodes` are the codes the crossbars hold; `dropped` counts what the
 * shifts removed from the input codes.
 */
export function mapBudgetTile(tile: TileCodes, p: Pick<MappingParams, "rows" | "cols" | "weightBits">, shifts: RowShifts): MappingPlan {
  const { rows: R, cols: C, weightBits: N } = tile;
  if (R !== p.rows || C !== p.cols || N !== p.weightBits) {
    throw new UserError(`budget plan: tile is ${R}x${C} with N=${N} but the parameters say ${p.rows}x${p.cols} with N=${p.weightBits}`);
  }
  for (const s of shifts) {
    if (s.length !== R) throw new UserError(`budget plan: expected ${R} row shifts per sign, got ${s.length}`);
    for (let i = 0; i < R; i++) if (s[i] > N) throw new UserError(`budget plan: row ${i} shift ${s[i]} is larger than N = ${N}`);
  }
  const kept = new Int32Array(tile.codes);
  let droppedCells = 0;
  let droppedBitRows = 0;
  const occupancy = rowOccupancy(tile);
  for (let i = 0; i < R; i++) {
    for (let si = 0; si < 2; si++) {
      const low = (1 << shifts[si][i]) - 1;
      const lost = occupancy[si][i] & low;
      if (lost === 0) continue;
      droppedBitRows += popcount32(lost);
      for (let j = i * C; j < (i + 1) * C; j++) {
        const c = kept[j];
        if (si === 0 ? c <= 0 : c >= 0) continue;
        const m = c > 0 ? c : -c;
        droppedCells += popcount32(m & low);
        kept[j] = c > 0 ? m & ~low : -(m & ~low);
      }
    }
  }
  const plan = mapTile({ rows: R, cols: C, weightBits: N, codes: kept }, { rows: R, cols: C, weightBits: N, mode: "remap", squeeze: 0 });
  return { ...plan, dropped: { cells: droppedCells, bitRows: droppedBitRows } };
}
