import {
  extractTile,
  MAPPING_MODES,
  makeBudgetParams,
  makeTileParams,
  mapTile,
  modeLabel,
  planBudgetTile,
  tileRuleViolation,
  type BudgetParams,
  type MappingMode,
  type QuantizedMatrix,
  type ScaleMode,
  type TileCodes,
  type TileParams,
  type WeightMatrix,
} from "../../sme/index.js";
import { tileSqnr } from "../generate/tile-metrics.js";

/** One mapping mode on the demo's tile: its crossbars against dense, and the SQNR of what it holds. */
export interface ModeRow {
  readonly mode: MappingMode;
  readonly label: string;
  readonly crossbars: number;
  readonly ratioToDense: number;
  readonly sqnrMappedDb: number;
  readonly droppedCells: number;
}

/**
 * Maps the same quantized tile in every mode for the demo report: the squeeze modes with the design's D,
 * budget at the design's target over the tile (`budget`, default `BUDGET_DEFAULTS`), quantized with `scale`.
 */
export function compareModes(
  w: WeightMatrix,
  q: QuantizedMatrix,
  p: TileParams,
  tileRow: number,
  tileCol: number,
  budget: BudgetParams = makeBudgetParams({ scope: "tile" }),
  scale: ScaleMode = "layer",
): ModeRow[] {
  const tile: TileCodes = extractTile(q, tileRow, tileCol, p.rows, p.cols);
  const rows: ModeRow[] = [];
  let dense = 0;
  for (const mode of MAPPING_MODES) {
    // The squeeze modes need 1 <= D <= N-1; with N = 1 there is nothing to squeeze, so they are left out.
    if (tileRuleViolation({ ...p, mode }) !== undefined) continue;
    const mp = makeTileParams({ ...p, mode });
    const plan = mode === "budget" ? planBudgetTile(w, mp, { scale, tileRow, tileCol }, budget).plan : mapTile(tile, mp);
    if (mode === "dense") dense = plan.crossbars.length;
    rows.push({
      mode,
      label: modeLabel({ mode, squeeze: p.squeeze, targetSqnr: budget.targetSqnrDb, budgetScope: "tile" }),
      crossbars: plan.crossbars.length,
      ratioToDense: dense === 0 ? 0 : plan.crossbars.length / dense,
      sqnrMappedDb: tileSqnr(w, q, plan, tileRow, tileCol).mappedDb,
      droppedCells: plan.dropped.cells,
    });
  }
  return rows;
}
