import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTfjs } from "../../../src/sme/loaders/index.js";
import { testTempDir } from "../../temp-dirs.js";
import { expectUserError } from "./expect-user-error.js";
import { float32Bytes, int32Bytes, writeFiles } from "./fixtures.js";

/** Writes `json` as `m.json` (plus any shard files) in a fresh folder and returns its path. */
async function modelFile(json: unknown, shards: Record<string, Buffer> = {}): Promise<string> {
  const dir = await testTempDir("sme-tfjs-manifest-");
  await writeFiles(dir, { "m.json": typeof json === "string" ? json : JSON.stringify(json), ...shards });
  return join(dir, "m.json");
}

const f32 = (name: string, shape: number[]) => ({ name, shape, dtype: "float32" });

describe("TF.js loader: reading the file", () => {
  it("names the file and the errno code when the file cannot be read", async () => {
    const dir = await testTempDir("sme-tfjs-manifest-");
    await expectUserError(loadTfjs(join(dir, "absent.json")), `cannot read ${join(dir, "absent.json")}: ENOENT`);
    await expectUserError(loadTfjs(dir), `cannot read ${dir}: EISDIR`);
  });

  it.each([
    ["null", "null"],
    ["a number", "5"],
    ["a string", '"weights"'],
    ["an object without weightsManifest", '{"modelTopology": {}}'],
  ])("rejects %s as neither a model.json nor a manifest", async (_what, text) => {
    const f = await modelFile(text);
    await expectUserError(
      loadTfjs(f),
      `${f} is neither a TF.js model.json (no "weightsManifest") nor a weights manifest (not a list); check the file (m.json)`,
    );
  });

  it("reads a model.json without modelTopology as a layers model", async () => {
    const f = await modelFile({ weightsManifest: [{ paths: ["w.bin"], weights: [f32("k", [1, 2])] }] }, { "w.bin": float32Bytes([1, 2]) });
    const m = await loadTfjs(f);
    expect(m.format).toBe("tfjs-layers-model");
    expect(m.layers.map((l) => [l.name, l.kind, l.rows, l.cols, Array.from(l.data)])).toEqual([["k", "dense", 1, 2, [1, 2]]]);
  });
});

describe("TF.js loader: manifest shape", () => {
  it("requires weightsManifest to be a list", async () => {
    const f = await modelFile({ weightsManifest: { paths: [], weights: [] } });
    await expectUserError(loadTfjs(f), `${f}: a weights manifest must be a JSON list of {paths, weights} groups`);
  });

  it.each([
    ["null", null],
    ["without paths", { weights: [] }],
    ["without weights", { paths: [] }],
    ["with paths not a list", { paths: "w.bin", weights: [] }],
  ])("rejects a group %s", async (_what, group) => {
    const f = await modelFile([{ paths: [], weights: [] }, group]);
    await expectUserError(loadTfjs(f), `${f}: manifest group 1 needs "paths" and "weights" lists`);
  });

  it.each([
    ["null", null],
    ["without a name", { shape: [1], dtype: "float32" }],
    ["with a numeric name", { name: 3, shape: [1], dtype: "float32" }],
  ])("rejects a weight %s", async (_what, weight) => {
    const f = await modelFile([
      { paths: [], weights: [] },
      { paths: [], weights: [f32("a", [1]), weight] },
    ]);
    await expectUserError(loadTfjs(f), `${f}: manifest group 1 has a weight without a name`);
  });

  it("rejects a shard path that is not a string", async () => {
    const f = await modelFile([{ paths: ["w.bin", 7], weights: [f32("a", [1])] }], { "w.bin": float32Bytes([1]) });
    await expectUserError(loadTfjs(f), `${f}: manifest group 0 has a shard path that is not a string (7); shard paths name files inside the model's folder`);
  });

  it.each([".", "", "sub/.."])("rejects the shard path %j that names the model's folder itself", async (p) => {
    const f = await modelFile([{ paths: [p], weights: [f32("a", [1])] }]);
    const dir = join(f, "..");
    await expectUserError(loadTfjs(f), `${f}: weight shard ${p} lies outside the model's folder ${dir}; shard paths name files inside it`);
  });

  it("names the errno code and the path looked for when a shard is missing", async () => {
    const f = await modelFile([{ paths: ["gone.bin"], weights: [f32("a", [1])] }]);
    await expectUserError(loadTfjs(f), `${f}: weight shard gone.bin cannot be read (ENOENT); looked for ${join(f, "..", "gone.bin")}`);
  });

  it("accepts a tensor with a zero dimension: it holds no values and no kernel", async () => {
    const f = await modelFile([{ paths: ["w.bin"], weights: [f32("empty", [0, 3]), f32("k", [1, 1])] }], { "w.bin": float32Bytes([2]) });
    const m = await loadTfjs(f);
    expect(m.tensors.map((t) => [t.name, t.shape, Array.from(t.values)])).toEqual([
      ["empty", [0, 3], []],
      ["k", [1, 1], [2]],
    ]);
    expect(m.layers.map((l) => l.name)).toEqual(["k"]);
  });
});

