import { Worker } from "node:worker_threads";
import { UserError } from "../util/errors.js";
import { workerModule } from "../util/worker-module.js";
import { loadEvaluatorModule, type EvaluatorSetup, type PointEvaluator } from "./evaluator.js";
import type { SweepPoint } from "./params.js";
import type { PointResult } from "./result.js";
import type { WorkerReady, WorkerReply, WorkerRequest } from "./worker-thread.js";

/**
 * Runs batches of points somewhere: in this thread or in a pool of worker threads. A batch stays on one worker,
 * so points that share work (the modes of one configuration) share that worker's caches.
 */
export interface PointExecutor {
  run(points: readonly SweepPoint[]): Promise<PointResult[]>;
  close(): Promise<void>;
}

/** Evaluates in the calling thread (`--jobs 1`): no start-up cost, one model copy. */
export async function inProcessExecutor(evaluatorUrl: string, setup: EvaluatorSetup): Promise<PointExecutor> {
  const evaluate: PointEvaluator = await (await loadEvaluatorModule(evaluatorUrl)).createPointEvaluator(setup);
  return {
    async run(points) {
      const out: PointResult[] = [];
      for (const p of points) out.push(await evaluate(p));
      return out;
    },
    close: async () => {},
  };
}

interface Pending {
  readonly resolve: (r: PointResult[]) => void;
  readonly reject: (e: Error) => void;
}

/**
 * A pool of worker threads, each loading the model once. Points go to the first idle worker; a worker that
 * dies fails its point and the sweep (results already appended stay, so the sweep resumes).
 */
export async function workerPoolExecutor(jobs: number, evaluatorUrl: string, setup: EvaluatorSetup): Promise<PointExecutor> {
  const entry = workerModule(import.meta.url, "./worker-thread.js", "./worker-entry.mjs");
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  const waiting: (() => void)[] = [];
  const pending = new Map<number, Pending>();
  const owner = new Map<Worker, number>();
  let nextId = 0;

  const release = (w: Worker): void => {
    owner.delete(w);
    const next = waiting.shift();
    idle.push(w);
    next?.();
  };

  const started = Promise.all(
    Array.from(
      { length: jobs },
      () =>
        new Promise<void>((resolve, reject) => {
          const w = new Worker(entry, { workerData: { evaluatorUrl, setup } });
          workers.push(w);
          w.once("error", reject);
          w.on("message", (msg: WorkerReply | WorkerReady) => {
            if (typeof msg === "object" && "fatal" in msg) {
              reject(msg.userError ? new UserError(msg.fatal) : new Error(msg.fatal));
              return;
            }
            if (msg === "ready") {
              w.off("error", reject);
              w.on("error", (err) => failOwner(w, err));
              idle.push(w);
              resolve();
              return;
            }
            const p = pending.get(msg.id);
            pending.delete(msg.id);
            release(w);
            if (!p) return;
            if (msg.ok) p.resolve(msg.results as PointResult[]);
            else p.reject(msg.userError ? new UserError(msg.message) : new Error(msg.message));
          });
          w.on("exit", (code) => failOwner(w, new Error(`sweep worker exited with code ${code}`)));
        }),
    ),
  );
  try {
    await started;
  } catch (err) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw err;
  }

  function failOwner(w: Worker, err: Error): void {
    const id = owner.get(w);
    if (id === undefined) return;
    owner.delete(w);
    const p = pending.get(id);
    pending.delete(id);
    p?.reject(err);
  }

  async function acquire(): Promise<Worker> {
    while (idle.length === 0) await new Promise<void>((r) => waiting.push(r));
    return idle.shift()!;
  }

  return {
    async run(points) {
      const w = await acquire();
      const id = nextId++;
      owner.set(w, id);
      return new Promise<PointResult[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, points } satisfies WorkerRequest);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
