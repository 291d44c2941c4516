import { mapTile, type MappingParams, type MappingPlan, type RowShifts } from "../mapping.js";
import { squeezeShifts } from "../squeeze.js";
import { rowOccupancy, type TileCodes } from "../tile.js";
import { UserError } from "../../util/errors.js";

export type { RowShifts };

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
 * The budget plan of one tile with the given row shifts (`mapTile` in mode `budget`): each row of each sign
 * keeps its bits at and above its shift, and the surviving non-empty bit-rows of each sign are packed into
 * crossbars in remap order (bit k descending, then row i ascending, R per crossbar). It is the remap plan of
 * the truncated codes with `mode: "budget"`: the same `{valid, src, shift}` entries per physical row and `base`
 * per crossbar, so the remap tile, its programming image and the tile models take it as it is.
 * `mappedCodes` are the codes the crossbars hold; `dropped` counts what the shifts removed from the input codes.
 */
export function mapBudgetTile(tile: TileCodes, p: Pick<MappingParams, "rows" | "cols" | "weightBits">, shifts: RowShifts): MappingPlan {
  const { rows: R, cols: C, weightBits: N } = tile;
  if (R !== p.rows || C !== p.cols || N !== p.weightBits) {
    throw new UserError(`budget plan: tile is ${R}x${C} with N=${N} but the parameters say ${p.rows}x${p.cols} with N=${p.weightBits}`);
  }
  return mapTile(tile, { rows: R, cols: C, weightBits: N, mode: "budget", squeeze: 0, rowShifts: shifts });
}
