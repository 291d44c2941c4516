import { UserError } from "../util/errors.js";
import { isRemapMode, isSqueezeMode, modeMaxShift, type MappingMode, type TileParams } from "./params.js";
import { popcount32, squeezeShifts } from "./squeeze.js";
import { rowOccupancy, type TileCodes } from "./tile.js";

/** +1 for the positive crossbar set, -1 for the negative one (design.md §2.2). */
export type Sign = 1 | -1;

/**
 * One physical crossbar of `R x C` single-bit cells (design.md §2.3). Row r holds bit-row
 * `(rowSrc[r], base + rowShift[r])` when `rowValid[r]` is 1 and is driven with `x[rowSrc[r]] << rowShift[r]`.
 */
export interface PhysicalCrossbar {
  readonly sign: Sign;
  /** Base significance `b_m`. */
  readonly base: number;
  /** Cells, `wordsPerRow` 32-bit words per row: cell (r, j) is bit `j & 31` of `cells[r * wordsPerRow + (j >> 5)]`. */
  readonly cells: Uint32Array;
  readonly rowValid: Uint8Array;
  readonly rowSrc: Uint16Array;
  readonly rowShift: Uint8Array;
}

/**
 * The mapping of one tile in one mode: what the hardware holds and what was lost.
 *
 * Crossbar order (canonical, also the `prog_xbar` index): all positive crossbars, then all negative ones;
 * within a sign, `dense`, `bitslice`, `squeeze` and `squeeze-min` by base ascending, `remap` and `budget` in
 * fill order (bit-rows by k descending then i ascending, R per crossbar, so the first crossbar holds the
 * highest bits).
 */
export interface MappingPlan {
  readonly mode: MappingMode;
  readonly rows: number;
  readonly cols: number;
  readonly weightBits: number;
  /** D of the squeeze modes (0 for the other modes). */
  readonly squeeze: number;
  readonly wordsPerRow: number;
  readonly crossbars: readonly PhysicalCrossbar[];
  /**
   * Squeeze modes only: the shift (0..D) of each row per sign, shared by every crossbar of that sign (the
   * RCMR). Index 0 positive, 1 negative. The hardware stores `shift / D` (one bit) for `squeeze` and the
   * shift itself for `squeeze-min`; `buildProgramImage` does that conversion.
   */
  readonly rowShiftBySign: readonly [Uint8Array, Uint8Array] | null;
  /** Largest shift of any valid row of this plan (sets `T` in design.md §3). */
  readonly maxShift: number;
  /** Largest shift the mode allows for any weights (`modeMaxShift`): size hardware digit counters with it. */
  readonly modeMaxShift: number;
  /** Signed codes the crossbars actually hold (the input codes minus dropped bits), row-major `R x C`. */
  readonly mappedCodes: Int32Array;
  /** Losses: 1-bits of the input codes that no crossbar holds, and bit-rows that lost at least one of them. */
  readonly dropped: { readonly cells: number; readonly bitRows: number };
}

/** Per sign (index 0 positive, 1 negative), the number of low bits each row of a tile gives up. */
export type RowShifts = readonly [Uint8Array, Uint8Array];

/** Parameters the mapping reads. */
export type MappingParams = Pick<TileParams, "rows" | "cols" | "weightBits" | "mode" | "squeeze"> & {
  /**
   * `budget` only: the squeeze-min depth D of each sign (index 0 positive), 0..N-1. Without it both signs take
   * `min(squeeze, N-1)`; `planBudgetTile` chooses the depths of a tile from its weights and a target.
   */
  readonly depths?: readonly [number, number];
  /** `budget` only: each row's shift per sign, given directly instead of by depths (any choice per row, 0..N). */
  readonly rowShifts?: RowShifts;
};

