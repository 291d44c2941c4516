import { UserError } from "../util/errors.js";
import { budgetTable, planBudgetFromTables, type BudgetAnalysis } from "./budget/analyze.js";
import { makeBudgetParams, type BudgetParams } from "./budget/options.js";
import type { LoadedModel } from "./loaders/tensor.js";
import type { WeightMatrix } from "./matrix.js";
import { digitCount, isSqueezeMode, MAPPING_MODES, type MappingMode, type ScaleMode, type TileParams } from "./params.js";
import { progLayout } from "./program-layout.js";
import { quantizeMatrix, sqnrFromSums, type QuantizedMatrix } from "./quantize.js";
import { popcount32, topBit } from "./squeeze.js";
import { tileGrid } from "./tile.js";

/** design.md §2.4 figures of one mapping mode over a layer (or a whole model). */
export interface ModeMetrics {
  /** Physical crossbars over all tiles and both signs. */
  readonly crossbars: number;
  /** `crossbars / dense crossbars` of the same tiles. */
  readonly ratioToDense: number;
  /** `crossbars * R * C`. */
  readonly cells: number;
  /** 1-bits of the codes no crossbar holds, and bit-rows that lost at least one (squeeze modes only). */
  readonly droppedCells: number;
  readonly droppedBitRows: number;
  /** Weight SQNR of the mapped weights (equals the quantized SQNR for the lossless modes). */
  readonly sqnrMappedDb: number;
  /** Largest row shift any tile of the layer uses. */
  readonly maxShift: number;
  /** Input cycles per VMM and OU group, `T = ceil((A + maxShift) / dacBits)`; a VMM takes `T * R/ouRows` reads. */
  readonly inputCycles: number;
  /** Stored row-map bits: RCMR bits (squeeze modes, per tile-sign in use) or remap entries (per crossbar). */
  readonly rowMapBits: number;
  /** Error energy `sum (w - s*q*delta)^2` of the mapped weights (for totals over layers). */
  readonly errorEnergy: number;
}

export interface LayerMetrics {
  readonly name: string;
  readonly kind: WeightMatrix["kind"];
  readonly shape: readonly number[];
  readonly fanIn: number;
  readonly fanOut: number;
  readonly tileRows: number;
  readonly tileCols: number;
  readonly weights: number;
  readonly sqnrQuantDb: number;
  /** `sum w^2` and `sum (w - s*q*delta)^2` of the quantized weights. */
  readonly signalEnergy: number;
  readonly quantErrorEnergy: number;
  /**
   * Per bit position k (0 = LSB): non-empty bit-rows / all bit-rows a dense mapping allocates
   * (tiles x 2 signs x R).
   */
  readonly nonEmptyBitRowFraction: readonly number[];
  /**
   * Figures per mode; the squeeze modes are null when D is outside 1..N-1, `budget` unless the budget mapping
   * was planned (`AnalyzeOptions.budget`, or mode `budget`).
   */
  readonly modes: Readonly<Record<MappingMode, ModeMetrics | null>>;
}

export interface ModelMetrics {
  readonly source: string;
  readonly params: TileParams;
  readonly scale: ScaleMode;
  readonly layers: readonly LayerMetrics[];
  /** Sums over layers; SQNR over all weights (`sum w^2 / sum err^2`), the largest shift and input cycles. */
  readonly total: Omit<LayerMetrics, "name" | "kind" | "shape" | "fanIn" | "fanOut" | "tileRows" | "tileCols"> & {
    readonly layers: number;
    readonly tiles: number;
  };
  /** The budget mapping of the same layers, when {@link AnalyzeOptions.budget} asked for it. */
  readonly budget?: BudgetAnalysis;
}

interface ModeAccumulator {
  crossbars: number;
  droppedCells: number;
  droppedBitRows: number;
  maxShift: number;
  rowMapBits: number;
  errorEnergy: number;
}

const newAcc = (): ModeAccumulator => ({ crossbars: 0, droppedCells: 0, droppedBitRows: 0, maxShift: 0, rowMapBits: 0, errorEnergy: 0 });

/**
 * Metrics of one layer for every mode at one parameter point. Works on row occupancy (the OR of each row's
 * magnitudes per tile and sign), which decides every mode's crossbars and shifts without building cells;
 * `mapTile` builds the same crossbars (the tests check the counts agree).
 */
export function analyzeLayer(w: WeightMatrix, p: TileParams, scale: ScaleMode = "layer"): LayerMetrics {
  return analyzeQuantizedLayer(w, quantizeMatrix(w, { weightBits: p.weightBits, window: p.window, scale }), p);
}

