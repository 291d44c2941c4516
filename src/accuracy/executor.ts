import { Worker } from "node:worker_threads";
import { UserError } from "../util/errors.js";
import { workerModule } from "../util/worker-module.js";
import { AccuracyEngine, type EngineOutput, type EngineRequest, type EngineSetup } from "./engine.js";

/** Runs configurations on one engine (in this thread or in a worker thread), one request after another. */
export interface EngineExecutor {
  run(req: EngineRequest): Promise<EngineOutput>;
  close(): Promise<void>;
}

/** Messages between an executor and its worker thread. */
export type ToWorker = { readonly id: number; readonly req: EngineRequest };
export type FromWorker =
  | { readonly ready: true }
  | { readonly fatal: string; readonly userError: boolean }
  | { readonly id: number; readonly ok: true; readonly output: EngineOutput }
  | { readonly id: number; readonly ok: false; readonly message: string; readonly userError: boolean };

/** Requests run strictly in order: face-api's networks are shared state of the thread. */
function serialize<A, R>(fn: (a: A) => Promise<R>): (a: A) => Promise<R> {
  let tail: Promise<unknown> = Promise.resolve();
  return (a) => {
    const next = tail.then(() => fn(a));
    tail = next.catch(() => undefined);
    return next;
  };
}

export async function inProcessExecutor(setup: EngineSetup): Promise<EngineExecutor> {
  const engine = await AccuracyEngine.start(setup);
  return { run: serialize((req: EngineRequest) => engine.run(req)), close: async () => {} };
}

/** An engine in a worker thread: its own TF.js instance and backend, its own share of the photos. */
export async function workerExecutor(setup: EngineSetup): Promise<EngineExecutor> {
  const worker = new Worker(workerModule(import.meta.url, "./worker-thread.js", "./worker-entry.mjs"), { workerData: setup });
  const pending = new Map<number, { resolve: (o: EngineOutput) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let dead: Error | null = null;
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    worker.once("error", onError);
    worker.once("message", (msg: FromWorker) => {
      worker.off("error", onError);
      if ("fatal" in msg) reject(msg.userError ? new UserError(msg.fatal) : new Error(msg.fatal));
      else resolve();
    });
  }).catch(async (err) => {
    await worker.terminate();
    throw err;
  });
  const failAll = (err: Error) => {
    dead = err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`accuracy worker exited with code ${code}`)));
  worker.on("message", (msg: FromWorker) => {
    if (!("id" in msg)) return;
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    if (!p) return;
    if (msg.ok) p.resolve(msg.output);
    else p.reject(msg.userError ? new UserError(msg.message) : new Error(msg.message));
  });
  return {
    run(req) {
      if (dead) return Promise.reject(dead);
      const id = nextId++;
      return new Promise<EngineOutput>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, req } satisfies ToWorker);
      });
    },
    async close() {
      worker.removeAllListeners("exit");
      await worker.terminate();
    },
  };
}
