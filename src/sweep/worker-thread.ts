import { parentPort, workerData } from "node:worker_threads";
import { isUserError } from "../util/errors.js";
import { loadEvaluatorModule, type EvaluatorSetup } from "./evaluator.js";
import type { SweepPoint } from "./params.js";

/** Messages between the pool and a worker thread. */
export type WorkerRequest = { readonly id: number; readonly point: SweepPoint };
export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly message: string; readonly userError: boolean };

const { evaluatorUrl, setup } = workerData as { evaluatorUrl: string; setup: EvaluatorSetup };
const port = parentPort!;
// The model is loaded once per worker; points then reuse it.
const evaluate = (await loadEvaluatorModule(evaluatorUrl)).createPointEvaluator(setup);

port.on("message", async (req: WorkerRequest) => {
  try {
    const result = await (await evaluate)(req.point);
    port.postMessage({ id: req.id, ok: true, result } satisfies WorkerReply);
  } catch (err) {
    const e = err as Error;
    port.postMessage({ id: req.id, ok: false, message: isUserError(err) ? e.message : (e.stack ?? e.message), userError: isUserError(err) } satisfies WorkerReply);
  }
});
port.postMessage("ready");
