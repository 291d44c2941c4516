import { createRequire } from "node:module";
import { resolve } from "node:path";
import type * as TF from "@tensorflow/tfjs";
import { packageDir, projectRoot } from "../util/paths.js";
import type { FaceApi } from "./face-api-types.js";

/** TF.js backends (src/params): both are pure JavaScript/WebAssembly, no native code. */
export { BACKENDS, type BackendName } from "../params/modes.js";
import type { BackendName } from "../params/modes.js";

/** face-api with the TF.js instance it runs on, set to one backend. */
export interface FaceApiRuntime {
  readonly faceapi: FaceApi;
  readonly tf: typeof TF;
  readonly backend: BackendName;
}

/** Folder holding the `.wasm` binaries of `@tensorflow/tfjs-backend-wasm` (shipped inside the npm package). */
export const wasmBinaryDir = resolve(packageDir("@tensorflow/tfjs-backend-wasm"), "dist");

/**
 * Loads face-api's Node build for WebAssembly (`face-api.node-wasm.js`, which runs on `@tensorflow/tfjs` with
 * its CPU and WASM backends) and selects `backend`. One TF.js instance per thread: every call in a thread
 * returns the same runtime. TF.js runs in production mode (no debug checks, no advice printed on first use).
 */
export async function startFaceApi(backend: BackendName): Promise<FaceApiRuntime> {
  const require = createRequire(resolve(projectRoot, "package.json"));
  const faceapi = require("@vladmandic/face-api/dist/face-api.node-wasm.js") as FaceApi;
  const tf = faceapi.tf as unknown as typeof TF;
  tf.env().set("PROD", true);
  if (backend === "wasm") {
    const wasm = require("@tensorflow/tfjs-backend-wasm") as { setWasmPaths(prefix: string, usePlatformFetch?: boolean): void };
    wasm.setWasmPaths(`${wasmBinaryDir}/`);
  }
  const ok = await tf.setBackend(backend);
  if (!ok) throw new Error(`TF.js could not start its ${backend} backend`);
  await tf.ready();
  return { faceapi, tf, backend };
}