/** Maps one tile of signed codes onto physical crossbars (design.md §2.3). */
export function mapTile(tile: TileCodes, p: MappingParams): MappingPlan {
  const { rows: R, cols: C, weightBits: N } = tile;
  if (R !== p.rows || C !== p.cols || N !== p.weightBits) {
    throw new UserError(`mapTile: tile is ${R}x${C} with N=${N} but the parameters say ${p.rows}x${p.cols} with N=${p.weightBits}`);
  }
  if (p.mode === "budget") return mapBudget(tile, budgetRowShifts(tile, p));
  const W = Math.ceil(C / 32);
  const D = isSqueezeMode(p.mode) ? p.squeeze : 0;
  const occupancy = rowOccupancy(tile);
  const crossbars: PhysicalCrossbar[] = [];
  const mapped = new Int32Array(tile.codes);
  let droppedCells = 0;
  let droppedBitRows = 0;
  let rowShiftBySign: [Uint8Array, Uint8Array] | null = null;
  const signs: Sign[] = [1, -1];

  // Magnitude of code (i, j) if it has sign `s`, else 0.
  const mag = (s: Sign, i: number, j: number): number => {
    const c = tile.codes[i * C + j];
    return s === 1 ? Math.max(c, 0) : c < 0 ? -c : 0;
  };
  const newCrossbar = (sign: Sign, base: number): PhysicalCrossbar => ({
    sign,
    base,
    cells: new Uint32Array(R * W),
    rowValid: new Uint8Array(R),
    rowSrc: new Uint16Array(R),
    rowShift: new Uint8Array(R),
  });
  // Fills physical row r of xb with bit-row (src, k) and the entry (1, src, shift); returns whether any cell is set.
  const place = (xb: PhysicalCrossbar, s: Sign, r: number, src: number, k: number, shift: number): boolean => {
    xb.rowValid[r] = 1;
    xb.rowSrc[r] = src;
    xb.rowShift[r] = shift;
    let any = 0;
    for (let j = 0; j < C; j++) {
      if ((mag(s, src, j) >>> k) & 1) {
        xb.cells[r * W + (j >> 5)] |= 1 << (j & 31);
        any = 1;
      }
    }
    return any === 1;
  };

  if (isSqueezeMode(p.mode)) rowShiftBySign = [new Uint8Array(R), new Uint8Array(R)];

  for (const s of signs) {
    const rowOr = occupancy[s === 1 ? 0 : 1];
    switch (p.mode) {
      case "dense":
      case "bitslice": {
        let all = 0;
        for (let i = 0; i < R; i++) all |= rowOr[i];
        for (let k = 0; k < N; k++) {
          if (p.mode === "bitslice" && ((all >>> k) & 1) === 0) continue;
          const xb = newCrossbar(s, k);
          for (let r = 0; r < R; r++) place(xb, s, r, r, k, 0);
          crossbars.push(xb);
        }
        break;
      }
      case "squeeze":
      case "squeeze-min": {
        const shifts = squeezeShifts(p.mode, rowOr, N, D);
        rowShiftBySign![s === 1 ? 0 : 1].set(shifts);
        for (let b = 0; b <= N - 1 - D; b++) {
          const xb = newCrossbar(s, b);
          let any = false;
          for (let r = 0; r < R; r++) any = place(xb, s, r, r, b + shifts[r], shifts[r]) || any;
          if (any) crossbars.push(xb);
        }
        for (let i = 0; i < R; i++) {
          const lost = rowOr[i] & ((1 << shifts[i]) - 1);
          if (lost === 0) continue;
          droppedBitRows += popcount32(lost);
          for (let j = 0; j < C; j++) {
            const c = mapped[i * C + j];
            if (s === 1 ? c <= 0 : c >= 0) continue;
            const m = Math.abs(c);
            const kept = m & ~((1 << shifts[i]) - 1);
            droppedCells += popcount32(m ^ kept);
            mapped[i * C + j] = s * kept;
          }
        }
        break;
      }
      case "remap": {
        const bitRows: Array<[number, number]> = [];
        for (let k = N - 1; k >= 0; k--) for (let i = 0; i < R; i++) if ((rowOr[i] >>> k) & 1) bitRows.push([i, k]);
        for (let n = 0; n < bitRows.length; n += R) {
          const chunk = bitRows.slice(n, n + R);
          const base = chunk[chunk.length - 1][1];
          const xb = newCrossbar(s, base);
          chunk.forEach(([i, k], r) => {
            place(xb, s, r, i, k, k - base);
          });
          crossbars.push(xb);
        }
        break;
      }
    }
  }

  let maxShift = 0;
  for (const xb of crossbars) for (let r = 0; r < R; r++) if (xb.rowValid[r] && xb.rowShift[r] > maxShift) maxShift = xb.rowShift[r];
  return {
    mode: p.mode,
    rows: R,
    cols: C,
    weightBits: N,
    squeeze: D,
    wordsPerRow: W,
    crossbars,
    rowShiftBySign,
    maxShift,
    modeMaxShift: modeMaxShift({ mode: p.mode, squeeze: D, weightBits: N }),
    mappedCodes: mapped,
    dropped: { cells: droppedCells, bitRows: droppedBitRows },
  };
}

