/**
 * Worker-thread side of `sme verify --jobs N` beyond the simulators the main thread drives: opens (starts,
 * resets, programs) a group of shards and posts `ready`; on `go` streams and checks them, closes them and posts
 * the results, so every shard starts streaming at the same moment.
 */
import { parentPort, workerData } from "node:worker_threads";
import { checkShards, OpenShard, type ShardJob } from "./sim-shard.js";

const jobs = workerData as ShardJob[];
const fail = (err: unknown): void => {
  const e = err as Error & { exitCode?: number };
  parentPort?.postMessage({ kind: "error", name: e.name, message: e.message, exitCode: e.exitCode });
};
const closeAll = (shards: readonly OpenShard[]): Promise<unknown> => Promise.all(shards.map((s) => s.close().catch(() => undefined)));

const shards: OpenShard[] = [];
let opened = false;
try {
  for (const job of jobs) shards.push(await OpenShard.open(job));
  opened = true;
  parentPort?.postMessage({ kind: "ready" });
} catch (err) {
  await closeAll(shards);
  fail(err);
}
parentPort?.once("message", async () => {
  if (!opened) return;
  try {
    const results = await checkShards(shards);
    await Promise.all(shards.map((s) => s.close()));
    parentPort?.postMessage({ kind: "done", results });
  } catch (err) {
    await closeAll(shards);
    fail(err);
  }
});
