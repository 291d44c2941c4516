/**
 * Reads an activation trace folder written by `sme accuracy --save-activations DIR` (format
 * `sme-activation-trace/1`, docs/accuracy.md): the manifest, checked against a schema, and one layer's vectors
 * concatenated over photos and calls, both sign parts.
 */
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { z } from "zod";
import { TRACE_FORMAT } from "../../accuracy/traces.js";
import type { WeightMatrix } from "../../sme/index.js";
import { UserError } from "../../util/errors.js";
import { codeArray, codesFromArray, codesPerVector, layoutOf, readNpyFile, type Codes, type LayerInputs } from "./inputs.js";

const count = z.number().int().min(0);

const traceFileSchema = z.object({
  network: z.string(),
  layer: z.string(),
  image: z.string(),
  call: count,
  part: z.enum(["positive", "negative"]),
  file: z.string(),
  shape: z.array(count),
});

const traceLayerSchema = z.object({
  network: z.string(),
  name: z.string(),
  kind: z.enum(["conv", "depthwise", "dense"]),
  kernelShape: z.array(count),
  fanIn: count,
  fanOut: count,
  scale: z.number().min(0),
  signed: z.boolean(),
  files: z.array(traceFileSchema),
});

const traceManifestSchema = z.object({
  format: z.literal(TRACE_FORMAT),
  configuration: z.object({ id: z.string(), label: z.string(), tile: z.record(z.string(), z.unknown()), scale: z.string() }),
  actBits: z.number().int().min(1).max(16),
  dtype: z.enum(["uint8", "uint16"]),
  images: z.array(z.string()),
  layers: z.array(traceLayerSchema),
});

export type TraceManifestRead = z.infer<typeof traceManifestSchema>;
export type TraceLayerRead = z.infer<typeof traceLayerSchema>;

export interface TraceFolder {
  readonly dir: string;
  readonly manifest: TraceManifestRead;
}

/** Reads and checks `DIR/manifest.json`; a folder that is not a trace folder is bad input. */
export async function readTraceFolder(dirArg: string): Promise<TraceFolder> {
  const dir = resolve(dirArg);
  const file = join(dir, "manifest.json");
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserError(`--activations ${dirArg}: no such folder; give a trace folder of sme accuracy --save-activations, random, or an .npy file`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "has no manifest.json"
        : code
          ? `has an unreadable manifest.json (${code})`
          : `has a manifest.json that is not JSON (${(err as Error).message})`;
    throw new UserError(`--activations ${dirArg} ${why}: it is not a trace folder of sme accuracy --save-activations`);
  }
  const parsed = traceManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`${file} is not an activation trace manifest (${TRACE_FORMAT}): ${issue.path.join(".") || "(top)"}: ${issue.message}`);
  }
  return { dir, manifest: parsed.data };
}

/** The trace layer of kernel `w`: same tensor name and kernel shape, else the traces are of another model. */
export function traceLayerOf(folder: TraceFolder, w: WeightMatrix): TraceLayerRead {
  const named = folder.manifest.layers.filter((l) => l.name === w.name);
  const layer = named.find((l) => sameShape(l.kernelShape, w.shape));
  if (layer) return layer;
  const networks = [...new Set(folder.manifest.layers.map((l) => l.network))].join(", ");
  if (named.length > 0) {
    throw new UserError(
      `--activations ${folder.dir}: kernel ${w.name} of the traces has shape [${named[0]!.kernelShape.join(", ")}], the weights' has [${w.shape.join(", ")}]: the traces are of another model`,
    );
  }
  throw new UserError(
    `--activations ${folder.dir} holds no activations of kernel ${w.name} (its layers are of the ${networks || "no"} network(s)): the traces are of another model, or pick kernels the traces cover`,
  );
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, k) => d === b[k]);
}

/** A trace recorded with other activation bits cannot drive this tile. */
export function checkTraceActBits(folder: TraceFolder, actBits: number): void {
  const A = folder.manifest.actBits;
  if (A !== actBits) {
    throw new UserError(
      `--activations ${folder.dir} holds ${A}-bit activations but the tile takes A = ${actBits}: run with --act-bits ${A}, or record traces with --act-bits ${actBits}`,
    );
  }
}

/**
 * Kernel `w`'s input vectors from the traces: every photo (manifest order) and call (in order), at most
 * `maxVectors` of them (null: all). A signed layer brings its negative parts, paired call by call.
 */
export async function traceInputs(folder: TraceFolder, w: WeightMatrix, actBits: number, maxVectors: number | null): Promise<LayerInputs> {
  checkTraceActBits(folder, actBits);
  const layer = traceLayerOf(folder, w);
  const imageOrder = new Map(folder.manifest.images.map((im, k) => [im, k]));
  const calls = layer.files
    .filter((f) => f.part === "positive")
    .sort((a, b) => (imageOrder.get(a.image) ?? 0) - (imageOrder.get(b.image) ?? 0) || a.call - b.call);
  if (calls.length === 0) {
    throw new UserError(
      `--activations ${folder.dir}: kernel ${w.name} was never called in the recorded run (no trace files), so there is nothing to verify it on`,
    );
  }
  const negativeOf = (f: (typeof calls)[number]) => layer.files.find((g) => g.part === "negative" && g.image === f.image && g.call === f.call);
  const layout = layoutOf(w.kind);
  const per = codesPerVector(layout, w.rows, w.cols);
  const available = calls.reduce((n, f) => n + (f.shape[0] ?? 0), 0);
  const want = Math.min(available, maxVectors ?? available);
  const positive = codeArray(actBits, want * per);
  const negative = layer.signed ? codeArray(actBits, want * per) : null;
  let filled = 0;
  for (const f of calls) {
    if (filled >= want) break;
    const take = async (file: string): Promise<{ codes: Codes; count: number }> => {
      const what = `trace file ${join(folder.dir, file)}`;
      return codesFromArray(await readNpyFile(join(folder.dir, file), what), w, actBits, what);
    };
    const pos = await take(f.file);
    const n = Math.min(pos.count, want - filled);
    positive.set(pos.codes.subarray(0, n * per), filled * per);
    if (negative) {
      const g = negativeOf(f);
      if (!g) throw new UserError(`--activations ${folder.dir}: kernel ${w.name} takes signed inputs but call ${f.call} on ${f.image} has no negative part`);
      const neg = await take(g.file);
      if (neg.count !== pos.count) throw new UserError(`trace file ${join(folder.dir, g.file)} holds ${neg.count} vectors, its positive part ${pos.count}`);
      negative.set(neg.codes.subarray(0, n * per), filled * per);
    }
    filled += n;
  }
  const images = [...new Set(calls.map((f) => f.image))];
  return {
    layout,
    count: filled,
    fanIn: w.rows,
    fanOut: w.cols,
    // The manifest's shapes sized the buffers; the files themselves decide how many vectors there are.
    positive: positive.subarray(0, filled * per),
    negative: negative?.subarray(0, filled * per) ?? null,
    scale: layer.scale,
    source: `traces ${folder.dir} (${images.join(", ")}; ${calls.length} call(s))`,
    available,
  };
}
