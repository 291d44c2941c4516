/**
 * The kernels a whole-layer run verifies and where each one's input vectors come from. Everything that can be
 * checked without reading the vectors (kernel names, the trace manifest's model, A and row counts) is checked
 * here, before anything is built; each layer's vectors are read when its turn comes.
 */
import { findLayer, modeLabel, type LoadedModel, type ScaleMode, type TileParams, type WeightMatrix } from "../../sme/index.js";
import { UserError } from "../../util/errors.js";
import type { ActivationSource, LayerSelection } from "./config.js";
import { firstVectors, layoutOf, npyInputs, randomInputs, type LayerInputs } from "./inputs.js";
import { checkTraceActBits, readTraceFolder, traceInputs, traceLayerOf, type TraceFolder } from "./traces.js";

/** The kernels of `model` a selection names, in the order given (all of them: the model's order). */
export function selectLayers(model: LoadedModel, selection: LayerSelection): WeightMatrix[] {
  if (selection.kind === "one") {
    if (selection.name !== null) return [findLayer(model, selection.name)];
    if (model.layers.length === 1) return [model.layers[0]!];
    const names = model.layers.map((l) => l.name);
    const shown = names.length > 12 ? `${names.slice(0, 12).join(", ")}, ... (${names.length} in all)` : names.join(", ");
    throw new UserError(
      `${model.source} holds ${names.length} kernels; pick one with --layer NAME, several with --layers a,b,c, or --all-layers; kernels: ${shown}`,
    );
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
  return (await layerInputs(source, layers, o)).loaders;
}

/**
 * {@link inputLoaders}, with notes for the user: traces recorded under another mapping than the run's (each
 * layer is still checked exactly on them, but a later layer's inputs came through the recorded mapping).
 */
export async function layerInputs(
  source: ActivationSource,
  layers: readonly WeightMatrix[],
  o: {
    readonly actBits: number;
    readonly vectors: number;
    readonly seed: number;
    readonly maxVectors: number | null;
    readonly params?: TileParams;
    readonly scale?: ScaleMode;
  },
): Promise<{ loaders: InputLoader[]; notes: string[] }> {
  if (source.kind === "random") {
    const count = Math.min(o.vectors, o.maxVectors ?? o.vectors);
    if (count < 1) throw new UserError("--vectors 0 gives a whole-layer run no random inputs: give at least 1");
    return { loaders: layers.map((w, k) => async () => randomInputs(w, o.actBits, count, o.seed, k)), notes: [] };
  }
  if (source.kind === "npy") {
    const inputs = firstVectors(await npyInputs(source.file, layers[0]!, o.actBits), o.maxVectors);
    return { loaders: [async () => inputs], notes: [] };
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
  return {
    loaders: layers.map((w) => () => traceInputs(folder, w, o.actBits, o.maxVectors)),
    notes: o.params ? configurationNotes(folder, o.params, o.scale ?? "layer") : [],
  };
}

/** Says when the traces were recorded under another mapping than this run's. */
function configurationNotes(folder: TraceFolder, p: TileParams, scale: ScaleMode): string[] {
  const c = folder.manifest.configuration;
  const t = c.tile as Partial<Record<keyof TileParams, unknown>>;
  const keys = ["rows", "cols", "weightBits", "window", "mode", "squeeze", "dacBits", "ouRows", "adcBits"] as const;
  const differ = keys.filter((k) => t[k] !== undefined && t[k] !== p[k] && !(k === "squeeze" && p.mode !== "squeeze" && p.mode !== "squeeze-min"));
  if (differ.length === 0 && c.scale === scale) return [];
  const recorded = `${String(t.rows)}x${String(t.cols)} ${c.label}, scale ${c.scale}`;
  return [
    `the traces were recorded through ${recorded}; this run maps ${p.rows}x${p.cols} ${modeLabel(p)}, scale ${scale}: every layer is checked exactly on these inputs, ` +
      "but a layer's inputs came through the earlier layers as recorded",
  ];
}
