import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TRACE_FORMAT, TraceWriter, writeTraceManifest, type TraceManifest } from "../../../src/accuracy/traces.js";
import { firstVectors, npyInputs, randomInputs } from "../../../src/flow/layers/inputs.js";
import { inputLoaders, layerInputs, selectLayers } from "../../../src/flow/layers/sources.js";
import { readTraceFolder, traceInputs } from "../../../src/flow/layers/traces.js";
import { makeTileParams, type LoadedModel, type WeightMatrix } from "../../../src/sme/index.js";
import { UserError } from "../../../src/util/errors.js";
import { encodeNpy } from "../../../src/util/npy.js";
import { testTempDir } from "../../temp-dirs.js";

const conv: WeightMatrix = { name: "net/conv1/filters", rows: 12, cols: 3, data: new Float32Array(36).fill(0.1), shape: [2, 2, 3, 3], kind: "conv" };
const dense: WeightMatrix = { name: "fc", rows: 4, cols: 2, data: new Float32Array(8).fill(0.2), shape: [4, 2], kind: "dense" };
const dw: WeightMatrix = { name: "net/dw/depthwise_weights", rows: 9, cols: 2, data: new Float32Array(18).fill(0.3), shape: [3, 3, 2, 1], kind: "depthwise" };

const tmp = (): Promise<string> => testTempDir("sme-layers-");
const rows = (n: number, width: number, from: number): Uint8Array => Uint8Array.from({ length: n * width }, (_, k) => (from + k) % 200);

/**
 * A trace folder as `sme accuracy --save-activations` writes it: two photos, the conv layer signed (two parts)
 * and called twice on the second photo, the dense layer unsigned.
 */
async function traceFolder(opts: { actBits?: number; convShape?: number[] } = {}): Promise<string> {
  const dir = await tmp();
  const writer = new TraceWriter(
    dir,
    new Map([
      [conv.name, "recognizer"],
      [dense.name, "recognizer"],
    ]),
  );
  writer.beginImage("a.jpg");
  writer.record(conv.name, "conv", "positive", rows(3, 12, 0), [3, 12]);
  writer.record(conv.name, "conv", "negative", rows(3, 12, 100), [3, 12]);
  writer.record(dense.name, "dense", "positive", rows(1, 4, 7), [1, 4]);
  writer.beginImage("b c.jpg");
  for (const call of [0, 1]) {
    writer.record(conv.name, "conv", "positive", rows(2, 12, 50 + call), [2, 12]);
    writer.record(conv.name, "conv", "negative", rows(2, 12, 150 + call), [2, 12]);
  }
  const layer = (w: WeightMatrix, signed: boolean, kind: "conv" | "dense") => ({
    network: "recognizer" as const,
    name: w.name,
    kind,
    kernelShape: w.name === conv.name ? (opts.convShape ?? w.shape) : w.shape,
    fanIn: w.rows,
    fanOut: w.cols,
    scale: 0.5,
    signed,
    files: writer.files.filter((f) => f.layer === w.name),
  });
  const manifest: TraceManifest = {
    format: TRACE_FORMAT,
    configuration: { id: "squeeze-min-d2", label: "squeeze-min D=2", tile: { rows: 128, cols: 128, mode: "squeeze-min", squeeze: 2 }, scale: "layer" },
    actBits: opts.actBits ?? 8,
    dtype: "uint8",
    images: ["a.jpg", "b c.jpg"],
    layers: [layer(conv, true, "conv"), layer(dense, false, "dense")],
  };
  writeTraceManifest(dir, manifest);
  return dir;
}

