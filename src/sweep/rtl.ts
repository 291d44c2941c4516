import type { TileParams, WeightMatrix } from "../sme/index.js";
import { UserError } from "../util/errors.js";
import type { SweepPoint } from "./params.js";
import type { RtlResult } from "./result.js";

/**
 * What `--rtl` needs from the tile generator (`src/hw`): generate the tile of the first tile of a layer,
 * synthesize it with Yosys for a cell count, and run `sme verify` vectors through Verilator.
 */
export interface TileRtlApi {
  measureTile(args: { weights: WeightMatrix; params: TileParams; scale: string; budgetS: number }): Promise<{ yosysCells?: number; vectorsPerSecond?: number }>;
}

const hwEntry = "../hw/index.js";

/** Loads the tile generator's measuring hook, or explains exactly what is missing. */
export async function loadTileRtlApi(): Promise<TileRtlApi> {
  let mod: Partial<TileRtlApi>;
  try {
    mod = (await import(hwEntry)) as Partial<TileRtlApi>;
  } catch (err) {
    throw new UserError(
      `--rtl needs the SME tile generator (src/hw/index.ts exporting measureTile), which this build does not have (${(err as Error).message.split("\n")[0]}); run the sweep without --rtl`,
    );
  }
  if (typeof mod.measureTile !== "function") {
    throw new UserError("--rtl needs measureTile() from src/hw/index.ts (Yosys cell count and verify vectors/s of a generated tile); this build's src/hw does not export it; run the sweep without --rtl");
  }
  return mod as TileRtlApi;
}

/** RTL figures of a point's tile within the time budget; a failure is recorded, not fatal to the sweep. */
export async function measureRtl(weights: WeightMatrix, params: TileParams, point: SweepPoint, budgetS: number): Promise<RtlResult> {
  const api = await loadTileRtlApi();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`over the ${budgetS} s budget`)), budgetS * 1000);
    });
    return await Promise.race([api.measureTile({ weights, params, scale: point.scale, budgetS }), timeout]);
  } catch (err) {
    if (err instanceof UserError) throw err;
    return { error: (err as Error).message.split("\n")[0] ?? "failed" };
  } finally {
    clearTimeout(timer);
  }
}