/** Cell row r of a crossbar as a bigint, bit j = column j (the `prog_data` of a target-0 transfer). */
export function cellRowBits(plan: Pick<MappingPlan, "wordsPerRow">, xb: PhysicalCrossbar, r: number): bigint {
  let v = 0n;
  for (let w = plan.wordsPerRow - 1; w >= 0; w--) v = (v << 32n) | BigInt(xb.cells[r * plan.wordsPerRow + w]);
  return v;
}

/** Cell (r, j) of a crossbar. */
export function cellAt(plan: Pick<MappingPlan, "wordsPerRow">, xb: PhysicalCrossbar, r: number, j: number): number {
  return (xb.cells[r * plan.wordsPerRow + (j >> 5)] >>> (j & 31)) & 1;
}

/**
 * The row-map state a programmable tile stores for this plan, per mode (design.md §4): `none` for dense/bitslice;
 * `per-sign` for the squeeze modes, one value per row and sign (`squeeze`: the RCMR bit, 1 = shift by D;
 * `squeeze-min`: the shift); `per-crossbar` for remap and budget, the full entry of every physical row of every
 * crossbar.
 */
export function storedRowMap(
  plan: MappingPlan,
):
  | { readonly scope: "none" }
  | { readonly scope: "per-sign"; readonly positive: Uint8Array; readonly negative: Uint8Array }
  | { readonly scope: "per-crossbar"; readonly entries: ReadonlyArray<{ valid: Uint8Array; src: Uint16Array; shift: Uint8Array }> } {
  if (plan.rowShiftBySign) {
    const stored = (s: Uint8Array) => (plan.mode === "squeeze" ? s.map((v) => (v === 0 ? 0 : 1)) : s.slice());
    return { scope: "per-sign", positive: stored(plan.rowShiftBySign[0]), negative: stored(plan.rowShiftBySign[1]) };
  }
  if (isRemapMode(plan.mode)) {
    return { scope: "per-crossbar", entries: plan.crossbars.map((xb) => ({ valid: xb.rowValid, src: xb.rowSrc, shift: xb.rowShift })) };
  }
  return { scope: "none" };
}

/** The row shifts of a budget tile: `p.rowShifts`, or squeeze-min's shifts at each sign's depth. */
function budgetRowShifts(tile: TileCodes, p: MappingParams): RowShifts {
  if (p.rowShifts) return p.rowShifts;
  const N = tile.weightBits;
  const uniform = Math.min(p.squeeze, N - 1);
  const depths = p.depths ?? [uniform, uniform];
  for (const d of depths) {
    if (!Number.isInteger(d) || d < 0 || d > N - 1) throw new UserError(`budget plan: depth D = ${d} is outside 0..${N - 1} for N = ${N}`);
  }
  const [pos, neg] = rowOccupancy(tile);
  return [squeezeShifts("squeeze-min", pos, N, depths[0]), squeezeShifts("squeeze-min", neg, N, depths[1])];
}

/**
 * A budget plan (design.md §2.3): each row of each sign keeps its bits at and above its shift, and the
 * surviving non-empty bit-rows of each sign are packed into crossbars in remap order (bit k descending, then
 * row i ascending, R per crossbar). It is the remap plan of the truncated codes: the same `{valid, src, shift}`
 * entries per physical row and `base` per crossbar, so the remap tile, its programming image and the tile
 * models take it as it is. `dropped` counts what the shifts removed from the input codes.
 */
function mapBudget(tile: TileCodes, shifts: RowShifts): MappingPlan {
  const { rows: R, cols: C, weightBits: N } = tile;
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
  return {
    ...plan,
    mode: "budget",
    modeMaxShift: modeMaxShift({ mode: "budget", squeeze: 0, weightBits: N }),
    dropped: { cells: droppedCells, bitRows: droppedBitRows },
  };
}
