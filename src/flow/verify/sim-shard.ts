// The driver modules directly, not the hw barrel: a worker thread need not load the tile generators.
import { openTile, startVectors, type TileDut } from "../../hw/host.js";
import { resultColumns } from "../../hw/payloads.js";
import type { TileInterface } from "../../hw/tile-interface.js";
import { join } from "node:path";
import { writeCoverage, type CoverageKind, type CyclePattern, type StreamRun, type VerilogFile, type WaveFormat } from "../../sim/index.js";
import { compileTileModel, type MappingPlan, type ProgramImage, type TileModel } from "../../sme/index.js";
import { sourceLength, sourceVectors, type VectorSource } from "./activations.js";
import { describeFirst, differingColumns, type CompareResult, type Mismatch } from "./compare.js";

/**
 * A deliberate error in the expected outputs, described as data so that it reaches whichever shard owns the
 * vector (also in a worker thread): the golden model's column `column` of vector `vector` (index in the whole
 * run) is changed by `delta`. Tests use it to prove that mismatches are caught and reported.
 */
export interface ExpectedTamper {
  readonly vector: number;
  readonly column: number;
  readonly delta: number;
}

/** One simulator's share of a verification run; plain data, so it can be posted to a worker thread. */
export interface ShardJob {
  /** The tile: ports, widths, timing (from which the driver takes port names and cycle budgets). */
  readonly tile: TileInterface;
  /** Its Verilog, as simulated. */
  readonly files: readonly VerilogFile[];
  /** Programmable designs: the image sent after reset. */
  readonly program: ProgramImage | null;
  /**
   * This shard's activation vectors (A-bit unsigned values, `rows` per vector): a list, or a range of
   * generated ones, which are made block by block so memory does not grow with the vector count.
   */
  readonly vectors: VectorSource;
  /** Index of `vectors[0]` in the whole run: mismatches are reported by that index. */
  readonly offset: number;
  /** Checks every output against the golden model running this plan; `null` only streams and returns the outputs. */
  readonly golden: MappingPlan | null;
  readonly tamper?: readonly ExpectedTamper[];
  /** Vectors per stream request. */
  readonly blockSize: number;
  /**
   * A first, smaller block streamed with this `out_ready` pattern, to exercise the output handshake (the other
   * blocks run with `out_ready` always high, for speed).
   */
  readonly firstBlock?: { readonly size: number; readonly backpressure: CyclePattern };
  /** Milliseconds the simulator may take to answer before it counts as hung. */
  readonly timeoutMs?: number;
  /** Extra Verilator flags (part of the build cache key). */
  readonly buildFlags?: readonly string[];
  /**
   * Debug outputs, written into `outputDir` and named by the shard's first vector: the run's waves
   * (`waves-<offset>.<format>`, a traced build) and Verilator's coverage counts at the end (`coverage-<offset>.dat`,
   * a coverage build of these kinds).
   */
  readonly outputDir?: string;
  readonly waves?: WaveFormat;
  readonly coverage?: readonly CoverageKind[];
  /** With a golden model, also keep the observed outputs as numbers (`columns` of the result), e.g. to add partial sums. */
  readonly keepColumns?: boolean;
}

/** The coverage file a shard writes into its `outputDir`. */
export const shardCoverageFile = (offset: number): string => `coverage-${offset}.dat`;
/** The wave file a shard writes into its `outputDir`. */
export const shardWavesFile = (offset: number, format: WaveFormat): string => `waves-${offset}.${format}`;

export interface ShardResult extends CompareResult {
  /** The outputs as the simulator's hex text (unsigned, no leading zeros), when the job had no golden model. */
  readonly outputs: string[] | null;
  readonly cycles: number;
  /** From the start of streaming until the last reply of the simulator was read. */
  readonly streamMs: number;
  /** From the start of streaming until the last output was compared. */
  readonly checkMs: number;
  /** Host thread time spent on this shard's payload encoding, golden model and comparison. */
  readonly hostMs: number;
  readonly programCycles: number;
  /** `keepColumns`: the observed outputs, `C` signed columns per vector in order. */
  readonly columns?: Float64Array;
}

/** Stream requests kept in flight per simulator: one being simulated, one queued behind it. */
const IN_FLIGHT = 2;

export interface Block {
  readonly start: number;
  readonly end: number;
  readonly backpressure: CyclePattern;
}

/** A block posted to the simulator: its vectors are kept until its reply is compared. */
interface InFlight {
  readonly run: StreamRun<string>;
  readonly vectors: readonly ArrayLike<number>[];
}