describe("whole-layer inputs", () => {
  it("draws seeded uniform A-bit codes, per layer, in the kernel's layout", () => {
    const a = randomInputs(conv, 4, 10, 1, 0);
    expect(a).toMatchObject({ layout: "rows", count: 10, fanIn: 12, negative: null, scale: 1 });
    expect(a.positive.length).toBe(120);
    expect(Math.max(...a.positive)).toBe(15);
    expect(Array.from(randomInputs(conv, 4, 10, 1, 0).positive)).toEqual(Array.from(a.positive));
    expect(Array.from(randomInputs(conv, 4, 10, 1, 1).positive)).not.toEqual(Array.from(a.positive));
    expect(randomInputs(conv, 12, 2, 1, 0).positive).toBeInstanceOf(Uint16Array);
    const d = randomInputs(dw, 8, 3, 1, 0);
    expect(d).toMatchObject({ layout: "depthwise", count: 3 });
    expect(d.positive.length).toBe(3 * 2 * 9);
    expect(firstVectors(a, 4)).toMatchObject({ count: 4 });
    expect(firstVectors(a, 4).positive.length).toBe(48);
    expect(firstVectors(a, null)).toBe(a);
  });

  it("reads an .npy of input vectors and refuses one that does not fit the kernel or A", async () => {
    const dir = await tmp();
    const good = join(dir, "x.npy");
    await writeFile(good, encodeNpy(rows(5, 4, 3), [5, 4]));
    const x = await npyInputs(good, dense, 8);
    expect(x).toMatchObject({ count: 5, fanIn: 4, source: good });
    expect(Array.from(x.positive.subarray(0, 4))).toEqual([3, 4, 5, 6]);
    // Whole numbers in a float array are codes too (NumPy's default dtype).
    const floats = join(dir, "f.npy");
    await writeFile(floats, encodeNpy(Float32Array.from([1, 2, 3, 4]), [1, 4]));
    expect(Array.from((await npyInputs(floats, dense, 3)).positive)).toEqual([1, 2, 3, 4]);
    await expect(npyInputs(good, conv, 8)).rejects.toThrow(
      /has shape \[5, 4\] \(4 values per vector, the kernel has 12 rows\); conv kernel net\/conv1\/filters \(12 x 3\) takes \[vectors, 12\]/,
    );
    await expect(npyInputs(good, dense, 2)).rejects.toThrow(/holds 4 at element 1; inputs are unsigned 2-bit codes 0..3/);
    await writeFile(floats, encodeNpy(Float32Array.from([1, 2.5, 3, 4]), [1, 4]));
    await expect(npyInputs(floats, dense, 8)).rejects.toThrow(/holds 2.5 at element 1/);
    await expect(npyInputs(join(dir, "none.npy"), dense, 8)).rejects.toThrow(/does not exist/);
    await writeFile(floats, "not numpy");
    await expect(npyInputs(floats, dense, 8)).rejects.toThrow(UserError);
  });

  it("reads a trace folder's vectors over photos and calls, both sign parts paired, up to --max-vectors", async () => {
    const dir = await traceFolder();
    const folder = await readTraceFolder(dir);
    const all = await traceInputs(folder, conv, 8, null);
    expect(all).toMatchObject({ layout: "rows", count: 7, available: 7, scale: 0.5 });
    // Photo a (3 vectors), then b call 0 (2), then b call 1 (2).
    expect(Array.from(all.positive.subarray(0, 36))).toEqual(Array.from(rows(3, 12, 0)));
    expect(Array.from(all.positive.subarray(36, 60))).toEqual(Array.from(rows(2, 12, 50)));
    expect(Array.from(all.positive.subarray(60, 84))).toEqual(Array.from(rows(2, 12, 51)));
    expect(Array.from(all.negative!.subarray(60, 84))).toEqual(Array.from(rows(2, 12, 151)));
    expect(all.source).toMatch(/a\.jpg, b c\.jpg; 3 call\(s\)/);
    const cut = await traceInputs(folder, conv, 8, 4);
    expect(cut).toMatchObject({ count: 4, available: 7 });
    expect(Array.from(cut.negative!.subarray(36, 48))).toEqual(Array.from(rows(1, 12, 150)));
    expect(await traceInputs(folder, dense, 8, null)).toMatchObject({ count: 1, negative: null });
    // Recorded through 128 x 128 squeeze-min D=2: a run of another tile size is told so.
    const o = { actBits: 8, vectors: 1, seed: 1, maxVectors: null };
    const other = await layerInputs({ kind: "traces", dir }, [conv], { ...o, params: makeTileParams({ rows: 32, cols: 32 }), scale: "layer" });
    expect(other.notes).toEqual([
      expect.stringMatching(/recorded through 128x128 squeeze-min D=2, scale layer; this run maps 32x32 squeeze-min D=2, scale layer/),
    ]);
    const same = await layerInputs({ kind: "traces", dir }, [conv], { ...o, params: makeTileParams({ rows: 128 }), scale: "layer" });
    expect(same.notes).toEqual([]);
  });

  it("refuses traces of another model, of another A, and files whose rows do not fit the kernel (exit status 2)", async () => {
    const dir = await traceFolder();
    const load = (layers: WeightMatrix[], actBits = 8) => inputLoaders({ kind: "traces", dir }, layers, { actBits, vectors: 1, seed: 1, maxVectors: null });
    await expect(load([conv, dense])).resolves.toHaveLength(2);
    await expect(load([conv], 4)).rejects.toThrow(/holds 8-bit activations but the tile takes A = 4: run with --act-bits 8/);
    const other = { ...dense, name: "someone/else" };
    await expect(load([other])).rejects.toThrow(/holds no activations of kernel someone\/else .*another model/);
    await expect(load([{ ...conv, shape: [1, 1, 12, 3] }])).rejects.toThrow(
      /has shape \[2, 2, 3, 3\], the weights' has \[1, 1, 12, 3\]: the traces are of another model/,
    );
    const err = await load([{ ...dense, rows: 5, shape: [4, 2] }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(/trace file recognizer\/fc\/a\.jpg\.0\.positive\.npy has shape \[1, 4\] but kernel fc has 5 rows/);
    await expect(readTraceFolder(join(dir, "recognizer"))).rejects.toThrow(/has no manifest\.json: it is not a trace folder/);
    await expect(readTraceFolder(join(dir, "nowhere"))).rejects.toThrow(/no such folder/);
    await writeFile(join(dir, "manifest.json"), JSON.stringify({ format: TRACE_FORMAT, actBits: 8 }));
    await expect(readTraceFolder(dir)).rejects.toThrow(/is not an activation trace manifest \(sme-activation-trace\/1\): configuration/);
  });

  it("selects one kernel, a list or every kernel of some kinds, with the kernels named when one is unknown", () => {
    const model: LoadedModel = { source: "m.json", format: "tfjs-weights-manifest", tensors: [], layers: [conv, dw, dense] };
    expect(selectLayers(model, { kind: "one", name: "fc" })).toEqual([dense]);
    expect(() => selectLayers(model, { kind: "one", name: null })).toThrow(/holds 3 kernels; pick one with --layer NAME/);
    expect(selectLayers(model, { kind: "list", names: ["fc", conv.name] })).toEqual([dense, conv]);
    expect(() => selectLayers(model, { kind: "list", names: ["fc", "fc"] })).toThrow(/names fc twice/);
    expect(() => selectLayers(model, { kind: "list", names: ["nope"] })).toThrow(/has no kernel named nope; kernels: net\/conv1\/filters/);
    expect(selectLayers(model, { kind: "all", kinds: null })).toEqual([conv, dw, dense]);
    expect(selectLayers(model, { kind: "all", kinds: ["conv", "dense"] })).toEqual([conv, dense]);
  });
});
