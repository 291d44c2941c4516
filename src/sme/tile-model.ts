import { UserError } from "../util/errors.js";
import type { MappingPlan } from "./mapping.js";
import { bitsFor, digitCount, type TileParams } from "./params.js";

/** Parameters of design.md §3 the tile model reads besides the plan. */
export type TileModelParams = Pick<TileParams, "rows" | "cols" | "actBits" | "dacBits" | "ouRows" | "adcBits">;

/**
 * A tile of design.md §3 compiled for one mapping plan: `run(x)` returns the C outputs `y[j]` as exact integers.
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

/** How a compiled model stores its work; the defaults suit every tile, other values serve to check each form. */
export interface TileModelLayout {
  /**
   * Most linear coefficients (R x C) kept as a dense row-major matrix; a larger tile keeps a map per row.
   * Default 2^20: up to a million a dense matrix is both the fastest to build and the fastest to run.
   */
  readonly denseLimit?: number;
  /** Tabulate the lane images of every driven value when there are fewer than this many (default 2^16). */
  readonly tableLimit?: number;
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
export function compileTileModel(plan: MappingPlan, p: TileModelParams, layout: TileModelLayout = {}): TileModel {
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
  const xmax = 2 ** A - 1;

  // Linear part: the coefficient of each (source row, column), dense (no index loads) up to `denseLimit`.
  const linDense = R * C <= (layout.denseLimit ?? 2 ** 20) ? new Float64Array(R * C) : null;
  const linear: Array<Map<number, number>> | null = linDense ? null : Array.from({ length: R }, () => new Map());
  const groups: ClipGroup[] = [];
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
            const c = xb.sign * 2 ** (xb.base + xb.rowShift[r]);
            if (linDense) linDense[xb.rowSrc[r] * C + j] += c;
            else {
              const m = linear![xb.rowSrc[r]];
              m.set(j, (m.get(j) ?? 0) + c);
            }
          }
        } else {
          clipCols.push(j);
          clipRows.push(set);
        }
      }
      if (clipCols.length === 0) continue;
      saturable += clipCols.length;
      groups.push(clipGroup(xb.sign, xb.base, xb.rowSrc, xb.rowShift, clipCols, clipRows, T, dac, dmask));
    }
  }
  // Row pointers of the non-zero coefficients; the map form also keeps their columns and values (the dense
  // matrix is read as it is, its pointers only mark which rows have any).
  const linPtr = new Int32Array(R + 1);
  const linCol: number[] = [];
  const linCoef: number[] = [];
  let nonZero = 0;
  for (let i = 0; i < R; i++) {
    if (linDense) {
      for (let j = 0, b = i * C; j < C; j++) if (linDense[b + j] !== 0) nonZero++;
    } else {
      for (const [j, c] of [...linear![i]].sort((a, b) => a[0] - b[0])) {
        if (c === 0) continue;
        linCol.push(j);
        linCoef.push(c);
        nonZero++;
      }
    }
    linPtr[i + 1] = nonZero;
  }
  const linColA = Int32Array.from(linCol);
  const linCoefA = Float64Array.from(linCoef);

  // Lane images of every driven value v = x << shift, tabulated once per lane geometry when the driven values
  // are few (A + maxShift <= 16); otherwise computed per call.
  const drivenMax = xmax * 2 ** plan.maxShift;
  const tables = new Map<number, Int32Array>();
  if (drivenMax < (layout.tableLimit ?? 2 ** 16)) {
    for (const gr of groups) {
      if (tables.has(gr.laneBits)) continue;
      const t = new Int32Array((drivenMax + 1) * gr.words);
      for (let v = 0; v <= drivenMax; v++) laneImage(gr, T, dac, dmask, v, t, v * gr.words);
      tables.set(gr.laneBits, t);
    }
  }
  const groupTables = groups.map((gr) => tables.get(gr.laneBits) ?? null);
  const rowLanes = new Int32Array(groups.reduce((m, gr) => Math.max(m, gr.src.length * gr.words), 0));
  const acc = new Int32Array(groups.reduce((m, gr) => Math.max(m, gr.words), 0));

  const run = (x: ArrayLike<number>): Float64Array => {
    if (x.length !== R) throw new UserError(`tile model: expected ${R} inputs, got ${x.length}`);
    for (let i = 0; i < R; i++) {
      const v = x[i];
      if (!(Number.isInteger(v) && v >= 0 && v <= xmax)) throw new UserError(`tile model: input x[${i}] = ${v} is not an unsigned ${A}-bit integer`);
    }
    const y = new Float64Array(C);
    for (let i = 0; i < R; i++) {
      const v = x[i];
      if (v === 0 || linPtr[i] === linPtr[i + 1]) continue;
      if (linDense) for (let j = 0, b = i * C; j < C; j++) y[j] += v * linDense[b + j];
      else for (let k = linPtr[i]; k < linPtr[i + 1]; k++) y[linColA[k]] += v * linCoefA[k];
    }
    for (let gi = 0; gi < groups.length; gi++) {
      const gr = groups[gi];
      const { words, lanesPerWord, laneBits, laneMask, ptr, idx, cols, digitWeight: dw } = gr;
      const table = groupTables[gi];
      // Gather the lane images of this group's rows into one compact array (row k at k * words).
      for (let r = 0; r < gr.src.length; r++) {
        const v = x[gr.src[r]] * 2 ** gr.shift[r];
        if (table) for (let w = 0, o = v * words; w < words; w++) rowLanes[r * words + w] = table[o + w];
        else laneImage(gr, T, dac, dmask, v, rowLanes, r * words);
      }
      for (let c = 0; c < cols.length; c++) {
        const k0 = ptr[c];
        const k1 = ptr[c + 1];
        let sum = 0;
        if (words <= 3) {
          // The common cases, with the accumulators in registers: one integer add per set cell and word.
          let a0 = 0;
          let a1 = 0;
          let a2 = 0;
          if (words === 1) for (let k = k0; k < k1; k++) a0 = (a0 + rowLanes[idx[k]]) | 0;
          else if (words === 2)
            for (let k = k0; k < k1; k++) {
              const o = idx[k];
              a0 = (a0 + rowLanes[o]) | 0;
              a1 = (a1 + rowLanes[o + 1]) | 0;
            }
          else
            for (let k = k0; k < k1; k++) {
              const o = idx[k];
              a0 = (a0 + rowLanes[o]) | 0;
              a1 = (a1 + rowLanes[o + 1]) | 0;
              a2 = (a2 + rowLanes[o + 2]) | 0;
            }
          for (let t = 0, l = 0, word = a0, w = 0; t < T; t++, l++) {
            if (l === lanesPerWord) {
              l = 0;
              word = ++w === 1 ? a1 : a2;
            }
            const count = (word >>> (l * laneBits)) & laneMask;
            if (count !== 0) sum += Math.min(count, adcMax) * dw[t];
          }
        } else {
          acc.fill(0);
          for (let k = k0; k < k1; k++) {
            const off = idx[k];
            for (let w = 0; w < words; w++) acc[w] = (acc[w] + rowLanes[off + w]) | 0;
          }
          for (let t = 0; t < T; t++) {
            const count = (acc[Math.floor(t / lanesPerWord)] >>> ((t % lanesPerWord) * laneBits)) & laneMask;
            if (count !== 0) sum += Math.min(count, adcMax) * dw[t];
          }
        }
        y[cols[c]] += sum;
      }
    }
    return y;
  };
  return { rows: R, cols: C, digits: T, saturableColumns: saturable, run };
}

