/**
 * The kernels a whole-layer run verifies and where each one's input vectors come from. Everything that can be
 * checked without reading the vectors (kernel names, the trace manifest's model, A and row counts) is checked
 * here, before anything is built; each layer's vectors are read when its turn comes.
 */
import { findLayer, type LoadedModel, type WeightMatrix } from "../../sme/index.js";
import { UserError } from "../../util/errors.js";
import type { ActivationSource, LayerSelection } from "./config.js";
import { firstVectors, layoutOf, npyInputs, randomInputs, type LayerInputs } from "./inputs.js";
import { checkTraceActBits, readTraceFolder, traceInputs, traceLayerOf } from "./traces.js";

/** The kernels of `model` a selection names, in the order given (all of them: the model's order). */
export function selectLayers(model: LoadedModel, selection: LayerSelection): WeightMatrix[] {
  if (selection.kind === "one") {
    if (selection.name !== null) return [findLayer(model, selection.name)];
    if (model.layers.length === 1) return [model.layers[0]!];
    const names = model.layers.map((l) => l.name);
    const shown = names.length > 12 ? `${names.slice(0, 12).join(", ")}, ... (${names.length} in all)` : names.join(", ");
    throw new UserError(`${model.source} holds ${names.length} kernels; pick one with --layer NAME, several with --layers a,b,c, or --all-layers; kernels: ${shown}`);
  }
  if (selection.kind === "list") {
    const twice = selection.names.find((n, k) => selection.names.indexOf(n) !== k);
    if (twice !== undefined) throw new UserError(`--layers names ${twice} twice; name each kernel once`);
    return selection.names.map((n) => findLayer(model, n));
  }
  const layers = model.layers.filter((l) => selection.kinds === null || selection.kinds.includes(l.kind));
  if (layers.length === 0) throw new UserError(`${model.source} has no ${selection.kinds?.join(" or ")} kernel; --layer-kinds keeps none of its kernels`);
  return layers;
}

/** Reads one layer's input vectors (at most `--max-vectors`). */
export type InputLoader = () => Promise<LayerInputs>;

/**
 * One loader per layer, after checking what can be checked now: the trace folder's manifest (that it covers
 * these kernels of this model, with this A and these row counts), or the `.npy` file (read whole: it is one
 * layer's inputs).
 */
export async function inputLoaders(
  source: ActivationSource,
  layers: readonly WeightMatrix[],
  o: { readonly actBits: number; readonly vectors: number; readonly seed: number; readonly maxVectors: number | null },
): Promise<InputLoader[]> {
  if (source.kind === "random") {
    const count = Math.min(o.vectors, o.maxVectors ?? o.vectors);
    if (count < 1) throw new UserError("--vectors 0 gives a whole-layer run no random inputs: give at least 1");
    return layers.map((w, k) => async () => randomInputs(w, o.actBits, count, o.seed, k));
  }
  if (source.kind === "npy") {
    const inputs = firstVectors(await npyInputs(source.file, layers[0]!, o.actBits), o.maxVectors);
    return [async () => inputs];
  }
  const folder = await readTraceFolder(source.dir);
  checkTraceActBits(folder, o.actBits);
  for (const w of layers) {
    const layer = traceLayerOf(folder, w);
    const vectorRows = layoutOf(w.kind) === "rows" ? 1 : 2;
    const bad = layer.files.find((f) => f.shape.length !== vectorRows + 1 || f.shape[vectorRows] !== w.rows);
    if (bad) {
      throw new UserError(
        `--activations ${folder.dir}: trace file ${bad.file} has shape [${bad.shape.join(", ")}] but kernel ${w.name} has ${w.rows} rows: its vectors do not fit the kernel`,
      );
    }
  }
  return layers.map((w) => () => traceInputs(folder, w, o.actBits, o.maxVectors));
}
