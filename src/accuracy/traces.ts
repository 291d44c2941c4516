import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { mkdtemp, rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { UserError } from "../util/errors.js";
import type { LayerKind, TraceSink } from "./layer-probe.js";
import type { NetworkKey } from "./networks.js";
import { encodeNpy } from "../util/npy.js";

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
    mkdirSync(dirname(path), { recursive: true });
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

/**
 * A trace folder written in a temporary sibling and moved into place when complete, so `dest` never holds a
 * half-written set. `dest` may be new, empty or an earlier trace folder (it is replaced); anything else is refused.
 */
export async function stageTraceDir(dest: string): Promise<{ readonly tmp: string; commit(): Promise<void>; discard(): Promise<void> }> {
  const target = resolve(dest);
  if (existsSync(target)) {
    const entries = readdirSync(target);
    if (entries.length > 0 && !entries.includes("manifest.json")) {
      throw new UserError(`--save-activations ${dest} already holds other files (a trace folder is replaced as a whole): pick a new or empty folder`);
    }
  }
  mkdirSync(dirname(target), { recursive: true });
  const tmp = await mkdtemp(join(dirname(target), `.${basename(target)}.tmp-`));
  return {
    tmp,
    async commit() {
      const old = `${target}.old-${process.pid}-${Date.now()}`;
      const had = existsSync(target);
      if (had) await rename(target, old);
      await rename(tmp, target);
      if (had) await rm(old, { recursive: true, force: true });
    },
    async discard() {
      await rm(tmp, { recursive: true, force: true });
    },
  };
}
