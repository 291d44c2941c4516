import type { CyclePattern, SimDesign } from "../sim/index.js";
import { buildSimulator, simulate } from "../sim/index.js";
import type { ProgrammableTilePorts } from "../hw/build.js";
import { PROG_FIELDS } from "../hw/host.js";

/** The `prog_*` fields of one transfer, in the order of {@link PROG_FIELDS}. */
export type ProgPayload = readonly [target: bigint, xbar: bigint, row: bigint, data: bigint];

/** One simulator's share of a verification run; plain data, so it can be posted to a worker thread. */
export interface ShardJob {
  readonly design: SimDesign;
  /** Programming transfers (programmable designs), sent after reset. */
  readonly program: readonly ProgPayload[] | null;
  /** Packed `in_act` values, streamed in blocks of `blockSize`. */
  readonly payloads: readonly bigint[];
  readonly blockSize: number;
  /** Cycle budget per vector (compute plus handshake slack); a block gets `blockSize` times this plus a margin. */
  readonly cyclesPerVectorBudget: number;
  /** `out_ready` pattern of the first block (later blocks run with `out_ready` always high, for speed). */
  readonly firstBlockBackpressure?: CyclePattern;
  readonly timeoutMs?: number;
  /** Extra Verilator flags (part of the build cache key). */
  readonly buildFlags?: readonly string[];
}

export interface ShardResult {
  /** Packed `out_sum` values, one per payload, in order. */
  readonly outputs: bigint[];
  readonly cycles: number;
  /** Wall time of the streaming alone (after build, start and programming). */
  readonly streamMs: number;
  readonly programCycles: number;
}

/** A started, reset and programmed simulator, ready to stream its payloads. */
export interface OpenShard {
  readonly programCycles: number;
  stream(): Promise<ShardResult>;
  close(): Promise<void>;
}

/**
 * Starts a simulator of the design, resets it and programs it through `prog_*` (when there is a program).
 * `stream()` then sends the activation payloads through `in_*` / `out_*` in blocks, collecting every result.
 * The two phases are separate so that several shards can start streaming at the same moment.
 */
export async function openShard(job: ShardJob): Promise<OpenShard> {
  const dut = await simulate(job.design as SimDesign<ProgrammableTilePorts>, {
    ...(job.timeoutMs !== undefined ? { timeoutMs: job.timeoutMs } : {}),
    ...(job.buildFlags ? { build: { extraFlags: job.buildFlags } } : {}),
  });
  try {
    await dut.reset();
    let programCycles = 0;
    if (job.program && job.program.length > 0) {
      const r = await dut.stream({
        input: { valid: "prog_valid", ready: "prog_ready", data: [...PROG_FIELDS] },
        output: { valid: "out_valid", ready: "out_ready", data: "out_sum" },
        payloads: job.program,
        expect: 0,
        maxCycles: job.program.length * 4 + 1000,
      });
      programCycles = r.cycles;
    }
    const stream = async (): Promise<ShardResult> => {
      const outputs: bigint[] = [];
      let cycles = 0;
      const t0 = performance.now();
      for (let start = 0; start < job.payloads.length; start += job.blockSize) {
        const block = job.payloads.slice(start, start + job.blockSize);
        const backpressure = start === 0 && job.firstBlockBackpressure !== undefined ? job.firstBlockBackpressure : "always";
        const r = await dut.stream({
          input: { valid: "in_valid", ready: "in_ready", data: "in_act" },
          output: { valid: "out_valid", ready: "out_ready", data: "out_sum" },
          payloads: block,
          backpressure,
          maxCycles: block.length * job.cyclesPerVectorBudget * (backpressure === "always" ? 1 : 4) + 1000,
        });
        cycles += r.cycles;
        for (const o of r.outputs) outputs.push(o as bigint);
      }
      return { outputs, cycles, streamMs: performance.now() - t0, programCycles };
    };
    return { programCycles, stream, close: () => dut.close() };
  } catch (err) {
    await dut.close().catch(() => undefined);
    throw err;
  }
}

/** Opens, streams and closes one shard. */
export async function runShard(job: ShardJob): Promise<ShardResult> {
  const shard = await openShard(job);
  try {
    return await shard.stream();
  } finally {
    await shard.close();
  }
}

/** Builds (or finds in the cache) the design's Verilator model; the time and whether it was cached. */
export async function buildModel(design: SimDesign, extraFlags?: readonly string[]): Promise<{ ms: number; cached: boolean }> {
  const t0 = performance.now();
  const clock = design.ports.some((p) => p.name === "clk") ? "clk" : undefined;
  const built = await buildSimulator(design, { clock, ...(extraFlags ? { extraFlags } : {}) });
  return { ms: performance.now() - t0, cached: built.cached };
}
