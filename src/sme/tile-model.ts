import { UserError } from "../util/errors.js";
import type { MappingPlan } from "./mapping.js";
import { bitsFor, digitCount, type TileParams } from "./params.js";

/** Parameters of DESIGN 3 the tile model reads besides the plan. */
export type TileModelParams = Pick<TileParams, "rows" | "cols" | "actBits" | "dacBits" | "ouRows" | "adcBits">;

/**
 * A tile of DESIGN 3 compiled for one mapping plan: `run(x)` returns the C outputs `y[j]` as exact integers.
 *
 * Why plain numbers are exact: the ADC only ever lowers a count, so per sign `|y|` is at most the lossless
 * sum `R * (2^A - 1) * (2^N - 1) < 2^(A + N + ceil(log2 R))`, and `makeTileParams` limits that to 45 bits.
 */
export interface TileModel {
  readonly rows: number;
  readonly cols: number;
  /** Input digits per OU group: `T = ceil((A + plan.maxShift) / dacBits)`. */
  readonly digits: number;
  /** Bit-line reads (crossbar, OU group, column) whose count can exceed the ADC range and so are clamped. */
  readonly saturableColumns: number;
  run(x: ArrayLike<number>): Float64Array;
}

/**
 * Compiles a plan into a fast exact model. Work is split once, per plan, into two parts:
 * - a bit-line (crossbar m, OU group g, column j) that has at most `floor(adcMax / (2^dacBits - 1))` set
 *   cells on valid rows can never clip, so it is linear and folds into one sparse integer matrix over the
 *   source inputs (`coef[src][j] += sigma * 2^(b + shift)`);
 * - a bit-line that can clip needs the per-digit counts: each valid row's input value is spread into packed
 *   lanes (one lane per digit, wide enough for the group's largest count), so one integer add per set cell
 *   accumulates all T digit counts of that bit-line at once; each lane is then clamped like the ADC.
 */
