/**
 * `sme verify --until-covered`: after the main run, rounds of seeded constrained-random stimulus on one more
 * simulator (the coverage build) until every reachable bin is hit or the vector budget is spent. Programmable
 * tiles are reset and reprogrammed with a random image each round, the image sent while a vector is in flight;
 * every output is still checked against the golden model of what the tile holds.
 */

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { openTile, programWhileBusy, startVectors } from "../../../hw/host.js";
import { resultColumns } from "../../../hw/payloads.js";
import { TILE_PORTS, type TileInterface } from "../../../hw/tile-interface.js";
import { type CoverageKind, type CyclePattern, type VerilogFile, writeCoverage } from "../../../sim/index.js";
import { compileTileModel, type MappingPlan, seededRandom } from "../../../sme/index.js";
import { describeFirst, differingColumns, type Mismatch } from "../compare.js";
import type { ReplayScript } from "../debug/replay.js";
import type { BinSet } from "./bins.js";
import { coverHits, parseCoverageDat } from "./dat.js";
import { addHits, type FunctionalCoverage, functionalCoverage } from "./functional.js";
import { monitorModule } from "./monitor.js";
import { randomProgram, randomVectors } from "./random-program.js";

export interface ClosureOptions {
  readonly seed: number;
  /** Most vectors the rounds may stream (lead vectors included). */
  readonly budget: number;
  /** Vectors per round (default 256). */
  readonly roundVectors?: number;
  /** Called after each round with the coverage so far. */
  readonly onRound?: (round: number, coverage: FunctionalCoverage) => void;
}

export interface ClosureResult {
  readonly rounds: number;
  /** Vectors streamed and checked by the rounds. */
  readonly vectors: number;
  /** Random images loaded (programmable tiles). */
  readonly programs: number;
  readonly ms: number;
  /** The rounds' own hits per bin (add the main run's for the total). */
  readonly hits: ReadonlyMap<string, number>;
  /** The rounds' coverage counts (for merging code coverage); null when no round was needed. */
  readonly datFile: string | null;
  readonly mismatches: number;
  /** The first wrong output of the rounds, with what replays it. */
  readonly first: { readonly mismatch: Mismatch; readonly script: ReplayScript } | null;
}

/** The closure simulator's coverage file in the output folder. */
export const CLOSURE_COVERAGE_FILE = "coverage-closure.dat";

/**
 * Runs rounds until the bins of `set` not yet hit in `base` are hit (or the budget is spent, or an output is
 * wrong). `files` include the coverage monitor; `plan` is what a baked tile holds (ignored for programmable).
 */
export async function closeCoverage(
  tile: TileInterface,
  files: readonly VerilogFile[],
  plan: MappingPlan,
  set: BinSet,
  base: ReadonlyMap<string, number>,
  coverage: readonly CoverageKind[],
  outDir: string,
  o: ClosureOptions,
): Promise<ClosureResult> {
  const t0 = performance.now();
  const datFile = join(outDir, CLOSURE_COVERAGE_FILE);
  const per = Math.max(1, o.roundVectors ?? 256);
  const programmable = tile.kind === "programmable";
  let hits: Map<string, number> = new Map();
  let rounds = 0;
  let vectors = 0;
  let programs = 0;
  let mismatches = 0;
  let first: ClosureResult["first"] = null;
  const done = (): boolean => {
    const c = functionalCoverage(set, addHits(base, hits));
    return c.hit === c.reachable;
  };
  if (done() || o.budget <= 0) return { rounds, vectors, programs, ms: performance.now() - t0, hits, datFile: null, mismatches, first };
  const { dut } = await openTile(tile, files, null, { coverage });
  try {
    while (!done() && vectors < o.budget && first === null) {
      rounds++;
      const rand = seededRandom((o.seed * 0x9e3779b1 + rounds * 0x85ebca6b) >>> 0);
      let held = plan;
      let slots = plan.crossbars.map((_, s) => s);
      let program: ReplayScript["program"] = null;
      let lead: Uint32Array | undefined;
      if (programmable) {
        const image = randomProgram(tile, rand);
        await dut.reset({ port: TILE_PORTS.reset });
        lead = randomVectors(tile, rand, 3)[2];
        if (image.transfers.length > 0) {
          // After reset every slot is disabled: the lead vector, computed before the image lands, gives 0.
          const r = await programWhileBusy(dut, tile, lead, image.transfers);
          vectors++;
          const got = r.lead.map(Number);
          const bad = differingColumns(got, new Float64Array(tile.params.cols));
          if (bad) {
            mismatches++;
            first = {
              mismatch: { ...describeFirst(0, bad, new Float64Array(tile.params.cols), got, lead), round: rounds, lead: true },
              script: { program: null, blocks: [{ vectors: [lead], backpressure: "always" }], firstVector: 0, slots: [], plan: { ...plan, crossbars: [] } },
            };
            break;
          }
        }
        programs++;
        held = image.plan;
        slots = [...image.slots];
        program = image.transfers;
      }
      const n = Math.min(per, Math.max(1, o.budget - vectors));
      const xs = randomVectors(tile, rand, n);
      const stall = [1, 0.7, 0.3][rounds % 3];
      const backpressure: CyclePattern = stall === 1 ? "always" : { random: stall, seed: rounds };
      const reply = await startVectors(dut, tile, xs, { backpressure }).collect();
      vectors += n;
      const model = compileTileModel(held, tile.params);
      for (let i = 0; i < n; i++) {
        const want = model.run(xs[i]);
        const got = resultColumns(tile, reply.outputs[i]);
        const bad = differingColumns(got, want);
        if (!bad) continue;
        mismatches++;
        first ??= {
          mismatch: { ...describeFirst(i, bad, want, got, xs[i]), round: rounds },
          script: { program, ...(lead && program ? { lead } : {}), blocks: [{ vectors: xs.slice(0, i + 1), backpressure }], firstVector: 0, slots, plan: held },
        };
      }
      await writeCoverage(dut, datFile);
      hits = coverHits(parseCoverageDat(await readFile(datFile, "utf8")), monitorModule(tile));
      o.onRound?.(rounds, functionalCoverage(set, addHits(base, hits)));
    }
    await writeCoverage(dut, datFile);
  } finally {
    await dut.close();
  }
  return { rounds, vectors, programs, ms: performance.now() - t0, hits, datFile, mismatches, first };
}