/**
 * The bit-lines of one (crossbar, OU group) that can clip, with their packed-lane geometry: each lane is just
 * wide enough for the largest count any of these bit-lines can reach, so lanes never carry into each other.
 */
interface ClipGroup {
  readonly src: Int32Array; // source input of each row that feeds a clipping bit-line
  readonly shift: Int32Array;
  readonly cols: Int32Array; // the clipping columns
  readonly ptr: Int32Array; // cols.length + 1 offsets into idx
  readonly idx: Int32Array; // per set cell: (row position in src) * words
  readonly laneBits: number;
  readonly lanesPerWord: number;
  readonly laneMask: number;
  readonly words: number;
  /** `sign * 2^(base + dacBits * t)` per digit t. */
  readonly digitWeight: Float64Array;
}

function clipGroup(
  sign: number,
  base: number,
  rowSrc: Uint16Array,
  rowShift: Uint8Array,
  clipCols: number[],
  clipRows: number[][],
  T: number,
  dac: number,
  dmask: number,
): ClipGroup {
  const maxCount = Math.max(...clipRows.map((s) => s.length)) * dmask;
  const laneBits = bitsFor(maxCount);
  const lanesPerWord = Math.max(1, Math.floor(32 / laneBits));
  const words = Math.ceil(T / lanesPerWord);
  const used = [...new Set(clipRows.flat())].sort((a, b) => a - b);
  const pos = new Map(used.map((r, k) => [r, k]));
  const ptr = new Int32Array(clipCols.length + 1);
  const idx: number[] = [];
  clipRows.forEach((set, c) => {
    for (const r of set) idx.push(pos.get(r)! * words);
    ptr[c + 1] = idx.length;
  });
  return {
    src: Int32Array.from(used, (r) => rowSrc[r]),
    shift: Int32Array.from(used, (r) => rowShift[r]),
    cols: Int32Array.from(clipCols),
    ptr,
    idx: Int32Array.from(idx),
    laneBits,
    lanesPerWord,
    laneMask: laneBits >= 32 ? 0xffffffff : 2 ** laneBits - 1,
    words,
    digitWeight: Float64Array.from({ length: T }, (_, t) => sign * 2 ** (base + dac * t)),
  };
}

/** Writes the lane image of a driven value v (digit t of v in lane t) at `out[at .. at + words)`. */
function laneImage(
  g: Pick<ClipGroup, "words" | "lanesPerWord" | "laneBits">,
  T: number,
  dac: number,
  dmask: number,
  v: number,
  out: Int32Array,
  at: number,
): void {
  let t = 0;
  for (let w = 0; w < g.words; w++) {
    let word = 0;
    for (let l = 0; l < g.lanesPerWord && t < T; l++, t++) word |= (Math.floor(v / 2 ** (dac * t)) & dmask) << (l * g.laneBits);
    out[at + w] = word;
  }
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
