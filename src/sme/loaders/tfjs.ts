import { readFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, relative, resolve } from "node:path";
import { UserError } from "../../util/errors.js";
import type { WeightMatrix } from "../matrix.js";
import { checkFinite, elementCount, isAllZero, kernelToMatrix, type LoadedModel, type LoadedTensor } from "./tensor.js";
import { halfToFloat } from "../../util/half.js";

interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number };
}
interface ManifestGroup {
  paths: string[];
  weights: ManifestEntry[];
}

/** Graph ops whose input 1 is a kernel (design.md §2), and the ones whose kernel is depthwise. */
const KERNEL_OPS = new Set(["Conv2D", "_FusedConv2D", "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative", "Conv2DBackpropInput", "MatMul", "_FusedMatMul"]);
const DEPTHWISE_OPS = new Set(["DepthwiseConv2dNative", "FusedDepthwiseConv2dNative"]);

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new UserError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UserError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}

function validateManifest(file: string, json: unknown): ManifestGroup[] {
  if (!Array.isArray(json)) throw new UserError(`${file}: a weights manifest must be a JSON list of {paths, weights} groups`);
  json.forEach((g, gi) => {
    if (!g || !Array.isArray(g.paths) || !Array.isArray(g.weights)) {
      throw new UserError(`${file}: manifest group ${gi} needs "paths" and "weights" lists`);
    }
    for (const p of g.paths) {
      if (typeof p !== "string") {
        throw new UserError(
          `${file}: manifest group ${gi} has a shard path that is not a string (${JSON.stringify(p)}); shard paths name files inside the model's folder`,
        );
      }
    }
    for (const w of g.weights) {
      if (!w || typeof w.name !== "string") throw new UserError(`${file}: manifest group ${gi} has a weight without a name`);
    }
  });
  return json as ManifestGroup[];
}

/** Decodes every tensor of a weights manifest, reading its shards from `baseDir`. */
async function decodeManifest(file: string, groups: ManifestGroup[], baseDir: string): Promise<LoadedTensor[]> {
  const tensors: LoadedTensor[] = [];
  for (const group of groups) {
    const shards: Buffer[] = [];
    for (const p of group.paths) {
      const shardPath = resolve(baseDir, p);
      // A shard outside the model's folder (`../../etc/passwd`, an absolute path) is no part of the model.
      const inside = relative(baseDir, shardPath);
      if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) {
        throw new UserError(`${file}: weight shard ${p} lies outside the model's folder ${baseDir}; shard paths name files inside it`);
      }
      try {
        shards.push(await readFile(shardPath));
      } catch (err) {
        throw new UserError(`${file}: weight shard ${p} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}); looked for ${shardPath}`);
      }
    }
    const buf = Buffer.concat(shards);
    let offset = 0;
    for (const w of group.weights) {
      const n = elementCount(file, w.name, w.shape);
      const q = w.quantization;
      const stored = q ? q.dtype : w.dtype;
      if (!(w.dtype in BYTES) || w.dtype === "uint8" || w.dtype === "uint16" || w.dtype === "float16") {
        throw new UserError(`${file}: tensor ${w.name} has unsupported dtype ${w.dtype}; supported: float32, int32, bool`);
      }
      if (q && !["uint8", "uint16", "float16"].includes(q.dtype)) {
        throw new UserError(`${file}: tensor ${w.name} has unsupported quantization dtype ${q.dtype}; supported: uint8, uint16, float16`);
      }
      if (q && q.dtype !== "float16" && (typeof q.scale !== "number" || typeof q.min !== "number")) {
        throw new UserError(`${file}: tensor ${w.name} is ${q.dtype}-quantized but its quantization lacks a numeric scale and min`);
      }
      const bytes = n * BYTES[stored];
      if (offset + bytes > buf.length) {
        throw new UserError(
          `${file}: weight data is truncated at tensor ${w.name}: it needs bytes ${offset}..${offset + bytes} but the shards (${group.paths.join(", ")}) hold ${buf.length}`,
        );
      }
      const raw = buf.subarray(offset, offset + bytes);
      offset += bytes;
      const values = decodeValues(w, raw, n);
      if (values instanceof Float32Array) checkFinite(file, w.name, values);
      tensors.push({ name: w.name, shape: w.shape, dtype: w.dtype as LoadedTensor["dtype"], values });
    }
    if (offset !== buf.length) {
      throw new UserError(`${file}: size mismatch: the shards (${group.paths.join(", ")}) hold ${buf.length} bytes but the manifest's tensors take ${offset}`);
    }
  }
  return tensors;
}

