/**
 * Options of a whole-layer run of `sme verify` (`--all-tiles`, `--layers`, `--all-layers`): the flow options
 * every verification shares, plus which kernels, which inputs and how many of them.
 */
import { resolve } from "node:path";
import { flagOf, loadCommandParams, mergedParams, TILE_KEYS, type KernelKind, type ParamKey, type ParamValues } from "../../params/index.js";
import { UserError } from "../../util/errors.js";
import { resolveFlowConfig, type FlowConfig } from "../config.js";
import { modelFile } from "../generate/weights-source.js";

/** Which kernels of the model a run verifies. */
export type LayerSelection =
  | { readonly kind: "one"; readonly name: string | null }
  | { readonly kind: "list"; readonly names: readonly string[] }
  | { readonly kind: "all"; readonly kinds: readonly KernelKind[] | null };

/** Where the layers' input vectors come from (`--activations`). */
export type ActivationSource =
  | { readonly kind: "random" }
  | { readonly kind: "traces"; readonly dir: string }
  | { readonly kind: "npy"; readonly file: string };

export interface LayerRunConfig {
  /** Tile parameters, scale, seed, random vector count, jobs, design folder: as every `sme verify`. */
  readonly flow: FlowConfig;
  /** The model file (`resnet` and `mobilenet` name the face-api networks). */
  readonly model: string;
  readonly selection: LayerSelection;
  readonly activations: ActivationSource;
  /** At most this many input vectors per layer (null: all). */
  readonly maxVectors: number | null;
  /** `--design DIR`: verify this generated (programmable) design instead of generating one. */
  readonly design: string | null;
}

/** The keys only whole-layer runs read. */
const LAYER_ONLY: readonly ParamKey[] = ["layerKinds", "layerActivations", "maxVectors"];

/** A whole-layer run is asked for by `--all-tiles`, `--layers` or `--all-layers`. */
export function isLayerRun(v: ParamValues): boolean {
  return v.allTiles === true || v.layers !== undefined || v.allLayers === true;
}

/** `resnet`, `mobilenet` (and their long names) or a path, as an absolute path. */
export function resolveModelFile(value: string): string {
  return resolve(modelFile(value));
}

/**
 * Checks the options of a verification run that does not ask for whole layers: the whole-layer keys alone
 * are a mistake worth naming.
 */
export function checkNotLayerOptions(v: ParamValues): void {
  const stray = LAYER_ONLY.filter((k) => v[k] !== undefined);
  if (stray.length > 0) {
    throw new UserError(`${stray.map(flagOf).join(", ")} belong to whole-layer runs: add --all-tiles (with --layer), --layers a,b,c or --all-layers`);
  }
}

/** Options of one-tile runs that whole-layer runs do not take (waves, coverage and JUnit are per design). */
const ONE_TILE_ONLY: readonly ParamKey[] = ["waves", "junit", "coverage", "functionalCoverage", "untilCovered"];

/** Checks the options of a whole-layer run: the debugging and reporting options of one-tile runs are refused. */
export function checkLayerRunOptions(v: ParamValues): void {
  if (v.mode === "budget") {
    throw new UserError(
      "--mode budget plans depths per tile-sign group at a target over a model, layer or tile; whole-layer runs map every tile by one rule: verify budget tiles one at a time (sme verify --mode budget --target-sqnr T --weights M --layer L --tile i,j), or use another mode here",
    );
  }
  const stray = ONE_TILE_ONLY.filter((k) => v[k] !== undefined && v[k] !== false);
  if (stray.length > 0) {
    throw new UserError(
      `${stray.map(flagOf).join(", ")} apply to one-tile runs only: drop them, or verify the tile alone (sme verify --weights M --layer L without --all-tiles, --layers or --all-layers)`,
    );
  }
}

/** Reads and checks a whole-layer run's options (flags over the `--config` file over the defaults). */
export async function loadLayerRunConfig(flags: Readonly<Record<string, unknown>>): Promise<LayerRunConfig> {
  const read = await loadCommandParams("verify", flags);
  return resolveLayerRunConfig(mergedParams(read).values, typeof flags.design === "string" ? flags.design : null);
}

export function resolveLayerRunConfig(v: ParamValues, design: string | null): LayerRunConfig {
  const picks = [v.layer !== undefined && "--layer", v.layers !== undefined && "--layers", v.allLayers === true && "--all-layers"].filter(Boolean);
  if (picks.length > 1) throw new UserError(`${picks.join(" and ")} each choose the kernels of a whole-layer run: give one of them`);
  if (v.tile !== undefined) throw new UserError("a whole-layer run verifies every tile of each kernel: drop --tile");
  if (v.weights === undefined) {
    throw new UserError(
      "a whole-layer run maps the kernels of a model: give it with --weights MODEL (a TF.js model or weights manifest, an .npy, resnet or mobilenet)",
    );
  }
  if (v.synthetic === true) throw new UserError("a whole-layer run maps the kernels of --weights; drop --synthetic");
  if (v.kind === "baked") {
    throw new UserError("a whole-layer run programs tile after tile into one programmable tile; a baked design holds one tile's weights: drop --kind baked");
  }
  if (v.layerKinds !== undefined && v.allLayers !== true)
    throw new UserError("--layer-kinds picks among --all-layers; with --layer or --layers name the kernels instead");
  if (design !== null) {
    const clash = [...TILE_KEYS, "kind", "out"].filter((k) => v[k as ParamKey] !== undefined) as ParamKey[];
    if (clash.length > 0) throw new UserError(`--design takes the tile parameters from the folder's manifest; drop ${clash.map(flagOf).join(", ")}`);
  }
  const model = resolveModelFile(v.weights);
  const selection: LayerSelection =
    v.allLayers === true
      ? { kind: "all", kinds: v.layerKinds ?? null }
      : v.layers !== undefined
        ? { kind: "list", names: v.layers }
        : { kind: "one", name: v.layer ?? null };
  const activations = activationSource(v.layerActivations ?? "random");
  if (activations.kind === "npy" && !(selection.kind === "one" || (selection.kind === "list" && selection.names.length === 1))) {
    throw new UserError(`--activations ${activations.file} holds the inputs of one kernel: pick it with --layer NAME --all-tiles`);
  }
  // The flow options proper: the tile, scale, seed, vectors, jobs, out; the weights as a file, so that the
  // design folder written for the run is the usual one of the first kernel's tile 0,0.
  const rest: Record<string, unknown> = { ...v, weights: model };
  for (const k of ["layer", "tile", "layers", "allTiles", "allLayers", "layerKinds", "layerActivations", "maxVectors"]) delete rest[k];
  const flow = resolveFlowConfig(rest);
  return { flow, model, selection, activations, maxVectors: v.maxVectors ?? null, design };
}

function activationSource(value: string): ActivationSource {
  if (value === "random") return { kind: "random" };
  if (/\.npy$/i.test(value)) return { kind: "npy", file: resolve(value) };
  return { kind: "traces", dir: resolve(value) };
}
