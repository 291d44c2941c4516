import { Worker } from "node:worker_threads";
import { UserError } from "../util/errors.js";
import { openShard, type ShardJob, type ShardResult } from "./sim-shard.js";

type WorkerReply =
  | { kind: "ready" }
  | { kind: "done"; result: ShardResult }
  | { kind: "error"; name: string; message: string; exitCode?: number };

interface RemoteShard {
  readonly ready: Promise<void>;
  readonly done: Promise<ShardResult>;
  go(): void;
  stop(): Promise<void>;
}

function startWorker(job: ShardJob): RemoteShard {
  const worker = new Worker(new URL("./shard-worker-entry.mjs", import.meta.url), { workerData: job });
  let onReady!: () => void;
  let onDone!: (r: ShardResult) => void;
  let onError!: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => {
    onReady = res;
    onError = rej;
  });
  const done = new Promise<ShardResult>((res, rej) => {
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
      onDone(msg.result);
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

export interface ShardsResult {
  readonly outputs: bigint[];
  readonly cycles: number;
  /** Wall time from the common start of streaming until the last shard finished. */
  readonly streamMs: number;
  readonly programCycles: number;
}

/**
 * Runs the payloads over `jobs` simulators (contiguous shards, results concatenated in order): shard 0 in
 * this thread, the others in worker threads, each driving its own simulator process. All shards are started
 * and programmed first, then stream together, so the time measured is the streaming alone.
 */
export async function runShards(job: ShardJob, jobs: number): Promise<ShardsResult> {
  const n = Math.max(1, Math.min(jobs, job.payloads.length || 1));
  const per = Math.ceil(job.payloads.length / n);
  const shards = Array.from({ length: n }, (_, k) => ({ ...job, payloads: job.payloads.slice(k * per, (k + 1) * per) }));
  const remote = shards.slice(1).map(startWorker);
  try {
    const local = await openShard(shards[0]);
    try {
      await Promise.all(remote.map((r) => r.ready));
      const t0 = performance.now();
      for (const r of remote) r.go();
      const mine = await local.stream();
      const others = await Promise.all(remote.map((r) => r.done));
      const results = [mine, ...others];
      return {
        outputs: results.flatMap((r) => r.outputs),
        cycles: results.reduce((a, r) => a + r.cycles, 0),
        streamMs: performance.now() - t0,
        programCycles: mine.programCycles,
      };
    } finally {
      await local.close();
    }
  } finally {
    await Promise.all(remote.map((r) => r.stop()));
  }
}