function decodeValues(w: ManifestEntry, raw: Buffer, n: number): Float32Array | Int32Array | Uint8Array {
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const q = w.quantization;
  const isFloat = w.dtype === "float32";
  const out: Float32Array | Int32Array | Uint8Array = isFloat ? new Float32Array(n) : w.dtype === "int32" ? new Int32Array(n) : new Uint8Array(n);
  if (!q) {
    for (let k = 0; k < n; k++) out[k] = w.dtype === "float32" ? dv.getFloat32(4 * k, true) : w.dtype === "int32" ? dv.getInt32(4 * k, true) : dv.getUint8(k);
    return out;
  }
  if (q.dtype === "float16") {
    for (let k = 0; k < n; k++) out[k] = halfToFloat(dv.getUint16(2 * k, true));
    return out;
  }
  // TF.js dequantization: q * scale + min in double precision, then stored in the tensor's dtype.
  const scale = q.scale!;
  const min = q.min!;
  for (let k = 0; k < n; k++) {
    const v = (q.dtype === "uint8" ? dv.getUint8(k) : dv.getUint16(2 * k, true)) * scale + min;
    out[k] = isFloat ? v : Math.round(v);
  }
  return out;
}

/** Kernel tensors of a bare manifest: every 2-D and 4-D float tensor; 4-D ones are depthwise when named so. */
function manifestKernels(tensors: readonly LoadedTensor[]): WeightMatrix[] {
  const out: WeightMatrix[] = [];
  for (const t of tensors) {
    if (t.dtype !== "float32" || (t.shape.length !== 2 && t.shape.length !== 4)) continue;
    if (isAllZero(t.values)) continue;
    out.push(kernelToMatrix(t.name, t.shape, t.values as Float32Array, t.shape.length === 4 && t.name.includes("depthwise")));
  }
  return out;
}

interface GraphNode {
  name: string;
  op: string;
  input?: string[];
}

/** Kernel tensors of a graph model: input 1 of every kernel op, each tensor once, in node order. */
function graphKernels(file: string, nodes: GraphNode[], tensors: readonly LoadedTensor[]): WeightMatrix[] {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const nodeByName = new Map(nodes.map((n) => [n.name, n]));
  const seen = new Set<string>();
  const out: WeightMatrix[] = [];
  const clean = (s: string) => s.replace(/^\^/, "").replace(/:\d+$/, "");
  for (const node of nodes) {
    if (!KERNEL_OPS.has(node.op) || !node.input || node.input.length < 2) continue;
    // Follow Identity nodes back to the constant that holds the weights.
    let name = clean(node.input[1]);
    for (let hops = 0; hops < 16 && !byName.has(name); hops++) {
      const src = nodeByName.get(name);
      if (src?.op !== "Identity" || !src.input?.length) break;
      name = clean(src.input[0]);
    }
    const t = byName.get(name);
    if (!t || seen.has(name)) continue;
    seen.add(name);
    if (t.dtype !== "float32") continue;
    if (t.shape.length !== 2 && t.shape.length !== 4) {
      throw new UserError(`${file}: kernel ${name} of ${node.op} node ${node.name} has shape [${t.shape.join(", ")}]; expected 2-D or 4-D`);
    }
    if (isAllZero(t.values)) continue;
    out.push(kernelToMatrix(name, t.shape, t.values as Float32Array, DEPTHWISE_OPS.has(node.op)));
  }
  return out;
}

/** Loads a TF.js `model.json` (graph or layers model) or a bare `*-weights_manifest.json`. */
export async function loadTfjs(file: string): Promise<LoadedModel> {
  const json = await readJson(file);
  const baseDir = dirname(resolve(file));
  if (Array.isArray(json)) {
    const tensors = await decodeManifest(file, validateManifest(file, json), baseDir);
    return { source: file, format: "tfjs-weights-manifest", tensors, layers: manifestKernels(tensors) };
  }
  const model = json as { modelTopology?: { node?: GraphNode[] }; weightsManifest?: unknown };
  if (!model || typeof model !== "object" || !("weightsManifest" in model)) {
    throw new UserError(`${file} is neither a TF.js model.json (no "weightsManifest") nor a weights manifest (not a list); check the file (${basename(file)})`);
  }
  const tensors = await decodeManifest(file, validateManifest(file, model.weightsManifest), baseDir);
  const nodes = model.modelTopology?.node;
  if (Array.isArray(nodes)) return { source: file, format: "tfjs-graph-model", tensors, layers: graphKernels(file, nodes, tensors) };
  return { source: file, format: "tfjs-layers-model", tensors, layers: manifestKernels(tensors) };
}