describe("TF.js loader: dtypes", () => {
  it.each(["uint8", "uint16", "float16", "complex64"])("rejects the stored dtype %s without a quantization", async (dtype) => {
    const f = await modelFile([{ paths: ["w.bin"], weights: [{ name: "t", shape: [2], dtype }] }], { "w.bin": Buffer.alloc(8) });
    await expectUserError(loadTfjs(f), `${f}: tensor t has unsupported dtype ${dtype}; supported: float32, int32, bool`);
  });

  it.each([
    ["no scale", { dtype: "uint8", min: 0 }],
    ["no min", { dtype: "uint8", scale: 1 }],
    ["neither", { dtype: "uint16" }],
    ["a string scale", { dtype: "uint8", scale: "0.5", min: 0 }],
  ])("rejects an integer quantization with %s", async (_what, quantization) => {
    const f = await modelFile([{ paths: ["w.bin"], weights: [{ name: "q/w", shape: [2], dtype: "float32", quantization }] }], { "w.bin": Buffer.alloc(4) });
    await expectUserError(loadTfjs(f), `${f}: tensor q/w is ${quantization.dtype}-quantized but its quantization lacks a numeric scale and min`);
  });

  it("decodes float32, int32 and bool tensors into arrays of their own type, little-endian", async () => {
    const i32 = int32Bytes([1, -2, 16777217]);
    const f = await modelFile(
      [
        {
          paths: ["w.bin"],
          weights: [f32("f", [2, 2]), { name: "i", shape: [3], dtype: "int32" }, { name: "b", shape: [2], dtype: "bool" }],
        },
      ],
      { "w.bin": Buffer.concat([float32Bytes([1.5, -2, 3, 0.25]), i32, Buffer.from([1, 0])]) },
    );
    const m = await loadTfjs(f);
    expect(m.tensors.map((t) => [t.name, t.shape, t.dtype, Array.from(t.values)])).toEqual([
      ["f", [2, 2], "float32", [1.5, -2, 3, 0.25]],
      ["i", [3], "int32", [1, -2, 16777217]],
      ["b", [2], "bool", [1, 0]],
    ]);
    expect(m.tensors[0].values).toBeInstanceOf(Float32Array);
    expect(m.tensors[1].values).toBeInstanceOf(Int32Array);
    expect(m.tensors[2].values).toBeInstanceOf(Uint8Array);
    // Only float tensors are kernels: the 2-D int32 tensor below is not one.
    expect(m.layers.map((l) => l.name)).toEqual(["f"]);
  });

  it("does not take a 2-D int32 tensor of a manifest as a kernel", async () => {
    const i32 = int32Bytes([1, 2, 3, 4]);
    const f = await modelFile([{ paths: ["w.bin"], weights: [{ name: "ids", shape: [2, 2], dtype: "int32" }] }], { "w.bin": i32 });
    const m = await loadTfjs(f);
    expect(m.tensors.length).toBe(1);
    expect(m.layers).toEqual([]);
  });

  it("dequantizes uint8 into an int32 tensor with rounding, and uint16 into float32 exactly", async () => {
    const u16 = Buffer.alloc(4);
    u16.writeUInt16LE(3, 0);
    u16.writeUInt16LE(65535, 2);
    const f = await modelFile(
      [
        {
          paths: ["w.bin"],
          weights: [
            { name: "i", shape: [3], dtype: "int32", quantization: { dtype: "uint8", scale: 0.5, min: -1 } },
            { name: "f", shape: [2], dtype: "float32", quantization: { dtype: "uint16", scale: 0.25, min: 10 } },
          ],
        },
      ],
      { "w.bin": Buffer.concat([Buffer.from([0, 3, 255]), u16]) },
    );
    const m = await loadTfjs(f);
    expect(m.tensors.map((t) => Array.from(t.values))).toEqual([
      [-1, Math.round(0.5), 127],
      [10.75, 65535 * 0.25 + 10],
    ]);
    expect(m.tensors[0].values).toBeInstanceOf(Int32Array);
  });
});

describe("TF.js loader: byte accounting", () => {
  it("names the byte range and every shard when the data is truncated", async () => {
    const f = await modelFile([{ paths: ["a.bin", "b.bin"], weights: [f32("a", [1]), f32("b/kernel", [2, 2])] }], {
      "a.bin": float32Bytes([1]),
      "b.bin": float32Bytes([2]),
    });
    await expectUserError(loadTfjs(f), `${f}: weight data is truncated at tensor b/kernel: it needs bytes 4..20 but the shards (a.bin, b.bin) hold 8`);
  });

  it("names every shard when they hold more bytes than the tensors take", async () => {
    const f = await modelFile([{ paths: ["a.bin", "b.bin"], weights: [f32("a", [1, 1])] }], { "a.bin": float32Bytes([1]), "b.bin": float32Bytes([2]) });
    await expectUserError(loadTfjs(f), `${f}: size mismatch: the shards (a.bin, b.bin) hold 8 bytes but the manifest's tensors take 4`);
  });
});

describe("TF.js loader: kernels of a bare manifest", () => {
  it("flattens a 4-D tensor as a conv kernel unless its name says depthwise, and skips all-zero ones", async () => {
    const conv = Array.from({ length: 2 * 2 * 3 * 2 }, (_, k) => k + 1);
    const f = await modelFile(
      [
        {
          paths: ["w.bin"],
          weights: [f32("conv/kernel", [2, 2, 3, 2]), f32("b/depthwise_kernel", [1, 2, 2, 1]), f32("zero/kernel", [1, 1, 1, 2]), f32("bias", [2])],
        },
      ],
      { "w.bin": float32Bytes([...conv, 1, 2, 3, 4, 0, 0, 5, 6]) },
    );
    const m = await loadTfjs(f);
    expect(m.layers.map((l) => [l.name, l.kind, l.rows, l.cols, l.shape])).toEqual([
      ["conv/kernel", "conv", 12, 2, [2, 2, 3, 2]],
      ["b/depthwise_kernel", "depthwise", 2, 2, [1, 2, 2, 1]],
    ]);
    expect(Array.from(m.layers[0].data)).toEqual(conv);
  });
});
