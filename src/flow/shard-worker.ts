/**
 * Worker-thread side of `sme verify --jobs N`: runs one shard's simulator. The simulator bridge waits for
 * replies synchronously, so a second simulator only runs in parallel when it is driven from another thread.
 * Protocol: the worker opens (starts, resets, programs) its shard and posts `ready`; on `go` it streams and
 * posts the result, so every shard starts streaming at the same moment.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openShard, type OpenShard, type ShardJob } from "./sim-shard.js";

const job = workerData as ShardJob;
const fail = (err: unknown): void => {
  const e = err as Error & { exitCode?: number };
  parentPort?.postMessage({ kind: "error", name: e.name, message: e.message, exitCode: e.exitCode });
};

let shard: OpenShard | undefined;
try {
  shard = await openShard(job);
  parentPort?.postMessage({ kind: "ready" });
} catch (err) {
  fail(err);
}
parentPort?.once("message", async () => {
  if (!shard) return;
  try {
    const result = await shard.stream();
    await shard.close();
    parentPort?.postMessage({ kind: "done", result });
  } catch (err) {
    await shard.close().catch(() => undefined);
    fail(err);
  }
});
