/**
 * Worker-thread side of a whole-layer run beyond the simulators the main thread drives: opens its simulators
 * of the tile, posts `ready`, then runs each list of tile units it is sent and posts the results (their
 * output buffers moved, not copied) until it is told to close.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { TileWorkerData, TileWorkerReply, TileWorkerRequest } from "./simulator-pool.js";
import { runOnSimulators } from "./simulator-pool.js";
import { TileSimulator } from "./tile-simulator.js";

const data = workerData as TileWorkerData;
const post = (msg: TileWorkerReply, transfer: ArrayBuffer[] = []): void => parentPort!.postMessage(msg, transfer);
const fail = (err: unknown): void => {
  const e = err as Error & { exitCode?: number };
  post({ kind: "error", name: e.name, message: e.message, ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}) });
};

const sims: TileSimulator[] = [];
const closeAll = (): Promise<unknown> => Promise.all(sims.map((s) => s.close().catch(() => undefined)));
try {
  for (let k = 0; k < data.simulators; k++) sims.push(await TileSimulator.open(data.tile, data.files));
  post({ kind: "ready" });
  parentPort!.on("message", async (msg: TileWorkerRequest) => {
    if (msg.kind === "close") {
      await closeAll();
      post({ kind: "closed" });
      return;
    }
    try {
      const results = await runOnSimulators(sims, msg.lists, msg.options);
      post(
        { kind: "done", results },
        results.flatMap((l) => l.map((r) => r.columns.buffer as ArrayBuffer)),
      );
    } catch (err) {
      await closeAll();
      fail(err);
    }
  });
} catch (err) {
  await closeAll();
  fail(err);
}
