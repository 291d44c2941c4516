import { compileTileModel, type MappingPlan, type ProgramImage, type TileParams } from "../sme/index.js";
import { packFields, type CyclePattern, type SimDesign } from "../sim/index.js";
import { MismatchError } from "../util/errors.js";
import { activationVectors } from "./activations.js";
import { compareOutputs, describeMismatch, type Mismatch } from "./compare.js";
import { lintDesign } from "./lint.js";
import { runShards } from "./shards.js";
import { buildModel, type ProgPayload } from "./sim-shard.js";

/** A design on disk to verify, with the golden model's plan for what it should compute. */
export interface VerifyTarget {
  readonly name: string;
  readonly design: SimDesign;
  /** Absolute paths of the Verilog files (linted as written). */
  readonly verilogPaths: readonly string[];
  readonly params: TileParams;
  readonly outputWidth: number;
  /** Programmable designs: the image sent through `prog_*`. Null for baked designs. */
  readonly program: ProgramImage | null;
  /** The plan the golden model runs (from the weights, or from the image for a folder read back). */
  readonly plan: MappingPlan;
  readonly cyclesPerVector: number;
  readonly latency: number;
}

export interface VerifyOptions {
  /** Uniform random vectors; a quarter as many real-layer-like vectors and a few corner vectors come on top. */
  readonly vectors: number;
  readonly jobs: number;
  readonly seed: number;
  /** Vectors per stream request to the simulator (default 1024). */
  readonly blockSize?: number;
  /** Stage messages (lint, build, program, stream) for a progress line. */
  readonly onStage?: (stage: "lint" | "build" | "simulate" | "compare", detail: string) => void;
  /** Test hook: alters the golden model's outputs for a vector, to prove mismatches are caught and reported. */
  readonly tamperExpected?: (vector: number, y: Float64Array) => void;
}

export interface VerifyReport {
  readonly design: string;
  readonly lint: { readonly ok: true; readonly ms: number; readonly cached: boolean };
  readonly build: { readonly ms: number; readonly cached: boolean };
  /** Programming transfers sent and the cycles they took (0 for baked designs). */
  readonly programTransfers: number;
  readonly programCycles: number;
  readonly vectors: { readonly checked: number; readonly corner: number; readonly random: number; readonly layerLike: number };
  readonly mismatches: number;
  readonly firstMismatch: Mismatch | null;
  readonly cycles: number;
  /** Wall time of streaming the vectors through the simulator(s). */
  readonly streamMs: number;
  /** Wall time of the golden model and the comparison. */
  readonly compareMs: number;
  /** Simulated vectors per second (streaming alone). */
  readonly vectorsPerSecond: number;
  /** Vectors per second including the golden model and the comparison. */
  readonly checkedPerSecond: number;
  readonly jobs: number;
}

/** The backpressure of the first block: `out_ready` toggling at random exercises the output handshake. */
const FIRST_BLOCK_BACKPRESSURE: CyclePattern = { random: 0.6, seed: 7 };

/**
 * Lints, builds, programs and streams the design, comparing every output with the golden model. Throws
 * `MismatchError` (exit 1) on a lint warning; returns the report otherwise (mismatches included, so callers
 * can print it before failing with {@link assertNoMismatch}).
 */
export async function verifyTarget(t: VerifyTarget, o: VerifyOptions): Promise<VerifyReport> {
  // Lint and build run side by side: Verilator's elaboration is single-threaded, and on a cold 128 x 128
  // tile both take tens of seconds. A lint failure still fails the run once the build has settled.
  o.onStage?.("lint", "verilator --lint-only -Wall");
  const building = buildModel(t.design);
  building.catch(() => undefined);
  const lint = await lintDesign(t.verilogPaths, t.design.top);
  if (!lint.ok) {
    await building.catch(() => undefined);
    const shown = lint.messages.slice(0, 10).join("\n  ");
    throw new MismatchError(`${t.name}: verilator --lint-only -Wall reported ${lint.messages.length} message(s):\n  ${shown || lint.output.trim()}`);
  }
  o.onStage?.("build", `Verilator build of ${t.design.top}`);
  const build = await building;

  const p = t.params;
  const set = activationVectors(p.rows, p.actBits, { random: o.vectors, layerLike: Math.ceil(o.vectors / 4), seed: o.seed });
  const payloads = set.vectors.map((x) => packFields(Array.from(x, (v) => BigInt(v)), p.actBits));
  const program: ProgPayload[] | null = t.program
    ? t.program.transfers.map((tr) => [BigInt(tr.target), BigInt(tr.xbar), BigInt(tr.row), tr.data] as const)
    : null;
  o.onStage?.("simulate", `${set.vectors.length} vectors on ${o.jobs} simulator(s)`);
  const run = await runShards(
    {
      design: t.design,
      program,
      payloads,
      blockSize: o.blockSize ?? 1024,
      cyclesPerVectorBudget: t.cyclesPerVector + t.latency + 8,
      firstBlockBackpressure: FIRST_BLOCK_BACKPRESSURE,
    },
    o.jobs,
  );
  o.onStage?.("compare", "golden model");
  const model = compileTileModel(t.plan, p);
  let index = 0;
  const expected = (x: ArrayLike<number>): Float64Array => {
    const y = model.run(x);
    o.tamperExpected?.(index, y);
    index++;
    return y;
  };
  const c0 = performance.now();
  const cmp = compareOutputs(set.vectors, run.outputs, expected, p.cols, t.outputWidth);
  const compareMs = performance.now() - c0;
  return {
    design: t.name,
    lint: { ok: true, ms: lint.ms, cached: lint.cached },
    build,
    programTransfers: program?.length ?? 0,
    programCycles: run.programCycles,
    vectors: { checked: cmp.checked, ...set.counts },
    mismatches: cmp.mismatches,
    firstMismatch: cmp.first,
    cycles: run.cycles,
    streamMs: run.streamMs,
    compareMs,
    vectorsPerSecond: set.vectors.length / (run.streamMs / 1000),
    checkedPerSecond: set.vectors.length / ((run.streamMs + compareMs) / 1000),
    jobs: o.jobs,
  };
}

/** Throws `MismatchError` (CLI exit 1) with the first differing vector when the report has mismatches. */
export function assertNoMismatch(r: VerifyReport): void {
  if (r.mismatches === 0) return;
  throw new MismatchError(
    `${r.design}: ${describeMismatch({ checked: r.vectors.checked, mismatches: r.mismatches, first: r.firstMismatch })}`,
  );
}
