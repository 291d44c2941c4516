import { buildTileModel } from "../../hw/host.js";
import type { TileInterface } from "../../hw/tile-interface.js";
import type { MappingPlan, ProgramImage } from "../../sme/index.js";
import type { CyclePattern, VerilogFile, WaveFormat } from "../../sim/index.js";
import { MismatchError } from "../../util/errors.js";
import { CORNER_VECTORS, vectorCount, type VectorPlan } from "./activations.js";
import { describeMismatch, type Mismatch } from "./compare.js";
import type { CodeCoverage } from "./coverage/code.js";
import type { FunctionalCoverage } from "./coverage/functional.js";
import { SAMPLED_BEFORE_EDGE, type ReplayReport } from "./debug/replay.js";
import { instrument, type InstrumentReport } from "./instrument.js";
import { lintDesign } from "./lint.js";
import { runShards } from "./shards.js";
import type { ExpectedTamper } from "./sim-shard.js";

/** A design on disk to verify, with the golden model's plan for what it should compute. */
export interface VerifyTarget {
  /** The design's name (its folder's), for the report. */
  readonly name: string;
  readonly tile: TileInterface;
  /** The Verilog as simulated. */
  readonly files: readonly VerilogFile[];
  /** Absolute paths of the same files on disk (linted as written). */
  readonly verilogPaths: readonly string[];
  /** Programmable designs: the image sent through `prog_*`. Null for baked designs. */
  readonly program: ProgramImage | null;
  /** The plan the golden model runs (from the weights, or from the image for a folder read back). */
  readonly plan: MappingPlan;
}

export interface VerifyOptions {
  /** Uniform random vectors; a quarter as many real-layer-like vectors and a few corner vectors come on top. */
  readonly vectors: number;
  /** Simulators to shard the vectors over (at most one per vector). */
  readonly jobs: number;
  readonly seed: number;
  /** Milliseconds a simulator may take to answer before it counts as hung (default 60 s). */
  readonly timeoutMs?: number;
  /** Vectors per stream request to the simulator (default 256). */
  readonly blockSize?: number;
  /** Stage messages (lint, build, simulate, and the coverage rounds and replay) for a progress line. */
  readonly onStage?: (stage: "lint" | "build" | "simulate" | "cover" | "replay", detail: string) => void;
  /** Test hook: deliberate errors in the golden model's outputs, to prove mismatches are caught and reported. */
  readonly tamper?: readonly ExpectedTamper[];
  /**
   * Where the run's debug outputs go (`sme verify` uses `<design>/verify`): waves, the first mismatch replayed
   * (`first-mismatch.fst` and `.gtkw`, on any mismatch), coverage files. Without it nothing is written.
   */
  readonly outDir?: string;
  /** The whole run's waves (a traced build). */
  readonly waves?: WaveFormat;
  /** Vectors before the first mismatch that the replay sends again (default 8). */
  readonly replayVectors?: number;
  /** Functional-coverage bins, and Verilator line and toggle coverage with `code` (coverage builds). */
  readonly coverage?: { readonly functional: boolean; readonly code: boolean };
  /** After the run: constrained-random rounds until every reachable bin is hit or `budget` vectors ran. */
  readonly untilCovered?: { readonly budget: number };
}

