import { UserError } from "../../util/errors.js";
import type { MappingPlan } from "../mapping.js";
import type { WeightMatrix } from "../matrix.js";
import type { ModeMetrics } from "../metrics.js";
import { digitCount, type ScaleMode, type TileParams } from "../params.js";
import { progLayout } from "../program-layout.js";
import { quantizeMatrix, sqnrFromSums, type QuantizedMatrix } from "../quantize.js";
import { extractTile, type TileCodes } from "../tile.js";
import { errorCap, type BudgetParams } from "./options.js";
import { permuteMatrixRows, permuteQuantizedRows, significanceRowOrder } from "./permute.js";
import { mapBudgetTile, squeezeMinRowShifts } from "./plan.js";
import { solveBudget, type BudgetNode, type BudgetTree } from "./solver.js";
import { layerBudgetTable, packedMaxShift, type LayerBudgetTable } from "./tables.js";

/** The budget mapping of one layer. */
export interface BudgetLayer {
  readonly name: string;
  readonly tileRows: number;
  readonly tileCols: number;
  /** Kernel row of each tiled row (tile row r, row i is entry r * R + i) when the rows were permuted, else null. */
  readonly rowOrder: readonly number[] | null;
  /** Chosen squeeze-min depth of every group, index `(tileRow * tileCols + tileCol) * 2 + sign` (sign 0 positive). */
  readonly depths: readonly number[];
  /** Non-empty groups per chosen depth D = 0..N-1. */
  readonly depthHistogram: readonly number[];
  /** The layer's figures in the form of the other modes (`ratioToDense` against N crossbars per tile and sign). */
  readonly metrics: ModeMetrics;
  /** `sum w^2` of the layer. */
  readonly signalEnergy: number;
}

/** The budget mapping of a model (or of the layers given) at one target. */
export interface BudgetAnalysis {
  readonly params: BudgetParams;
  readonly layers: readonly BudgetLayer[];
  readonly total: ModeMetrics;
  readonly depthHistogram: readonly number[];
  /** The layer with the lowest mapped SQNR. */
  readonly worstLayer: { readonly name: string; readonly sqnrDb: number };
  /** No choice of depths meeting the same targets uses fewer crossbars than this (Lagrangian dual, rounded up). */
  readonly lowerBound: number;
  /** The dual value, less its rounding allowance, before rounding up. */
  readonly dualBound: number;
  /** Units whose target no choice of depths can meet ("model", a layer name, or "layer tile (r,c)"); each keeps its highest reachable SQNR. */
  readonly unmetTargets: readonly string[];
}

/**
 * Chooses a squeeze-min depth per (tile, sign) group of every layer to minimise the total crossbars subject
 * to the SQNR target over the scope (and the per-layer floor), exactly (see `solver.ts`). Each group's
 * surviving bit-rows are packed remap-style: `ceil(bit-rows / R)` crossbars.
 */
export function planBudget(layers: readonly WeightMatrix[], p: TileParams, scale: ScaleMode, budget: BudgetParams): BudgetAnalysis {
  if (layers.length === 0) throw new UserError("budget mapping: no layers to map");
  const tables = layers.map((w) => budgetTable(w, quantizeMatrix(w, { weightBits: p.weightBits, window: p.window, scale }), p, budget));
  return planBudgetFromTables(tables, p, budget);
}

/** The table of one layer, on its rows reordered by significance when `budget.permuteRows` says so. */
export function budgetTable(w: WeightMatrix, q: QuantizedMatrix, p: TileParams, budget: BudgetParams): LayerBudgetTable {
  if (!budget.permuteRows) return layerBudgetTable(w, q, p);
  const order = significanceRowOrder(w, q);
  return { ...layerBudgetTable(permuteMatrixRows(w, order), permuteQuantizedRows(q, order), p), rowOrder: order };
}

