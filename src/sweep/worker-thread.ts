import { parentPort, workerData } from "node:worker_threads";
import { isUserError } from "../util/errors.js";
import { loadEvaluatorModule, type EvaluatorSetup, type PointEvaluator } from "./evaluator.js";
import type { SweepPoint } from "./params.js";

/** Messages between the pool and a worker thread. */
export type WorkerRequest = { readonly id: number; readonly points: readonly SweepPoint[] };
export type WorkerReady = "ready" | { readonly fatal: string; readonly userError: boolean };
export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly results: unknown[] }
  | { readonly id: number; readonly ok: false; readonly message: string; readonly userError: boolean };

const { evaluatorUrl, setup } = workerData as { evaluatorUrl: string; setup: EvaluatorSetup };
const port = parentPort!;
// The model is loaded once per worker; points then reuse it. A setup failure (bad layer name, unreadable
// weights) is reported as such, so the pool can raise it as the user's error.
let evaluate: PointEvaluator;
try {
  evaluate = await (await loadEvaluatorModule(evaluatorUrl)).createPointEvaluator(setup);
} catch (err) {
  const e = err as Error;
  port.postMessage({ fatal: isUserError(err) ? e.message : (e.stack ?? e.message), userError: isUserError(err) } satisfies WorkerReady);
  process.exit(0);
}

port.on("message", async (req: WorkerRequest) => {
  try {
    const results = [];
    for (const p of req.points) results.push(await evaluate(p));
    port.postMessage({ id: req.id, ok: true, results } satisfies WorkerReply);
  } catch (err) {
    const e = err as Error;
    port.postMessage({
      id: req.id,
      ok: false,
      message: isUserError(err) ? e.message : (e.stack ?? e.message),
      userError: isUserError(err),
    } satisfies WorkerReply);
  }
});
port.postMessage("ready" satisfies WorkerReady);
