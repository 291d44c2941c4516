import { parentPort, workerData } from "node:worker_threads";
import { isUserError } from "../util/errors.js";
import { AccuracyEngine, type EngineSetup } from "./engine.js";
import type { FromWorker, ToWorker } from "./executor.js";

const port = parentPort!;
const reply = (msg: FromWorker) => port.postMessage(msg);
const describe = (err: unknown) => ({
  message: isUserError(err) ? (err as Error).message : ((err as Error).stack ?? String(err)),
  userError: isUserError(err),
});

let engine: AccuracyEngine;
try {
  engine = await AccuracyEngine.start(workerData as EngineSetup);
} catch (err) {
  const d = describe(err);
  reply({ fatal: d.message, userError: d.userError });
  process.exit(0);
}

// One request at a time: face-api's networks are the thread's shared state.
let tail: Promise<void> = Promise.resolve();
port.on("message", (msg: ToWorker) => {
  tail = tail.then(async () => {
    try {
      reply({ id: msg.id, ok: true, output: await engine.run(msg.req) });
    } catch (err) {
      reply({ id: msg.id, ok: false, ...describe(err) });
    }
  });
});
reply({ ready: true });