/** {@link planBudget} on tables already built (the sweep of targets reuses them). */
export function planBudgetFromTables(tables: readonly LayerBudgetTable[], p: TileParams, budget: BudgetParams): BudgetAnalysis {
  const { tree, names } = budgetTree(tables, p, budget);
  const sol = solveBudget(tree);
  const N = p.weightBits;
  const entryBits = progLayout({ ...p, mode: "remap" }, 1).rowMapStoredBits;
  let leaf = 0;
  const out: BudgetLayer[] = tables.map((t) => {
    const groups = t.tileRows * t.tileCols * 2;
    const depths = new Array<number>(groups);
    const hist = new Array<number>(N).fill(0);
    let crossbars = 0;
    let error = 0;
    let droppedCells = 0;
    let droppedBitRows = 0;
    let maxShift = 0;
    for (let g = 0; g < groups; g++) {
      const D = sol.choice[leaf++];
      depths[g] = D;
      const o = g * N + D;
      if (t.bitRows[g * N] > 0) hist[D]++;
      const xb = Math.ceil(t.bitRows[o] / p.rows);
      crossbars += xb;
      error += t.errorEnergy[o];
      droppedCells += t.droppedCells[o];
      droppedBitRows += t.droppedBitRows[o];
      if (xb > 0) maxShift = Math.max(maxShift, packedMaxShift(t.survivingPerBit.subarray(o * N, (o + 1) * N), p.rows));
    }
    for (const e of t.tileFixedError) error += e;
    const dense = t.tileRows * t.tileCols * 2 * N;
    return {
      name: t.name,
      tileRows: t.tileRows,
      tileCols: t.tileCols,
      rowOrder: t.rowOrder ? Array.from(t.rowOrder) : null,
      depths,
      depthHistogram: hist,
      signalEnergy: t.signalEnergy,
      metrics: modeMetrics(p, crossbars, dense, droppedCells, droppedBitRows, t.signalEnergy, error, maxShift, crossbars * p.rows * entryBits),
    };
  });
  const sum = (f: (l: BudgetLayer) => number) => out.reduce((a, l) => a + f(l), 0);
  const dense = tables.reduce((a, t) => a + t.tileRows * t.tileCols * 2 * N, 0);
  const total = modeMetrics(
    p,
    sum((l) => l.metrics.crossbars),
    dense,
    sum((l) => l.metrics.droppedCells),
    sum((l) => l.metrics.droppedBitRows),
    sum((l) => l.signalEnergy),
    sum((l) => l.metrics.errorEnergy),
    Math.max(...out.map((l) => l.metrics.maxShift)),
    sum((l) => l.metrics.rowMapBits),
  );
  const worst = out.reduce((a, l) => (l.metrics.sqnrMappedDb < a.metrics.sqnrMappedDb ? l : a));
  return {
    params: budget,
    layers: out,
    total,
    depthHistogram: Array.from({ length: N }, (_, D) => sum((l) => l.depthHistogram[D])),
    worstLayer: { name: worst.name, sqnrDb: worst.metrics.sqnrMappedDb },
    lowerBound: sol.lowerBound,
    dualBound: sol.dualBound,
    unmetTargets: sol.unmetCaps.map((n) => names.get(n) ?? "model"),
  };
}

/** The optimiser's tree: model > layers > tiles (holding the zero codes' error) > one leaf per sign group. */
function budgetTree(tables: readonly LayerBudgetTable[], p: TileParams, budget: BudgetParams): { tree: BudgetTree; names: Map<BudgetNode, string> } {
  const N = p.weightBits;
  const { scope, targetSqnrDb: target, minLayerSqnrDb: floor } = budget;
  const names = new Map<BudgetNode, string>();
  const layerDb = scope === "layer" ? Math.max(target, floor ?? Number.NEGATIVE_INFINITY) : floor;
  const layerNodes = tables.map((t) => {
    const tiles: BudgetNode[] = [];
    for (let tile = 0; tile < t.tileRows * t.tileCols; tile++) {
      const leaves: BudgetTree[] = [0, 1].map((s) => {
        const g = tile * 2 + s;
        return {
          kind: "leaf",
          crossbars: Array.from(t.bitRows.subarray(g * N, (g + 1) * N), (b) => Math.ceil(b / p.rows)),
          error: t.errorEnergy.subarray(g * N, (g + 1) * N),
        };
      });
      const node: BudgetNode = {
        kind: "node",
        children: leaves,
        fixedError: t.tileFixedError[tile],
        cap: scope === "tile" ? errorCap(t.tileSignal[tile], target) : Number.POSITIVE_INFINITY,
      };
      names.set(node, `${t.name} tile (${Math.floor(tile / t.tileCols)},${tile % t.tileCols})`);
      tiles.push(node);
    }
    const node: BudgetNode = {
      kind: "node",
      children: tiles,
      fixedError: 0,
      cap: layerDb === null ? Number.POSITIVE_INFINITY : errorCap(t.signalEnergy, layerDb),
    };
    names.set(node, t.name);
    return node;
  });
  const signal = tables.reduce((a, t) => a + t.signalEnergy, 0);
  const root: BudgetNode = { kind: "node", children: layerNodes, fixedError: 0, cap: scope === "model" ? errorCap(signal, target) : Number.POSITIVE_INFINITY };
  names.set(root, "model");
  return { tree: root, names };
}

function modeMetrics(
  p: TileParams,
  crossbars: number,
  dense: number,
  droppedCells: number,
  droppedBitRows: number,
  signal: number,
  error: number,
  maxShift: number,
  rowMapBits: number,
): ModeMetrics {
  return {
    crossbars,
    ratioToDense: dense === 0 ? 0 : crossbars / dense,
    cells: crossbars * p.rows * p.cols,
    droppedCells,
    droppedBitRows,
    sqnrMappedDb: sqnrFromSums(signal, error),
    maxShift,
    inputCycles: digitCount(p, maxShift),
    rowMapBits,
    errorEnergy: error,
  };
}

