/**
 * Regenerates the demo layer shipped under `data/` (see `demo-layer.ts` for what it is):
 *   npx tsx scripts/make-demo-layer.ts
 * Reads the face-api weights from node_modules, takes the first 128 x 128 tile of the kernel matrix and
 * writes it as a float32 `.npy`. The output is deterministic, so re-running it leaves the file unchanged.
 */
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { findLayer, loadModel } from "../src/sme/index.js";
import { projectRoot } from "../src/util/paths.js";
import { DEMO_LAYER } from "../src/flow/demo/demo-layer.js";
import { encodeNpy } from "../src/util/npy.js";

const manifest = resolve(projectRoot, "node_modules", DEMO_LAYER.sourcePackage, DEMO_LAYER.sourceManifest);
const model = await loadModel(manifest);
const layer = findLayer(model, DEMO_LAYER.sourceTensor);
const slice = new Float32Array(DEMO_LAYER.rows * DEMO_LAYER.cols);
for (let i = 0; i < DEMO_LAYER.rows; i++) {
  for (let j = 0; j < DEMO_LAYER.cols; j++) slice[i * DEMO_LAYER.cols + j] = layer.data[i * layer.cols + j];
}
await writeFile(DEMO_LAYER.file, encodeNpy(slice, [DEMO_LAYER.rows, DEMO_LAYER.cols]));
process.stdout.write(`wrote ${DEMO_LAYER.file}: ${layer.name} [${layer.shape.join(", ")}] rows 0..${DEMO_LAYER.rows - 1}\n`);
