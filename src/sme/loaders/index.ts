import { stat } from "node:fs/promises";
import { UserError } from "../../util/errors.js";
import { loadNpy } from "./npy.js";
import { loadTfjs } from "./tfjs.js";
import type { LoadedModel } from "./tensor.js";

export { loadNpy } from "./npy.js";
export { loadTfjs } from "./tfjs.js";
export { halfToFloat } from "../../util/half.js";
export { kernelToMatrix, type LoadedModel, type LoadedTensor } from "./tensor.js";

/** Loads a model file by its kind: `.npy`, or a TF.js `model.json` / `*-weights_manifest.json` (any `.json`). */
export async function loadModel(file: string): Promise<LoadedModel> {
  try {
    await stat(file);
  } catch {
    throw new UserError(`model file ${file} does not exist; give a TF.js model.json, a *-weights_manifest.json or an .npy file`);
  }
  if (/\.npy$/i.test(file)) return loadNpy(file);
  if (/\.json$/i.test(file)) return loadTfjs(file);
  throw new UserError(`cannot tell the kind of ${file}: use a TF.js model.json / *-weights_manifest.json or a NumPy .npy file`);
}

/** Finds one layer by name, with an error listing the names when it is missing. */
export function findLayer(model: LoadedModel, name: string) {
  const layer = model.layers.find((l) => l.name === name);
  if (!layer) {
    const names = model.layers.map((l) => l.name);
    if (names.length === 0)
      throw new UserError(`${model.source} has no kernel named ${name}: it holds no kernels (no non-zero weight matrix); check the model file`);
    const shown = names.length > 12 ? `${names.slice(0, 12).join(", ")}, ... (${names.length} in all)` : names.join(", ");
    throw new UserError(`${model.source} has no kernel named ${name}; kernels: ${shown}`);
  }
  return layer;
}