/**
 * The budget plans of every tile of a layer (`q` in kernel row order) at the chosen depths and row order of
 * its `BudgetLayer`, tile-row-major. Tile (r, c) holds the tiled rows r * R .. r * R + R - 1.
 */
export function budgetLayerPlans(
  q: QuantizedMatrix,
  p: TileParams,
  layer: Pick<BudgetLayer, "depths" | "rowOrder">,
): Array<{ tileRow: number; tileCol: number; tile: TileCodes; plan: MappingPlan }> {
  const tileRows = Math.ceil(q.rows / p.rows);
  const tileCols = Math.ceil(q.cols / p.cols);
  const { depths, rowOrder } = layer;
  if (depths.length !== tileRows * tileCols * 2)
    throw new UserError(`budget plans: layer ${q.name} has ${tileRows * tileCols * 2} groups but ${depths.length} depths were given`);
  if (rowOrder && rowOrder.length !== q.rows)
    throw new UserError(`budget plans: layer ${q.name} has ${q.rows} rows but the row order names ${rowOrder.length}`);
  const tiled = rowOrder ? permuteQuantizedRows(q, rowOrder) : q;
  const out = [];
  for (let tr = 0; tr < tileRows; tr++) {
    for (let tc = 0; tc < tileCols; tc++) {
      const g = (tr * tileCols + tc) * 2;
      const tile = extractTile(tiled, tr, tc, p.rows, p.cols);
      out.push({ tileRow: tr, tileCol: tc, tile, plan: mapBudgetTile(tile, p, squeezeMinRowShifts(tile, [depths[g], depths[g + 1]])) });
    }
  }
  return out;
}

/** The codes the crossbars of a budget-mapped layer hold, in kernel row order (`q.rows x q.cols`). */
export function budgetLayerCodes(q: QuantizedMatrix, p: TileParams, layer: Pick<BudgetLayer, "depths" | "rowOrder">): Int32Array {
  const codes = new Int32Array(q.rows * q.cols);
  for (const { tileRow, tileCol, plan } of budgetLayerPlans(q, p, layer)) {
    for (let i = 0; i < p.rows && tileRow * p.rows + i < q.rows; i++) {
      const n = tileRow * p.rows + i;
      const row = layer.rowOrder ? layer.rowOrder[n] : n;
      for (let j = 0; j < p.cols && tileCol * p.cols + j < q.cols; j++) codes[row * q.cols + tileCol * p.cols + j] = plan.mappedCodes[i * p.cols + j];
    }
  }
  return codes;
}

/**
 * The budget plan of one tile of a layer with the target over that tile alone (what `generate` and `verify`
 * map), in kernel row order (`budget.scope` and `budget.permuteRows` do not apply): the depths of its two groups that reach `budget.targetSqnrDb` over the tile's weights with the
 * fewest crossbars (the highest reachable SQNR when no depths reach it).
 */
export function planBudgetTile(
  w: WeightMatrix,
  p: TileParams,
  opts: { scale?: ScaleMode; tileRow?: number; tileCol?: number },
  budget: BudgetParams,
): { quantized: QuantizedMatrix; tile: TileCodes; plan: MappingPlan; depths: readonly [number, number]; sqnrDb: number; targetMet: boolean } {
  const quantized = quantizeMatrix(w, { weightBits: p.weightBits, window: p.window, scale: opts.scale ?? "layer" });
  const tr = opts.tileRow ?? 0;
  const tc = opts.tileCol ?? 0;
  const tile = extractTile(quantized, tr, tc, p.rows, p.cols);
  const t = layerBudgetTable(w, quantized, p);
  const N = p.weightBits;
  const ti = tr * t.tileCols + tc;
  const leaves: BudgetTree[] = [0, 1].map((s) => ({
    kind: "leaf",
    crossbars: Array.from(t.bitRows.subarray((ti * 2 + s) * N, (ti * 2 + s + 1) * N), (b) => Math.ceil(b / p.rows)),
    error: t.errorEnergy.subarray((ti * 2 + s) * N, (ti * 2 + s + 1) * N),
  }));
  const sol = solveBudget({ kind: "node", children: leaves, fixedError: t.tileFixedError[ti], cap: errorCap(t.tileSignal[ti], budget.targetSqnrDb) });
  const depths = [sol.choice[0], sol.choice[1]] as const;
  const plan = mapBudgetTile(tile, p, squeezeMinRowShifts(tile, depths));
  return { quantized, tile, plan, depths, sqnrDb: sqnrFromSums(t.tileSignal[ti], sol.error), targetMet: sol.unmetCaps.length === 0 };
}
