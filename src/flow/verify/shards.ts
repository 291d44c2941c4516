import { Worker } from "node:worker_threads";
import { UserError } from "../../util/errors.js";
import { workerModule } from "../../util/worker-module.js";
import { sourceLength, sourceSlice } from "./activations.js";
import { mergeCompareResults } from "./compare.js";
import { SIMULATORS_PER_THREAD } from "./parallelism.js";
import { checkShards, OpenShard, type ShardJob, type ShardResult } from "./sim-shard.js";

type WorkerReply = { kind: "ready" } | { kind: "done"; results: ShardResult[] } | { kind: "error"; name: string; message: string; exitCode?: number };

interface RemoteGroup {
  readonly ready: Promise<void>;
  readonly done: Promise<ShardResult[]>;
  go(): void;
  stop(): Promise<void>;
}

function startWorker(jobs: readonly ShardJob[]): RemoteGroup {
  const worker = new Worker(workerModule(import.meta.url, "./shard-worker.js", "./shard-worker-entry.mjs"), { workerData: jobs });
  let onReady!: () => void;
  let onDone!: (r: ShardResult[]) => void;
  let onError!: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => {
    onReady = res;
    onError = rej;
  });
  const done = new Promise<ShardResult[]>((res, rej) => {
    onDone = res;
    const prev = onError;
    onError = (e) => {
      prev(e);
      rej(e);
    };
  });
  ready.catch(() => undefined);
  done.catch(() => undefined);
  let finished = false;
  worker.on("message", (msg: WorkerReply) => {
    if (msg.kind === "ready") onReady();
    else if (msg.kind === "done") {
      finished = true;
      onDone(msg.results);
    } else {
      finished = true;
      onError(msg.exitCode !== undefined ? new UserError(msg.message, { exitCode: msg.exitCode }) : Object.assign(new Error(msg.message), { name: msg.name }));
    }
  });
  worker.once("error", (err) => {
    finished = true;
    onError(err);
  });
  worker.once("exit", (code) => {
    if (!finished) onError(new Error(`verification worker exited with code ${code} before reporting`));
  });
  return { ready, done, go: () => worker.postMessage("go"), stop: async () => void (await worker.terminate()) };
}

/**
 * The shards' results together: outputs concatenated in order, cycles and host time summed, `streamMs` and
 * `checkMs` measured from the common start of streaming (the last reply read, the last output compared).
 */
export interface ShardsResult extends ShardResult {
  /** Simulators used (at most one per vector) and host threads driving them. */
  readonly simulators: number;
  readonly threads: number;
}

/**
 * How `count` vectors are split over `jobs` simulators: equal shards of `per` vectors (the last one shorter),
 * `n` of them: 5 vectors on 4 simulators are 2 + 2 + 1, not 2 + 2 + 1 + 0.
 */
export function shardSplit(count: number, jobs: number): { per: number; n: number } {
  const per = Math.max(1, Math.ceil(count / Math.max(1, Math.min(jobs, count))));
  return { per, n: Math.max(1, Math.ceil(count / per)) };
}

/**
 * Runs the job's vectors over `jobs` simulators (contiguous shards; mismatches by their index in the whole
 * run, outputs concatenated in order). Shards are grouped {@link SIMULATORS_PER_THREAD} to a host thread: the
 * first group in this thread, the others in worker threads. Every shard is started and programmed first, then
 * all stream together, so the times measured are the streaming and checking alone.
 */
export async function runShards(job: ShardJob, jobs: number): Promise<ShardsResult> {
  const count = sourceLength(job.vectors);
  const { per, n } = shardSplit(count, jobs);
  const shards: ShardJob[] = Array.from({ length: n }, (_, k) => ({
    ...job,
    vectors: sourceSlice(job.vectors, k * per, (k + 1) * per),
    offset: job.offset + k * per,
    tamper: job.tamper?.filter((t) => t.vector >= job.offset + k * per && t.vector < job.offset + (k + 1) * per),
  }));
  const groups: ShardJob[][] = [];
  for (let k = 0; k < n; k += SIMULATORS_PER_THREAD) groups.push(shards.slice(k, k + SIMULATORS_PER_THREAD));
  const remote = groups.slice(1).map(startWorker);
  const local: OpenShard[] = [];
  try {
    for (const s of groups[0]) local.push(await OpenShard.open(s));
    await Promise.all(remote.map((r) => r.ready));
    const t0 = performance.now();
    for (const r of remote) r.go();
    const mine = await checkShards(local);
    const others = (await Promise.all(remote.map((r) => r.done))).flat();
    const checkMs = performance.now() - t0;
    const results = [...mine, ...others];
    return {
      ...mergeCompareResults(results),
      outputs: job.golden ? null : results.flatMap((r) => r.outputs ?? []),
      cycles: results.reduce((a, r) => a + r.cycles, 0),
      streamMs: Math.max(...results.map((r) => r.streamMs)),
      checkMs,
      hostMs: results.reduce((a, r) => a + r.hostMs, 0),
      programCycles: mine[0].programCycles,
      simulators: n,
      threads: groups.length,
    };
  } finally {
    await Promise.all([...local.map((s) => s.close()), ...remote.map((r) => r.stop())]);
  }
}