/**
 * A started, reset and programmed simulator with its share of the vectors. The streaming is a pipeline the
 * caller advances block by block with `step()`: while the simulator computes block k (with block k + 1 queued
 * behind it), the host runs the golden model for block k, then reads block k's reply, queues block k + 2 and
 * compares. One thread can so keep several simulators busy by stepping them in turn.
 */
export class OpenShard {
  private readonly blocks: BlockPlan;
  private readonly runs = new Map<number, InFlight>();
  private model: TileModel | null = null;
  private next = 0;
  private t0 = 0;
  private cycles = 0;
  private streamMs = 0;
  private checkMs = 0;
  private hostMs = 0;
  private mismatches = 0;
  /** Outputs compared with the golden model so far. */
  private checked = 0;
  private first: Mismatch | null = null;
  private readonly outputs: string[] | null;
  private expectedBuffer = new Float64Array(0);
  private readonly columns: Float64Array | null;

  private constructor(
    private readonly dut: TileDut,
    private readonly job: ShardJob,
    readonly programCycles: number,
    private readonly ownsSimulator = true,
  ) {
    this.blocks = new BlockPlan(sourceLength(job.vectors), job.blockSize, job.firstBlock);
    this.outputs = job.golden ? null : [];
    this.columns = job.golden && job.keepColumns ? new Float64Array(sourceLength(job.vectors) * job.tile.params.cols) : null;
  }

  /**
   * Starts a simulator of the design, resets it and programs it through `prog_*` (when there is a program);
   * streaming starts later with `start()`, so that several shards can start at the same moment.
   */
  static async open(job: ShardJob): Promise<OpenShard> {
    if ((job.waves || job.coverage?.length) && !job.outputDir) throw new Error("internal: waves and coverage need a shard output folder");
    const { dut, programCycles } = await openTile(job.tile, job.files, job.program, {
      ...(job.timeoutMs !== undefined ? { timeoutMs: job.timeoutMs } : {}),
      ...(job.buildFlags ? { buildFlags: job.buildFlags } : {}),
      ...(job.waves ? { waves: { format: job.waves, dir: job.outputDir!, name: `waves-${job.offset}` } } : {}),
      ...(job.coverage?.length ? { coverage: job.coverage } : {}),
    });
    return new OpenShard(dut, job, programCycles);
  }

  /**
   * A shard on a simulator that is already open and holds the job's weights (a whole-layer run programs one
   * simulator with tile after tile); `job.program` is not sent again and `close()` leaves the simulator running.
   */
  static attach(dut: TileDut, job: ShardJob, programCycles: number): OpenShard {
    return new OpenShard(dut, job, programCycles, false);
  }

  /** True once every block was compared. */
  get done(): boolean {
    return this.next >= this.blocks.count;
  }

  /** Queues the first blocks; the simulator starts computing at once. */
  start(): void {
    this.t0 = performance.now();
    for (let k = 0; k < Math.min(IN_FLIGHT, this.blocks.count); k++) this.post(k);
    if (this.blocks.count === 0) this.streamMs = this.checkMs = 0;
  }

  /** Checks the next block (see the class comment for the overlap). */
  async step(): Promise<void> {
    const k = this.next++;
    const b = this.blocks.at(k);
    const flight = this.runs.get(k)!;
    const h0 = performance.now();
    const expected = this.job.golden ? this.expected(b, flight.vectors) : null;
    const h1 = performance.now();
    const reply = await flight.run.collect();
    this.runs.delete(k);
    const h2 = performance.now();
    this.streamMs = h2 - this.t0;
    if (k + IN_FLIGHT < this.blocks.count) this.post(k + IN_FLIGHT);
    this.cycles += reply.cycles;
    if (expected) this.compare(b, flight.vectors, reply.outputs, expected);
    else this.outputs!.push(...reply.outputs);
    const h3 = performance.now();
    this.checkMs = h3 - this.t0;
    this.hostMs += h1 - h0 + (h3 - h2);
  }

  result(): ShardResult {
    return {
      checked: this.checked,
      mismatches: this.mismatches,
      first: this.first,
      outputs: this.outputs,
      cycles: this.cycles,
      streamMs: this.streamMs,
      checkMs: this.checkMs,
      hostMs: this.hostMs,
      programCycles: this.programCycles,
      ...(this.columns ? { columns: this.columns } : {}),
    };
  }