export interface VerifyReport {
  readonly design: string;
  readonly lint: { readonly ok: true; readonly ms: number; readonly cached: boolean };
  readonly build: { readonly ms: number; readonly cached: boolean };
  /** Programming transfers sent and the cycles they took (0 for baked designs). */
  readonly programTransfers: number;
  readonly programCycles: number;
  /** Outputs compared with the golden model (one per vector streamed), and the vectors by kind. */
  readonly vectors: { readonly checked: number; readonly corner: number; readonly random: number; readonly layerLike: number };
  readonly mismatches: number;
  readonly firstMismatch: Mismatch | null;
  readonly cycles: number;
  /** Wall time from the start of streaming until the last simulator reply was read. */
  readonly streamMs: number;
  /**
   * Host time not hidden behind simulation: from the last simulator reply until the last output was compared
   * (the golden model runs while the simulators compute, so this is only the tail).
   */
  readonly compareMs: number;
  /** Wall time from the start of streaming until every output was compared (`streamMs + compareMs`). */
  readonly checkMs: number;
  /**
   * Host thread time spent on the golden model, payload encoding and comparing, summed over the shards; most
   * of it overlaps with simulation.
   */
  readonly hostMs: number;
  /** Simulated vectors per second: vectors / `streamMs`. */
  readonly vectorsPerSecond: number;
  /** Checked vectors per second, end to end: vectors / `checkMs`. */
  readonly checkedPerSecond: number;
  /** Simulators used, and host threads driving them (the main thread, plus workers beyond two simulators). */
  readonly jobs: number;
  readonly threads: number;
  /** The seed of the vectors (and of the coverage rounds). */
  readonly seed: number;
  /** Wave files of the run (`waves`), one per simulator. */
  readonly waves: readonly string[];
  /** The first mismatch replayed with waves (when there was one and an output folder). */
  readonly replay: ReplayReport | null;
  readonly functionalCoverage: FunctionalCoverage | null;
  readonly codeCoverage: CodeCoverage | null;
  /** The `--until-covered` rounds (their mismatches are counted in `mismatches`). */
  readonly closure: InstrumentReport["closure"];
}

/**
 * Each simulator's first vectors run with `out_ready` toggling at random, which exercises the output
 * handshake (stalls cost cycles, so the rest runs with `out_ready` high).
 */
const FIRST_BLOCK_BACKPRESSURE: CyclePattern = { random: 0.6, seed: 7 };
const FIRST_BLOCK_SIZE = 64;

/**
 * Lints, builds, programs and streams the design, comparing every output with the golden model. Throws
 * `MismatchError` (exit 1) on a lint warning; returns the report otherwise (mismatches included, so callers
 * can print it before failing with {@link assertNoMismatch}).
 */
export async function verifyTarget(t: VerifyTarget, o: VerifyOptions): Promise<VerifyReport> {
  const inst = await instrument(t, { ...o, seed: o.seed });
  try {
    return await verifyInstrumented(t, o, inst);
  } finally {
    await inst.dispose();
  }
}

async function verifyInstrumented(t: VerifyTarget, o: VerifyOptions, inst: Awaited<ReturnType<typeof instrument>>): Promise<VerifyReport> {
  // Lint and build run side by side: Verilator's elaboration is single-threaded, and on a cold 128 x 128
  // tile both take tens of seconds. A lint failure still fails the run once the build has settled.
  o.onStage?.("lint", "verilator --lint-only -Wall");
  const building = buildTileModel(t.tile, inst.files, inst.build);
  building.catch(() => undefined);
  const lint = await lintDesign(t.verilogPaths, t.tile.name);
  if (!lint.ok) {
    await building.catch(() => undefined);
    const shown = lint.messages.slice(0, 10).join("\n  ");
    throw new MismatchError(`${t.name}: verilator --lint-only -Wall reported ${lint.messages.length} message(s):\n  ${shown || lint.output.trim()}`);
  }
  o.onStage?.("build", `Verilator build of ${t.tile.name}`);
  const build = await building;

  const p = t.tile.params;
  // The vectors are made block by block as they are streamed: memory stays flat in their number.
  const plan: VectorPlan = { rows: p.rows, actBits: p.actBits, random: o.vectors, layerLike: Math.ceil(o.vectors / 4), seed: o.seed };
  const n = vectorCount(plan);
  const jobs = Math.max(1, Math.min(o.jobs, n));
  o.onStage?.("simulate", `${n} vectors on ${jobs} simulator(s), each output checked against the golden model as it arrives`);
  const job = {
    tile: t.tile,
    files: inst.files,
    program: t.program,
    vectors: { kind: "generated" as const, plan, start: 0, count: n },
    offset: 0,
    golden: t.plan,
    ...(o.tamper ? { tamper: o.tamper } : {}),
    blockSize: o.blockSize ?? 256,
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    firstBlock: { size: FIRST_BLOCK_SIZE, backpressure: FIRST_BLOCK_BACKPRESSURE },
    ...inst.shard,
  };
  const run = await runShards(job, jobs);
  const extra = await inst.finish({ job, jobs, mismatches: run.mismatches, first: run.first });
  if (run.checked !== n) throw new MismatchError(`${t.name}: the simulator(s) returned ${run.checked} outputs for ${n} vectors`);
  return {
    design: t.name,
    lint: { ok: true, ms: lint.ms, cached: lint.cached },
    build,
    programTransfers: t.program?.transfers.length ?? 0,
    programCycles: run.programCycles,
    vectors: { checked: run.checked, corner: CORNER_VECTORS, random: plan.random, layerLike: plan.layerLike },
    mismatches: run.mismatches + (extra.closure?.mismatches ?? 0),
    firstMismatch: run.first ?? extra.closureMismatch,
    cycles: run.cycles,
    streamMs: run.streamMs,
    compareMs: Math.max(0, run.checkMs - run.streamMs),
    checkMs: run.checkMs,
    hostMs: run.hostMs,
    vectorsPerSecond: n / (run.streamMs / 1000),
    checkedPerSecond: run.checked / (run.checkMs / 1000),
    jobs: run.simulators,
    threads: run.threads,
    seed: o.seed,
    waves: extra.waves,
    replay: extra.replay,
    functionalCoverage: extra.functionalCoverage,
    codeCoverage: extra.codeCoverage,
    closure: extra.closure,
  };
}

