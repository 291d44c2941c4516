import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { stageDir } from "../util/atomic-dir.js";
import { checkOutputFolder, type Ownership } from "../util/output-folder.js";
import type { LayerKind, TraceSink } from "./layer-probe.js";
import type { NetworkKey } from "./networks.js";
import { encodeNpy } from "../util/npy.js";
import { makeFolderSync } from "../util/make-folder.js";

/** Version tag of the activation trace folder (`manifest.json` `format`). */
export const TRACE_FORMAT = "sme-activation-trace/1";

/** One `.npy` file of A-bit vectors: one call of one layer on one photo, one sign part. */
export interface TraceFile {
  readonly network: NetworkKey;
  readonly layer: string;
  readonly image: string;
  /** Calls of this layer on this photo, from 0: the recognizer and landmark net run once per face. */
  readonly call: number;
  readonly part: "positive" | "negative";
  /** Path relative to the trace folder. */
  readonly file: string;
  readonly shape: readonly number[];
}

/** A file-name-safe form of a tensor or photo name (`/` and other separators become `.`). */
export function traceSlug(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]+/g, ".");
}

/**
 * Writes each call's vectors as they come, into `root/<network>/<layer>/<photo>.<call>.<part>.npy` (uint8 codes
 * for A <= 8, uint16 above). The kernels run synchronously, so the files are written synchronously too.
 */
export class TraceWriter implements TraceSink {
  readonly files: TraceFile[] = [];
  private image: string | null = null;
  private readonly calls = new Map<string, number>();

  constructor(
    private readonly root: string,
    private readonly networkOf: ReadonlyMap<string, NetworkKey>,
  ) {}

  /** The photo the next calls belong to; null records nothing until the next photo. */
  beginImage(image: string | null): void {
    this.image = image;
    this.calls.clear();
  }

  record(layer: string, _kind: LayerKind, part: "positive" | "negative", data: Uint8Array | Uint16Array, shape: readonly number[]): void {
    if (this.image === null) return;
    const network = this.networkOf.get(layer);
    if (!network) throw new Error(`trace: layer ${layer} belongs to no mapped network`);
    const key = `${layer}|${part}`;
    const call = this.calls.get(key) ?? 0;
    this.calls.set(key, call + 1);
    const file = join(network, traceSlug(layer), `${traceSlug(this.image)}.${call}.${part}.npy`);
    const path = join(this.root, file);
    makeFolderSync(dirname(path));
    writeFileSync(path, encodeNpy(data, shape));
    this.files.push({ network, layer, image: this.image, call, part, file, shape });
  }
}

/** One mapped layer in the trace manifest. */
export interface TraceLayer {
  readonly network: NetworkKey;
  readonly name: string;
  readonly kind: LayerKind;
  /** The kernel tensor's shape, and the `fanIn x fanOut` matrix it maps as. */
  readonly kernelShape: readonly number[];
  readonly fanIn: number;
  readonly fanOut: number;
  /** Real input = code * scale (positive part) or -code * scale (negative part). */
  readonly scale: number;
  /** Whether the layer's input can be negative (then every call has a `negative` file too). */
  readonly signed: boolean;
  readonly files: readonly TraceFile[];
}

export interface TraceManifest {
  readonly format: typeof TRACE_FORMAT;
  /** The mapping configuration whose run produced the activations (they depend on every earlier layer). */
  readonly configuration: { readonly id: string; readonly label: string; readonly tile: object; readonly scale: string };
  readonly actBits: number;
  readonly dtype: "uint8" | "uint16";
  readonly images: readonly string[];
  readonly layers: readonly TraceLayer[];
}

/** Writes `manifest.json` describing every trace file of the folder. */
export function writeTraceManifest(dir: string, manifest: TraceManifest): void {
  writeFileSync(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** What a trace folder holds, as its manifest lists it; null when the folder has no trace manifest. */
function traceOwnership(dir: string): Ownership | null {
  try {
    const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Partial<TraceManifest>;
    if (m.format !== TRACE_FORMAT || !Array.isArray(m.layers)) return null;
    const files = new Map<string, null>([["manifest.json", null]]);
    for (const layer of m.layers) for (const f of layer.files ?? []) files.set(f.file, null);
    return { files, folders: [] };
  } catch {
    return null;
  }
}

/**
 * A trace folder written in a temporary sibling and moved into place when complete, so `dest` never holds a
 * half-written set. `dest` may be new, empty or an earlier trace folder with only its own files (it is
 * replaced); anything else is refused.
 */
export async function stageTraceDir(dest: string): Promise<{ readonly tmp: string; commit(): Promise<void>; discard(): Promise<void> }> {
  checkOutputFolder(resolve(dest), { label: "--save-activations", ownership: traceOwnership });
  return stageDir(dest);
}
