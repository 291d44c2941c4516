/**
 * One simulator of the programmable tile working through tile units: for each, map the tile's codes, program
 * them through `prog_*` (the simulator otherwise idle, so the time measured is the programming alone), then
 * stream and check its vectors with the verification pipeline of `sme verify` (`OpenShard`), keeping the
 * observed outputs for the partial sums. The next unit is mapped while this one streams.
 */
// The driver modules directly, not the hw barrel: a worker thread need not load the tile generators.
import { openTile, programTile, type ProgrammableTileDut, type TileDut } from "../../hw/host.js";
import type { TileInterface } from "../../hw/tile-interface.js";
import type { CyclePattern, VerilogFile } from "../../sim/index.js";
import { buildProgramImage, mapTile, type MappingPlan, type ProgramImage } from "../../sme/index.js";
import type { Mismatch } from "../verify/compare.js";
import { OpenShard, type ExpectedTamper } from "../verify/sim-shard.js";
import type { TileUnit } from "./tile-units.js";

export interface UnitResult {
  readonly programTransfers: number;
  readonly programCycles: number;
  /** Wall time of the programming (the simulator does nothing else meanwhile). */
  readonly programMs: number;
  /** From the first vector sent until the last output was compared. */
  readonly streamMs: number;
  readonly cycles: number;
  readonly checked: number;
  /** Vectors with at least one column that differs from the golden tile model. */
  readonly mismatches: number;
  /** The first of them; `vector` counts from the unit's first vector. */
  readonly first: Mismatch | null;
  /** The observed outputs, `count x C`. */
  readonly columns: Float64Array;
  /** Physical crossbars the tile's mapping uses (of the tile's K slots). */
  readonly crossbars: number;
}

export interface UnitRunOptions {
  /** Vectors per stream request. */
  readonly blockSize: number;
  /** A first block per unit list streamed with this `out_ready` pattern (the handshake under stalls). */
  readonly firstBlock?: { readonly size: number; readonly backpressure: CyclePattern };
  /** Test hook: deliberate errors in the golden model's outputs, by unit (index in the list) and vector in the unit. */
  readonly tamper?: ReadonlyArray<ExpectedTamper & { readonly unit: number }>;
}

interface Prepared {
  readonly plan: MappingPlan;
  readonly image: ProgramImage;
}

export class TileSimulator {
  private constructor(
    private readonly dut: TileDut,
    readonly tile: TileInterface,
    private readonly files: readonly VerilogFile[],
  ) {}

  /** Starts a simulator of the (programmable) tile and resets it; every slot is disabled until programmed. */
  static async open(tile: TileInterface, files: readonly VerilogFile[], options: { timeoutMs?: number } = {}): Promise<TileSimulator> {
    const { dut } = await openTile(tile, files, null, options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {});
    return new TileSimulator(dut, tile, files);
  }

  private prepare(unit: TileUnit): Prepared {
    const p = this.tile.params;
    const plan = mapTile({ rows: p.rows, cols: p.cols, weightBits: p.weightBits, codes: unit.codes }, p);
    // Every slot is written: the tile's own crossbars enabled, the rest disabled (they still hold the previous tile's cells).
    return { plan, image: buildProgramImage(plan, this.tile.slots) };
  }

  /** Programs and checks each unit in turn; results in the same order. */
  async run(units: readonly TileUnit[], o: UnitRunOptions): Promise<UnitResult[]> {
    const results: UnitResult[] = [];
    const R = this.tile.params.rows;
    let next: Prepared | null = units.length > 0 ? this.prepare(units[0]) : null;
    for (let u = 0; u < units.length; u++) {
      const unit = units[u];
      const { plan, image } = next!;
      const t0 = performance.now();
      const programCycles = await programTile(this.dut as ProgrammableTileDut, this.tile, image);
      const programMs = performance.now() - t0;
      const vectors = Array.from({ length: unit.count }, (_, i) => unit.vectors.subarray(i * R, (i + 1) * R));
      const tamper = o.tamper?.filter((t) => t.unit === u).map(({ vector, column, delta }) => ({ vector, column, delta }));
      const shard = OpenShard.attach(
        this.dut,
        {
          tile: this.tile,
          files: this.files,
          program: image,
          vectors,
          offset: 0,
          golden: plan,
          keepColumns: true,
          blockSize: o.blockSize,
          ...(u === 0 && o.firstBlock ? { firstBlock: o.firstBlock } : {}),
          ...(tamper && tamper.length > 0 ? { tamper } : {}),
        },
        programCycles,
      );
      shard.start();
      // The simulator has its first blocks; map the next tile meanwhile.
      next = u + 1 < units.length ? this.prepare(units[u + 1]) : null;
      while (!shard.done) await shard.step();
      const r = shard.result();
      results.push({
        programTransfers: image.transfers.length,
        programCycles,
        programMs,
        streamMs: r.checkMs,
        cycles: r.cycles,
        checked: r.checked,
        mismatches: r.mismatches,
        first: r.first,
        columns: r.columns ?? new Float64Array(0),
        crossbars: plan.crossbars.length,
      });
    }
    return results;
  }

  close(): Promise<void> {
    return this.dut.close();
  }
}