/** {@link analyzeLayer} on weights already quantized with `p.weightBits` and `p.window`. */
function analyzeQuantizedLayer(w: WeightMatrix, q: QuantizedMatrix, p: TileParams): LayerMetrics {
  const R = p.rows;
  const C = p.cols;
  const N = p.weightBits;
  const D = p.squeeze;
  const squeezeOk = D >= 1 && D <= N - 1;
  const { tileRows, tileCols } = tileGrid(w.rows, w.cols, R, C);
  const acc: Record<MappingMode, ModeAccumulator> = {
    dense: newAcc(),
    bitslice: newAcc(),
    squeeze: newAcc(),
    "squeeze-min": newAcc(),
    remap: newAcc(),
    budget: newAcc(),
  };
  const nonEmpty = new Float64Array(N);
  const remapEntryBits = progLayout({ ...p, mode: "remap" }, 1).rowMapStoredBits;
  const minShiftBits = squeezeOk ? progLayout({ ...p, mode: "squeeze-min" }, 1).rowMapStoredBits : 0;
  const colTile = Int32Array.from({ length: w.cols }, (_, j) => Math.floor(j / C));
  // Per band of R matrix rows: occupancy and squeeze shifts for every (tile column, sign, row).
  const occ = [new Int32Array(tileCols * R), new Int32Array(tileCols * R)];
  const shSq = [new Uint8Array(tileCols * R), new Uint8Array(tileCols * R)];
  const shMin = [new Uint8Array(tileCols * R), new Uint8Array(tileCols * R)];
  const keepTop = N - 1 - D;
  const lowMask = (1 << (N - D)) - 1;
  let signal = 0;
  let quantErr = 0;
  const bitCount = new Int32Array(N);

  for (let tr = 0; tr < tileRows; tr++) {
    const i0 = tr * R;
    const i1 = Math.min(w.rows, i0 + R);
    for (const o of occ) o.fill(0);
    for (let i = i0; i < i1; i++) {
      const li = i - i0;
      const base = i * w.cols;
      for (let j = 0; j < w.cols; j++) {
        const c = q.codes[base + j];
        if (c > 0) occ[0][colTile[j] * R + li] |= c;
        else if (c < 0) occ[1][colTile[j] * R + li] |= -c;
      }
    }
    for (let tc = 0; tc < tileCols; tc++) {
      for (let s = 0; s < 2; s++) {
        const o = occ[s];
        let all = 0;
        let maskSq = 0;
        let maskMin = 0;
        let maxSq = 0;
        let maxMin = 0;
        bitCount.fill(0);
        let bitRows = 0;
        for (let li = 0; li < R; li++) {
          const v = o[tc * R + li];
          if (v === 0) {
            shSq[s][tc * R + li] = 0;
            shMin[s][tc * R + li] = 0;
            continue;
          }
          all |= v;
          for (let k = 0; k < N; k++) if ((v >>> k) & 1) bitCount[k]++;
          bitRows += popcount32(v);
          if (!squeezeOk) continue;
          const top = topBit(v);
          const sq = top > keepTop ? D : 0;
          const sm = top > keepTop ? top - keepTop : 0;
          shSq[s][tc * R + li] = sq;
          shMin[s][tc * R + li] = sm;
          maskSq |= v >>> sq;
          maskMin |= v >>> sm;
          if (sq > maxSq) maxSq = sq;
          if (sm > maxMin) maxMin = sm;
          if (sq > 0) acc.squeeze.droppedBitRows += popcount32(v & ((1 << sq) - 1));
          if (sm > 0) acc["squeeze-min"].droppedBitRows += popcount32(v & ((1 << sm) - 1));
        }
        for (let k = 0; k < N; k++) nonEmpty[k] += bitCount[k];
        acc.dense.crossbars += N;
        acc.bitslice.crossbars += popcount32(all);
        // remap: bit-rows sorted by k descending fill crossbars R at a time; shift = first k - last k.
        const remapXbars = Math.ceil(bitRows / R);
        acc.remap.crossbars += remapXbars;
        acc.remap.rowMapBits += remapXbars * R * remapEntryBits;
        if (remapXbars > 0) {
          const kAt = (pos: number): number => {
            let seen = 0;
            for (let k = N - 1; k >= 0; k--) {
              seen += bitCount[k];
              if (pos < seen) return k;
            }
            return 0;
          };
          for (let m = 0; m < remapXbars; m++) {
            const shift = kAt(m * R) - kAt(Math.min(bitRows, (m + 1) * R) - 1);
            if (shift > acc.remap.maxShift) acc.remap.maxShift = shift;
          }
        }
        if (squeezeOk) {
          const nSq = popcount32(maskSq & lowMask);
          const nMin = popcount32(maskMin & lowMask);
          acc.squeeze.crossbars += nSq;
          acc["squeeze-min"].crossbars += nMin;
          if (nSq > 0) acc.squeeze.rowMapBits += R;
          if (nMin > 0) acc["squeeze-min"].rowMapBits += R * minShiftBits;
          // A row's shift counts only where its sign has a crossbar (design.md §3: shifts of valid rows).
          if (nSq > 0) acc.squeeze.maxShift = Math.max(acc.squeeze.maxShift, maxSq);
          if (nMin > 0) acc["squeeze-min"].maxShift = Math.max(acc["squeeze-min"].maxShift, maxMin);
        }
      }
    }
    // Second pass over the band: quantization error and what the squeeze modes drop.
    for (let i = i0; i < i1; i++) {
      const li = i - i0;
      const base = i * w.cols;
      for (let j = 0; j < w.cols; j++) {
        const v = w.data[base + j];
        const c = q.codes[base + j];
        const d = q.delta[j];
        const e = v - c * d;
        signal += v * v;
        quantErr += e * e;
        if (!squeezeOk) continue;
        if (c === 0) {
          acc.squeeze.errorEnergy += e * e;
          acc["squeeze-min"].errorEnergy += e * e;
          continue;
        }
        const s = c > 0 ? 0 : 1;
        const m = c > 0 ? c : -c;
        const idx = colTile[j] * R + li;
        for (const [mode, sh] of [
          ["squeeze", shSq[s][idx]],
          ["squeeze-min", shMin[s][idx]],
        ] as const) {
          if (sh === 0) {
            acc[mode].errorEnergy += e * e;
            continue;
          }
          const kept = m & ~((1 << sh) - 1);
          acc[mode].droppedCells += popcount32(m ^ kept);
          const em = v - (c > 0 ? kept : -kept) * d;
          acc[mode].errorEnergy += em * em;
        }
      }
    }
  }
  for (const mode of ["dense", "bitslice", "remap"] as const) acc[mode].errorEnergy = quantErr;
  const tiles = tileRows * tileCols;
  const modes = finishModes(acc, p, squeezeOk, signal);
  return {
    name: w.name,
    kind: w.kind,
    shape: w.shape,
    fanIn: w.rows,
    fanOut: w.cols,
    tileRows,
    tileCols,
    weights: w.rows * w.cols,
    sqnrQuantDb: sqnrFromSums(signal, quantErr),
    signalEnergy: signal,
    quantErrorEnergy: quantErr,
    nonEmptyBitRowFraction: Array.from(nonEmpty, (n) => n / (tiles * 2 * R)),
    modes,
  };
}

