import { extractTile, MAPPING_MODES, makeTileParams, mapTile, modeLabel, tileRuleViolation, type MappingMode, type QuantizedMatrix, type TileCodes, type TileParams, type WeightMatrix } from "../../sme/index.js";
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

/** Maps the same quantized tile in every mode (squeeze modes with the design's D) for the demo report. */
export function compareModes(w: WeightMatrix, q: QuantizedMatrix, p: TileParams, tileRow: number, tileCol: number): ModeRow[] {
  const tile: TileCodes = extractTile(q, tileRow, tileCol, p.rows, p.cols);
  const rows: ModeRow[] = [];
  let dense = 0;
  for (const mode of MAPPING_MODES) {
    // The squeeze modes need 1 <= D <= N-1; with N = 1 there is nothing to squeeze, so they are left out.
    if (tileRuleViolation({ ...p, mode }) !== undefined) continue;
    const mp = makeTileParams({ ...p, mode });
    const plan = mapTile(tile, mp);
    if (mode === "dense") dense = plan.crossbars.length;
    rows.push({
      mode,
      label: modeLabel({ mode, squeeze: p.squeeze }),
      crossbars: plan.crossbars.length,
      ratioToDense: dense === 0 ? 0 : plan.crossbars.length / dense,
      sqnrMappedDb: tileSqnr(w, q, plan, tileRow, tileCol).mappedDb,
      droppedCells: plan.dropped.cells,
    });
  }
  return rows;
}