  /** Ends the simulator (when this shard opened it); a coverage build first writes its counts into the output folder. */
  async close(): Promise<void> {
    if (!this.ownsSimulator) return;
    if (this.job.coverage?.length && this.done) await writeCoverage(this.dut, join(this.job.outputDir!, shardCoverageFile(this.job.offset)));
    return this.dut.close();
  }

  private post(k: number): void {
    const b = this.blocks.at(k);
    const vectors = sourceVectors(this.job.vectors, b.start, b.end);
    this.runs.set(k, { run: startVectors(this.dut, this.job.tile, vectors, { backpressure: b.backpressure }), vectors });
  }

  /**
   * The golden model's outputs for a block, copied into one buffer that is reused from block to block (the
   * block waits for its reply in between, and per-vector arrays kept that long cost the garbage collector
   * more than the copy).
   */
  private expected(b: Block, vectors: readonly ArrayLike<number>[]): Float64Array {
    const cols = this.job.tile.params.cols;
    const n = b.end - b.start;
    if (this.expectedBuffer.length < n * cols) this.expectedBuffer = new Float64Array(n * cols);
    const out = this.expectedBuffer;
    // Compiled at the first block, once that block is on its way to the simulator: the two overlap.
    this.model ??= compileTileModel(this.job.golden!, this.job.tile.params);
    for (let i = 0; i < n; i++) out.set(this.model.run(vectors[i]), i * cols);
    for (const t of this.job.tamper ?? []) {
      const v = t.vector - this.job.offset;
      if (v >= b.start && v < b.end) out[(v - b.start) * cols + t.column] += t.delta;
    }
    return out;
  }

  private compare(b: Block, vectors: readonly ArrayLike<number>[], observed: readonly string[], expected: Float64Array): void {
    const tile = this.job.tile;
    const cols = tile.params.cols;
    // Only outputs that arrived are compared and counted; the caller checks that every vector got one.
    const n = Math.min(b.end - b.start, observed.length);
    for (let i = 0; i < n; i++) {
      this.checked++;
      const got = resultColumns(tile, observed[i]);
      this.columns?.set(got, (b.start + i) * cols);
      const want = expected.subarray(i * cols, (i + 1) * cols);
      const bad = differingColumns(got, want);
      if (bad === null) continue;
      this.mismatches++;
      this.first ??= describeFirst(this.job.offset + b.start + i, bad, want, got, vectors[i]);
    }
  }
}

/**
 * Block boundaries, computed when asked for (a run of 100 million vectors has 400 thousand blocks): an optional
 * first block with its own back-pressure, then blocks of `size`.
 */
class BlockPlan {
  readonly count: number;
  private readonly firstEnd: number;
  constructor(
    private readonly n: number,
    private readonly size: number,
    private readonly first?: ShardJob["firstBlock"],
  ) {
    this.firstEnd = first && n > 0 ? Math.min(n, Math.max(1, first.size)) : 0;
    this.count = (this.firstEnd > 0 ? 1 : 0) + Math.ceil((n - this.firstEnd) / size);
  }

  at(k: number): Block {
    if (this.firstEnd > 0) {
      if (k === 0) return { start: 0, end: this.firstEnd, backpressure: this.first!.backpressure };
      k--;
    }
    const start = this.firstEnd + k * this.size;
    return { start, end: Math.min(this.n, start + this.size), backpressure: "always" };
  }
}

/** Block boundaries as a list (a replay's few vectors): an optional first block with its own back-pressure, then blocks of `size`. */
export function splitBlocks(n: number, size: number, first?: ShardJob["firstBlock"]): Block[] {
  const plan = new BlockPlan(n, size, first);
  return Array.from({ length: plan.count }, (_, k) => plan.at(k));
}

/**
 * Streams and checks several open shards from this thread: each is started, then they are stepped in turn,
 * so every simulator always has a block queued while the host checks another's reply.
 */
export async function checkShards(shards: readonly OpenShard[]): Promise<ShardResult[]> {
  for (const s of shards) s.start();
  for (let active = shards.filter((s) => !s.done); active.length > 0; active = active.filter((s) => !s.done)) {
    for (const s of active) await s.step();
  }
  return shards.map((s) => s.result());
}

/** Opens, streams (checking when the job has a golden model) and closes one shard. */
export async function runShard(job: ShardJob): Promise<ShardResult> {
  const shard = await OpenShard.open(job);
  try {
    return (await checkShards([shard]))[0];
  } finally {
    await shard.close();
  }
}