export function compileTileModel(plan: MappingPlan, p: TileModelParams): TileModel {
  const R = plan.rows;
  const C = plan.cols;
  if (p.rows !== R || p.cols !== C) throw new UserError(`tile model: plan is ${R}x${C} but the parameters say ${p.rows}x${p.cols}`);
  const A = p.actBits;
  const dac = p.dacBits;
  const dmask = 2 ** dac - 1;
  const adcMax = 2 ** p.adcBits - 1;
  const ou = p.ouRows;
  const T = digitCount(p, plan.maxShift);
  const W = plan.wordsPerRow;

  // Linear part: CSR over source rows of (column, coefficient).
  const linear: Array<Map<number, number>> = Array.from({ length: R }, () => new Map());
  // Clipping part.
  const laneBits = bitsFor(ou * dmask);
  const lanesPerWord = Math.max(1, Math.floor(32 / laneBits));
  const words = Math.ceil(T / lanesPerWord);
  const laneMask = laneBits >= 32 ? 0xffffffff : 2 ** laneBits - 1;
  interface Group {
    sign: number;
    base: number;
    rows: number[]; // physical rows of the group that feed a clipping column
    src: Int32Array;
    shift: Int32Array;
    cols: Int32Array; // clipping columns
    ptr: Int32Array; // cols.length + 1 offsets into idx
    idx: Int32Array; // indices into rows[] of set cells per clipping column
  }
  const groups: Group[] = [];
  let saturable = 0;
  for (const xb of plan.crossbars) {
    for (let g = 0; g < R / ou; g++) {
      const clipCols: number[] = [];
      const clipRows: number[][] = [];
      for (let j = 0; j < C; j++) {
        const set: number[] = [];
        for (let r = g * ou; r < (g + 1) * ou; r++) {
          if (xb.rowValid[r] && (xb.cells[r * W + (j >> 5)] >>> (j & 31)) & 1) set.push(r);
        }
        if (set.length === 0) continue;
        if (set.length * dmask <= adcMax) {
          for (const r of set) {
            const m = linear[xb.rowSrc[r]];
            m.set(j, (m.get(j) ?? 0) + xb.sign * 2 ** (xb.base + xb.rowShift[r]));
          }
        } else {
          clipCols.push(j);
          clipRows.push(set);
        }
      }
      if (clipCols.length === 0) continue;
      saturable += clipCols.length;
      const used = [...new Set(clipRows.flat())].sort((a, b) => a - b);
      const pos = new Map(used.map((r, k) => [r, k]));
      const ptr = new Int32Array(clipCols.length + 1);
      const idx: number[] = [];
      clipRows.forEach((set, c) => {
        for (const r of set) idx.push(pos.get(r)!);
        ptr[c + 1] = idx.length;
      });
      groups.push({
        sign: xb.sign,
        base: xb.base,
        rows: used,
        src: Int32Array.from(used, (r) => xb.rowSrc[r]),
        shift: Int32Array.from(used, (r) => xb.rowShift[r]),
        cols: Int32Array.from(clipCols),
        ptr,
        idx: Int32Array.from(idx),
      });
    }
  }
  const linPtr = new Int32Array(R + 1);
  const linCol: number[] = [];
  const linCoef: number[] = [];
  for (let i = 0; i < R; i++) {
    for (const [j, c] of [...linear[i]].sort((a, b) => a[0] - b[0])) {
      if (c === 0) continue;
      linCol.push(j);
      linCoef.push(c);
    }
    linPtr[i + 1] = linCol.length;
  }
  const linColA = Int32Array.from(linCol);
  const linCoefA = Float64Array.from(linCoef);
  // Scale of digit t of crossbar base b: 2^(b + dac*t); precomputed per (group, digit).
  const digitWeight = groups.map((gr) => Float64Array.from({ length: T }, (_, t) => gr.sign * 2 ** (gr.base + dac * t)));
  const maxRows = groups.reduce((m, gr) => Math.max(m, gr.rows.length), 0);
  const spread = new Int32Array(maxRows * words);
  const acc = new Int32Array(words);
  const xmax = 2 ** A - 1;

  const run = (x: ArrayLike<number>): Float64Array => {
    if (x.length !== R) throw new UserError(`tile model: expected ${R} inputs, got ${x.length}`);
    for (let i = 0; i < R; i++) {
      const v = x[i];
      if (!(Number.isInteger(v) && v >= 0 && v <= xmax)) throw new UserError(`tile model: input x[${i}] = ${v} is not an unsigned ${A}-bit integer`);
    }
    const y = new Float64Array(C);
    for (let i = 0; i < R; i++) {
      const v = x[i];
      if (v === 0) continue;
      for (let k = linPtr[i]; k < linPtr[i + 1]; k++) y[linColA[k]] += v * linCoefA[k];
    }
    for (let gi = 0; gi < groups.length; gi++) {
      const gr = groups[gi];
      const n = gr.rows.length;
      // Spread each row's driven value x[src] << shift into digit lanes.
      for (let r = 0; r < n; r++) {
        const v = x[gr.src[r]] * 2 ** gr.shift[r];
        let t = 0;
        for (let w = 0; w < words; w++) {
          let word = 0;
          for (let l = 0; l < lanesPerWord && t < T; l++, t++) {
            const d = Math.floor(v / 2 ** (dac * t)) & dmask;
            word |= d << (l * laneBits);
          }
          spread[r * words + w] = word;
        }
      }
      const dw = digitWeight[gi];
      for (let c = 0; c < gr.cols.length; c++) {
        acc.fill(0);
        for (let k = gr.ptr[c]; k < gr.ptr[c + 1]; k++) {
          const off = gr.idx[k] * words;
          for (let w = 0; w < words; w++) acc[w] = (acc[w] + spread[off + w]) | 0;
        }
        let sum = 0;
        let t = 0;
        for (let w = 0; w < words; w++) {
          const word = acc[w];
          for (let l = 0; l < lanesPerWord && t < T; l++, t++) {
            const count = (word >>> (l * laneBits)) & laneMask;
            if (count !== 0) sum += (count < adcMax ? count : adcMax) * dw[t];
          }
        }
        y[gr.cols[c]] += sum;
      }
    }
    return y;
  };
  return { rows: R, cols: C, digits: T, saturableColumns: saturable, run };
}

/** Convenience: compile and run once (prefer `compileTileModel` when running many vectors). */
export function tileModel(plan: MappingPlan, p: TileModelParams, x: ArrayLike<number>): Float64Array {
  return compileTileModel(plan, p).run(x);
}

/** The plain integer product `y[j] = sum_i x[i] * codes[i][j]` of row-major signed codes (R x C). */
export function integerProduct(codes: Int32Array, rows: number, cols: number, x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const v = x[i];
    if (v === 0) continue;
    const base = i * cols;
    for (let j = 0; j < cols; j++) y[j] += v * codes[base + j];
  }
  return y;
}

/** Outputs as bigints (the harness's value type). */
export function toBigInts(y: ArrayLike<number>): bigint[] {
  return Array.from(y, (v) => BigInt(v));
}