/** Throws `MismatchError` (CLI exit 1) with the first differing vector when the report has mismatches. */
export function assertNoMismatch(r: VerifyReport): void {
  if (r.mismatches === 0) return;
  throw new MismatchError(`${r.design}: ${mismatchReport(r)}`);
}

/**
 * The mismatch report: the first differing vector, and where its replay's waves are (with the simulation time
 * of the failing output) when the run wrote them.
 */
export function mismatchReport(r: VerifyReport): string {
  const checked = r.vectors.checked + (r.closure?.vectors ?? 0);
  const text = describeMismatch({ checked, mismatches: r.mismatches, first: r.firstMismatch });
  if (!r.replay) return text;
  const p = r.replay;
  const again = p.reproduced ? "" : ` (the replay gave ${p.observed}, not the observed value: the failure depends on state before the replayed window)`;
  return `${text}\n  waves of the replay (vectors ${p.vectors.first}..${p.vectors.last} after reset and programming): ${p.waves} with GTKWave save file ${p.saveFile}; the failing output is on out_sum at t = ${p.time} (taken at the rising edge at t = ${p.time + SAMPLED_BEFORE_EDGE})${again}`;
}

/**
 * The lint and build steps of {@link verifyTarget} on their own, for flows that then drive the simulators
 * themselves (whole-layer runs): side by side, a lint message failing the run (`MismatchError`, exit 1) once
 * the build has settled.
 */
export async function lintAndBuild(
  t: Pick<VerifyTarget, "name" | "tile" | "files" | "verilogPaths">,
  onStage?: VerifyOptions["onStage"],
): Promise<Pick<VerifyReport, "lint" | "build">> {
  onStage?.("lint", "verilator --lint-only -Wall");
  const building = buildTileModel(t.tile, t.files);
  building.catch(() => undefined);
  const lint = await lintDesign(t.verilogPaths, t.tile.name);
  if (!lint.ok) {
    await building.catch(() => undefined);
    const shown = lint.messages.slice(0, 10).join("\n  ");
    throw new MismatchError(`${t.name}: verilator --lint-only -Wall reported ${lint.messages.length} message(s):\n  ${shown || lint.output.trim()}`);
  }
  onStage?.("build", `Verilator build of ${t.tile.name}`);
  return { lint: { ok: true, ms: lint.ms, cached: lint.cached }, build: await building };
}
