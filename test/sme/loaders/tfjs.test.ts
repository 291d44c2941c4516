import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findLayer, halfToFloat, loadModel, loadTfjs } from "../../../src/sme/loaders/index.js";
import { UserError } from "../../../src/util/errors.js";
import { float32Bytes, removeTempDirs, tempDir, writeFiles } from "./fixtures.js";

describe("TF.js loader", () => {
  afterAll(removeTempDirs);
  it("decodes float32, uint8, uint16 and float16 tensors of a bare weights manifest across shards", async () => {
    const dir = await tempDir();
    const u16 = Buffer.alloc(4);
    u16.writeUInt16LE(0, 0);
    u16.writeUInt16LE(1000, 2);
    const f16 = Buffer.alloc(4);
    f16.writeUInt16LE(0x3c00, 0); // 1.0
    f16.writeUInt16LE(0xc000, 2); // -2.0
    const all = Buffer.concat([float32Bytes([1, -2, 3, 0.5]), Buffer.from([0, 255, 128, 1]), u16, f16, Buffer.from([7])]);
    await writeFiles(dir, {
      "m-weights_manifest.json": JSON.stringify([
        {
          paths: ["m.bin1", "m.bin2"],
          weights: [
            { name: "dense/kernel", shape: [2, 2], dtype: "float32" },
            { name: "conv/depthwise_weights", shape: [1, 2, 2, 1], dtype: "float32", quantization: { dtype: "uint8", scale: 0.5, min: -1 } },
            { name: "fc/w", shape: [1, 2], dtype: "float32", quantization: { dtype: "uint16", scale: 0.001, min: -0.5 } },
            { name: "half/w", shape: [2, 1], dtype: "float32", quantization: { dtype: "float16" } },
            { name: "flag", shape: [1], dtype: "bool" },
          ],
        },
      ]),
      "m.bin1": all.subarray(0, 10),
      "m.bin2": all.subarray(10),
    });
    const m = await loadModel(join(dir, "m-weights_manifest.json"));
    expect(m.format).toBe("tfjs-weights-manifest");
    expect(m.tensors.map((t) => t.name)).toEqual(["dense/kernel", "conv/depthwise_weights", "fc/w", "half/w", "flag"]);
    expect(Array.from(m.tensors[1].values)).toEqual([-1, 126.5, 63, -0.5]);
    expect(Array.from(m.tensors[2].values)).toEqual([Math.fround(-0.5), Math.fround(1000 * 0.001 - 0.5)]);
    expect(Array.from(m.tensors[3].values)).toEqual([1, -2]);
    expect(Array.from(m.tensors[4].values)).toEqual([7]);
    expect(m.layers.map((l) => [l.name, l.kind, l.rows, l.cols])).toEqual([
      ["dense/kernel", "dense", 2, 2],
      ["conv/depthwise_weights", "depthwise", 2, 2],
      ["fc/w", "dense", 1, 2],
      ["half/w", "dense", 2, 1],
    ]);
  });

  it("finds kernels of a graph model through its ops, following Identity nodes, each tensor once", async () => {
    const dir = await tempDir();
    const conv = Array.from({ length: 2 * 2 * 3 * 4 }, (_, k) => k + 1);
    const dw = Array.from({ length: 3 * 3 * 2 * 2 }, (_, k) => -k - 1);
    const mm = [1, 2, 3, 4, 5, 6];
    const other = [9, 9, 9, 9];
    await writeFiles(dir, {
      "model.json": JSON.stringify({
        format: "graph-model",
        modelTopology: {
          node: [
            { name: "input", op: "Placeholder" },
            { name: "c/w", op: "Const" },
            { name: "d/w", op: "Const" },
            { name: "d/w/read", op: "Identity", input: ["d/w"] },
            { name: "m/w", op: "Const" },
            { name: "x/other", op: "Const" },
            { name: "conv", op: "_FusedConv2D", input: ["input", "c/w", "bias"] },
            { name: "dw", op: "DepthwiseConv2dNative", input: ["conv", "d/w/read:0"] },
            { name: "mm", op: "MatMul", input: ["dw", "m/w"] },
            { name: "mm2", op: "MatMul", input: ["mm", "^m/w"] },
            { name: "add", op: "AddV2", input: ["mm2", "x/other"] },
          ],
        },
        weightsManifest: [
          {
            paths: ["w.bin"],
            weights: [
              { name: "c/w", shape: [2, 2, 3, 4], dtype: "float32" },
              { name: "d/w", shape: [3, 3, 2, 2], dtype: "float32" },
              { name: "m/w", shape: [3, 2], dtype: "float32" },
              { name: "x/other", shape: [2, 2], dtype: "float32" },
            ],
          },
        ],
      }),
      "w.bin": float32Bytes([...conv, ...dw, ...mm, ...other]),
    });
    const m = await loadTfjs(join(dir, "model.json"));
    expect(m.format).toBe("tfjs-graph-model");
    expect(m.layers.map((l) => [l.name, l.kind, l.rows, l.cols])).toEqual([
      ["c/w", "conv", 12, 4],
      ["d/w", "depthwise", 9, 4],
      ["m/w", "dense", 3, 2],
    ]);
    // Element [a][b][c][o] of the conv kernel is row (a*kw + b)*cin + c, column o.
    const c = m.layers[0];
    const at = (a: number, b: number, ci: number, o: number) => ((a * 2 + b) * 3 + ci) * 4 + o;
    expect(c.data[((1 * 2 + 0) * 3 + 2) * c.cols + 3]).toBe(conv[at(1, 0, 2, 3)]);
    // Depthwise [a][b][ch][mult] is row a*kw + b, column ch*mult_count + mult.
    const d = m.layers[1];
    expect(d.data[(2 * 3 + 1) * d.cols + (1 * 2 + 0)]).toBe(dw[((2 * 3 + 1) * 2 + 1) * 2 + 0]);
  });

  it("treats a layers model like a bare manifest (2-D and 4-D float tensors, depthwise by name)", async () => {
    const dir = await tempDir();
    await writeFiles(dir, {
      "model.json": JSON.stringify({
        format: "layers-model",
        modelTopology: { class_name: "Sequential", config: { layers: [] } },
        weightsManifest: [
          {
            paths: ["w.bin"],
            weights: [
              { name: "dw/depthwise_kernel", shape: [1, 1, 2, 1], dtype: "float32" },
              { name: "d/kernel", shape: [2, 1], dtype: "float32" },
              { name: "d/bias", shape: [1], dtype: "float32" },
            ],
          },
        ],
      }),
      "w.bin": float32Bytes([1, 2, 3, 4, 5]),
    });
    const m = await loadModel(join(dir, "model.json"));
    expect(m.format).toBe("tfjs-layers-model");
    expect(m.layers.map((l) => [l.name, l.kind, l.rows, l.cols])).toEqual([
      ["dw/depthwise_kernel", "depthwise", 1, 2],
      ["d/kernel", "dense", 2, 1],
    ]);
  });

  it("skips all-zero kernels", async () => {
    const dir = await tempDir();
    await writeFiles(dir, {
      "z-weights_manifest.json": JSON.stringify([
        {
          paths: ["z.bin"],
          weights: [
            { name: "z", shape: [2, 1], dtype: "float32" },
            { name: "nz", shape: [1, 1], dtype: "float32" },
          ],
        },
      ]),
      "z.bin": float32Bytes([0, 0, 1]),
    });
    const m = await loadModel(join(dir, "z-weights_manifest.json"));
    expect(m.tensors.length).toBe(2);
    expect(m.layers.map((l) => l.name)).toEqual(["nz"]);
  });

  const bad: Array<[string, Record<string, unknown>[] | object, Buffer | null, RegExp]> = [
    ["a missing shard", [{ paths: ["gone.bin"], weights: [{ name: "w", shape: [1, 1], dtype: "float32" }] }], null, /weight shard gone\.bin cannot be read/],
    [
      "truncated data",
      [
        {
          paths: ["d.bin"],
          weights: [
            { name: "a", shape: [1, 1], dtype: "float32" },
            { name: "b/kernel", shape: [2, 2], dtype: "float32" },
          ],
        },
      ],
      float32Bytes([1, 2]),
      /truncated at tensor b\/kernel/,
    ],
    [
      "a NaN weight",
      [{ paths: ["d.bin"], weights: [{ name: "nan/w", shape: [1, 2], dtype: "float32" }] }],
      float32Bytes([1, NaN]),
      /tensor nan\/w holds NaN at element 1/,
    ],
    [
      "an infinite weight",
      [{ paths: ["d.bin"], weights: [{ name: "inf/w", shape: [1, 1], dtype: "float32" }] }],
      float32Bytes([-Infinity]),
      /tensor inf\/w holds -Infinity/,
    ],
    [
      "an unsupported dtype",
      [{ paths: ["d.bin"], weights: [{ name: "s", shape: [1], dtype: "string" }] }],
      Buffer.alloc(4),
      /tensor s has unsupported dtype string/,
    ],
    [
      "an unsupported quantization",
      [{ paths: ["d.bin"], weights: [{ name: "q", shape: [1], dtype: "float32", quantization: { dtype: "int4", scale: 1, min: 0 } }] }],
      Buffer.alloc(4),
      /tensor q has unsupported quantization dtype int4/,
    ],
    [
      "extra bytes",
      [{ paths: ["d.bin"], weights: [{ name: "w", shape: [1, 1], dtype: "float32" }] }],
      float32Bytes([1, 2]),
      /size mismatch: the shards \(d\.bin\) hold 8 bytes but the manifest's tensors take 4/,
    ],
    ["a bad shape", [{ paths: ["d.bin"], weights: [{ name: "w", shape: [1, -1], dtype: "float32" }] }], float32Bytes([1]), /tensor w has an invalid shape/],
    [
      "a shard path leaving the model's folder",
      [{ paths: ["../../../../etc/passwd"], weights: [{ name: "w", shape: [1, 1], dtype: "float32" }] }],
      null,
      /weight shard \.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd lies outside the model's folder .*; shard paths name files inside it$/,
    ],
    [
      "an absolute shard path",
      [{ paths: ["/etc/passwd"], weights: [{ name: "w", shape: [1, 1], dtype: "float32" }] }],
      null,
      /weight shard \/etc\/passwd lies outside the model's folder/,
    ],
    ["an object without weightsManifest", { modelTopology: {} }, null, /neither a TF\.js model\.json/],
  ];
  it.each(bad)("reports %s with the file and the tensor", async (_what, manifest, bin, msg) => {
    const dir = await tempDir();
    await writeFiles(dir, { "bad.json": JSON.stringify(manifest), ...(bin ? { "d.bin": bin } : {}) });
    const err = await loadModel(join(dir, "bad.json")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(msg);
    expect((err as Error).message).toContain("bad.json");
  });

  it("says a model holds no kernels instead of listing none", async () => {
    const dir = await tempDir();
    await writeFiles(dir, {
      "z-weights_manifest.json": JSON.stringify([{ paths: ["z.bin"], weights: [{ name: "z", shape: [2, 1], dtype: "float32" }] }]),
      "z.bin": float32Bytes([0, 0]),
    });
    const m = await loadModel(join(dir, "z-weights_manifest.json"));
    expect(() => findLayer(m, "conv")).toThrow(`${m.source} has no kernel named conv: it holds no kernels (no non-zero weight matrix); check the model file`);
  });

  it("reports invalid JSON and a missing file", async () => {
    const dir = await tempDir();
    await writeFiles(dir, { "broken.json": "{nope" });
    await expect(loadModel(join(dir, "broken.json"))).rejects.toThrow(/broken\.json is not valid JSON/);
    await expect(loadModel(join(dir, "absent.json"))).rejects.toThrow(/absent\.json does not exist/);
    await expect(loadModel(join(dir, "broken.txt"))).rejects.toThrow(UserError);
  });

  it("decodes IEEE half floats", () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x7bff)).toBe(65504);
    expect(halfToFloat(0xfc00)).toBe(-Infinity);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });
});