function finishModes(acc: Record<MappingMode, ModeAccumulator>, p: TileParams, squeezeOk: boolean, signal: number): Record<MappingMode, ModeMetrics | null> {
  const dense = acc.dense.crossbars;
  const out = {} as Record<MappingMode, ModeMetrics | null>;
  for (const mode of MAPPING_MODES) {
    const a = acc[mode];
    // The budget mode's figures come from its own optimisation over the whole model (`planBudgetFromTables`).
    if ((isSqueezeMode(mode) && !squeezeOk) || mode === "budget") {
      out[mode] = null;
      continue;
    }
    out[mode] = {
      crossbars: a.crossbars,
      ratioToDense: dense === 0 ? 0 : a.crossbars / dense,
      cells: a.crossbars * p.rows * p.cols,
      droppedCells: a.droppedCells,
      droppedBitRows: a.droppedBitRows,
      sqnrMappedDb: sqnrFromSums(signal, a.errorEnergy),
      maxShift: a.maxShift,
      inputCycles: digitCount(p, a.maxShift),
      rowMapBits: a.rowMapBits,
      errorEnergy: a.errorEnergy,
    };
  }
  return out;
}

/** Options of {@link analyzeModel}. */
export interface AnalyzeOptions {
  readonly scale?: ScaleMode;
  /** Analyze only this kernel (by name). */
  readonly layer?: string;
  /**
   * Also choose the budget mapping of the layers at these settings (`ModelMetrics.budget`, and the `budget`
   * figures of every layer and of the total). Mode `budget` plans it with the defaults when this is absent.
   */
  readonly budget?: BudgetParams;
}

