/**
 * The simulators of a whole-layer run, grouped by the host thread that drives them: up to
 * `SIMULATORS_PER_THREAD` in this thread, each further group in a worker thread (as `sme verify --jobs`
 * groups its shards, docs/flow.md). Every group takes a list of tile units per simulator and returns their
 * results; the simulators stay open from layer to layer.
 */
import { Worker } from "node:worker_threads";
import type { TileInterface } from "../../hw/tile-interface.js";
import type { VerilogFile } from "../../sim/index.js";
import { UserError } from "../../util/errors.js";
import { SIMULATORS_PER_THREAD } from "../verify/parallelism.js";
import { TileSimulator, type UnitResult, type UnitRunOptions } from "./tile-simulator.js";
import type { TileUnit } from "./tile-units.js";

export interface SimulatorGroup {
  /** Simulators in the group. */
  readonly size: number;
  /** Runs `lists[k]` on the group's simulator k; results in the same shape. */
  run(lists: readonly (readonly TileUnit[])[], options: readonly UnitRunOptions[]): Promise<UnitResult[][]>;
  close(): Promise<void>;
}

/** Work for a worker thread's simulators, and what comes back. */
export type TileWorkerRequest =
  | { readonly kind: "run"; readonly lists: readonly (readonly TileUnit[])[]; readonly options: readonly UnitRunOptions[] }
  | { readonly kind: "close" };
export type TileWorkerReply =
  | { kind: "ready" }
  | { kind: "done"; results: UnitResult[][] }
  | { kind: "closed" }
  | { kind: "error"; name: string; message: string; exitCode?: number };

export interface TileWorkerData {
  readonly tile: TileInterface;
  readonly files: readonly VerilogFile[];
  readonly simulators: number;
}

/** Runs lists of units on simulators in this thread, all at once (each waits for its own simulator in turn). */
export async function runOnSimulators(
  sims: readonly TileSimulator[],
  lists: readonly (readonly TileUnit[])[],
  options: readonly UnitRunOptions[],
): Promise<UnitResult[][]> {
  return Promise.all(sims.map((s, k) => ((lists[k]?.length ?? 0) > 0 ? s.run(lists[k]!, options[k]!) : Promise.resolve([]))));
}

class LocalGroup implements SimulatorGroup {
  constructor(private readonly sims: readonly TileSimulator[]) {}
  get size(): number {
    return this.sims.length;
  }
  run(lists: readonly (readonly TileUnit[])[], options: readonly UnitRunOptions[]): Promise<UnitResult[][]> {
    return runOnSimulators(this.sims, lists, options);
  }
  async close(): Promise<void> {
    await Promise.all(this.sims.map((s) => s.close().catch(() => undefined)));
  }
}

class WorkerGroup implements SimulatorGroup {
  private pending: { resolve: (r: TileWorkerReply) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;

  private constructor(
    private readonly worker: Worker,
    readonly size: number,
  ) {
    worker.on("message", (msg: TileWorkerReply) => {
      const p = this.pending;
      this.pending = null;
      if (msg.kind === "error") {
        const err =
          msg.exitCode !== undefined ? new UserError(msg.message, { exitCode: msg.exitCode }) : Object.assign(new Error(msg.message), { name: msg.name });
        this.failure = err;
        p?.reject(err);
      } else p?.resolve(msg);
    });
    const fail = (err: Error): void => {
      this.failure ??= err;
      this.pending?.reject(err);
      this.pending = null;
    };
    worker.once("error", fail);
    worker.once("exit", (code) => fail(new Error(`whole-layer simulator thread exited with code ${code}`)));
  }

  private next(): Promise<TileWorkerReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.pending = { resolve, reject }));
  }

  static async start(data: TileWorkerData): Promise<WorkerGroup> {
    const worker = new Worker(new URL("./tile-worker-entry.mjs", import.meta.url), { workerData: data });
    const group = new WorkerGroup(worker, data.simulators);
    try {
      await group.next();
    } catch (err) {
      await worker.terminate();
      throw err;
    }
    return group;
  }

  async run(lists: readonly (readonly TileUnit[])[], options: readonly UnitRunOptions[]): Promise<UnitResult[][]> {
    const reply = this.next();
    // The units' buffers move to the worker: this thread only needs their positions from here on.
    const transfer = lists.flatMap((l) => l.flatMap((u) => [u.vectors.buffer as ArrayBuffer]));
    this.worker.postMessage({ kind: "run", lists, options } satisfies TileWorkerRequest, [...new Set(transfer)]);
    const r = await reply;
    if (r.kind !== "done") throw new Error(`whole-layer simulator thread answered ${r.kind} to a run`);
    return r.results;
  }

  async close(): Promise<void> {
    if (!this.failure) {
      const reply = this.next();
      this.worker.postMessage({ kind: "close" } satisfies TileWorkerRequest);
      await reply.catch(() => undefined);
    }
    await this.worker.terminate();
  }
}

/**
 * Opens `jobs` simulators of the tile (reset, every slot disabled): the first `SIMULATORS_PER_THREAD` in this
 * thread, the rest in worker threads of that many each. Returns the groups in simulator order.
 */
export async function openSimulators(tile: TileInterface, files: readonly VerilogFile[], jobs: number): Promise<SimulatorGroup[]> {
  const starting: Promise<WorkerGroup>[] = [];
  for (let first = SIMULATORS_PER_THREAD; first < jobs; first += SIMULATORS_PER_THREAD) {
    starting.push(WorkerGroup.start({ tile, files, simulators: Math.min(SIMULATORS_PER_THREAD, jobs - first) }));
  }
  const local: TileSimulator[] = [];
  const openLocal = async (): Promise<void> => {
    for (let k = 0; k < Math.min(jobs, SIMULATORS_PER_THREAD); k++) local.push(await TileSimulator.open(tile, files));
  };
  const [mine, ...others] = await Promise.allSettled([openLocal(), ...starting]);
  const groups: SimulatorGroup[] = [new LocalGroup(local), ...others.flatMap((s) => (s.status === "fulfilled" ? [s.value as WorkerGroup] : []))];
  const failed = [mine, ...others].find((s): s is PromiseRejectedResult => s!.status === "rejected");
  if (failed) {
    await Promise.all(groups.map((g) => g.close().catch(() => undefined)));
    throw failed.reason;
  }
  return groups;
}