/**
 * Per-layer and total metrics of a model (or a list of weight matrices) at one parameter point: the function
 * the `sme analyze` command and the sweep engine call. Plain data, JSON-serialisable except for infinite SQNR.
 */
export function analyzeModel(model: LoadedModel | { source: string; layers: readonly WeightMatrix[] }, p: TileParams, opts: AnalyzeOptions = {}): ModelMetrics {
  const scale = opts.scale ?? "layer";
  let layers = model.layers;
  if (opts.layer !== undefined) {
    layers = layers.filter((l) => l.name === opts.layer);
    if (layers.length === 0) {
      const names = model.layers.map((l) => l.name);
      if (names.length === 0)
        throw new UserError(`${model.source} has no kernel named ${opts.layer}: it holds no kernels (no non-zero weight matrix); check the model file`);
      throw new UserError(
        `${model.source} has no kernel named ${opts.layer}; kernels: ${names.slice(0, 12).join(", ")}${names.length > 12 ? `, ... (${names.length} in all)` : ""}`,
      );
    }
  }
  if (layers.length === 0) throw new UserError(`${model.source} holds no non-zero 2-D or 4-D kernels to analyze`);
  const budget = opts.budget ?? (p.mode === "budget" ? makeBudgetParams() : undefined);
  const tables = [];
  const per: LayerMetrics[] = [];
  for (const l of layers) {
    const q = quantizeMatrix(l, { weightBits: p.weightBits, window: p.window, scale });
    per.push(analyzeQuantizedLayer(l, q, p));
    if (budget) tables.push(budgetTable(l, q, p, budget));
  }
  const out = { source: model.source, params: p, scale, layers: per, total: totalOf(per, p) };
  return budget ? withBudget(out, planBudgetFromTables(tables, p, budget)) : out;
}

/** The metrics with a budget mapping of the same layers: its figures become each layer's and the total's `budget` mode. */
export function withBudget(m: ModelMetrics, budget: BudgetAnalysis): ModelMetrics {
  if (budget.layers.length !== m.layers.length || budget.layers.some((b, i) => b.name !== m.layers[i].name)) {
    throw new Error("withBudget: the budget mapping is of other layers than the metrics");
  }
  const layers = m.layers.map((l, i) => ({ ...l, modes: { ...l.modes, budget: budget.layers[i].metrics } }));
  return { ...m, layers, total: { ...m.total, modes: { ...m.total.modes, budget: budget.total } }, budget };
}

function totalOf(layers: readonly LayerMetrics[], p: TileParams): ModelMetrics["total"] {
  const N = p.weightBits;
  const sum = (f: (l: LayerMetrics) => number) => layers.reduce((a, l) => a + f(l), 0);
  const tiles = sum((l) => l.tileRows * l.tileCols);
  const signal = sum((l) => l.signalEnergy);
  const quantErr = sum((l) => l.quantErrorEnergy);
  const frac = Array.from({ length: N }, (_, k) => sum((l) => l.nonEmptyBitRowFraction[k] * l.tileRows * l.tileCols) / tiles);
  const modes = {} as Record<MappingMode, ModeMetrics | null>;
  const dense = sum((l) => l.modes.dense!.crossbars);
  for (const mode of MAPPING_MODES) {
    if (layers.some((l) => l.modes[mode] === null)) {
      modes[mode] = null;
      continue;
    }
    const m = (f: (x: ModeMetrics) => number) => sum((l) => f(l.modes[mode]!));
    const maxShift = Math.max(...layers.map((l) => l.modes[mode]!.maxShift));
    const crossbars = m((x) => x.crossbars);
    const errorEnergy = m((x) => x.errorEnergy);
    modes[mode] = {
      crossbars,
      ratioToDense: dense === 0 ? 0 : crossbars / dense,
      cells: m((x) => x.cells),
      droppedCells: m((x) => x.droppedCells),
      droppedBitRows: m((x) => x.droppedBitRows),
      sqnrMappedDb: sqnrFromSums(signal, errorEnergy),
      maxShift,
      inputCycles: digitCount(p, maxShift),
      rowMapBits: m((x) => x.rowMapBits),
      errorEnergy,
    };
  }
  return {
    layers: layers.length,
    tiles,
    weights: sum((l) => l.weights),
    sqnrQuantDb: sqnrFromSums(signal, quantErr),
    signalEnergy: signal,
    quantErrorEnergy: quantErr,
    nonEmptyBitRowFraction: frac,
    modes,
  };
}
