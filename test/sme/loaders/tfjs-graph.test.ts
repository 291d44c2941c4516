import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTfjs } from "../../../src/sme/loaders/index.js";
import { testTempDir } from "../../temp-dirs.js";
import { expectUserError } from "./expect-user-error.js";
import { float32Bytes, int32Bytes, writeFiles } from "./fixtures.js";

interface Node {
  name: string;
  op: string;
  input?: string[];
}
interface Weight {
  name: string;
  shape: number[];
  dtype?: string;
  values: number[];
}

/** A graph model.json whose weights (float32 unless told) sit in one shard, in the order given. */
async function graphModel(nodes: Node[], weights: Weight[]): Promise<string> {
  const dir = await testTempDir("sme-tfjs-graph-");
  const bin = Buffer.concat(weights.map((w) => (w.dtype === "int32" ? int32Bytes(w.values) : float32Bytes(w.values))));
  const manifest = [{ paths: ["w.bin"], weights: weights.map((w) => ({ name: w.name, shape: w.shape, dtype: w.dtype ?? "float32" })) }];
  await writeFiles(dir, { "model.json": JSON.stringify({ format: "graph-model", modelTopology: { node: nodes }, weightsManifest: manifest }), "w.bin": bin });
  return join(dir, "model.json");
}

const consts = (...names: string[]): Node[] => names.map((name) => ({ name, op: "Const" }));
const ones = (n: number) => Array.from({ length: n }, (_, k) => k + 1);
const summary = async (f: string) => (await loadTfjs(f)).layers.map((l) => [l.name, l.kind, l.rows, l.cols]);

describe("TF.js graph model kernels", () => {
  it("takes input 1 of every kernel op; only the depthwise ops flatten depthwise", async () => {
    const ops = ["Conv2D", "_FusedConv2D", "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative", "Conv2DBackpropInput", "MatMul", "_FusedMatMul"];
    const names = ops.map((op) => `${op}/w`);
    const nodes: Node[] = [...consts(...names), ...ops.map((op, k) => ({ name: op, op, input: ["x", names[k]] }))];
    const f = await graphModel(
      nodes,
      names.map((name) => ({ name, shape: [1, 2, 3, 2], values: ones(12) })),
    );
    expect(await summary(f)).toEqual([
      ["Conv2D/w", "conv", 6, 2],
      ["_FusedConv2D/w", "conv", 6, 2],
      ["DepthwiseConv2dNative/w", "depthwise", 2, 6],
      ["FusedDepthwiseConv2dNative/w", "depthwise", 2, 6],
      ["Conv2DBackpropInput/w", "conv", 6, 2],
      ["MatMul/w", "conv", 6, 2],
      ["_FusedMatMul/w", "conv", 6, 2],
    ]);
  });

  it("ignores other ops, a kernel op with one input, and inputs that name no tensor", async () => {
    const f = await graphModel(
      [
        ...consts("a", "b", "c"),
        { name: "add", op: "AddV2", input: ["x", "a"] },
        { name: "one", op: "MatMul", input: ["b"] },
        { name: "nothing", op: "MatMul", input: ["x", "missing"] },
        { name: "mm", op: "MatMul", input: ["x", "c"] },
      ],
      [
        { name: "a", shape: [1, 1], values: [1] },
        { name: "b", shape: [1, 1], values: [2] },
        { name: "c", shape: [1, 1], values: [3] },
      ],
    );
    expect(await summary(f)).toEqual([["c", "dense", 1, 1]]);
  });

  it("strips a control-input caret and an output index from input names, nothing else", async () => {
    const f = await graphModel(
      [
        ...consts("ctl", "out", "blk:1/w", "odd^name"),
        { name: "m1", op: "MatMul", input: ["x", "^ctl"] },
        { name: "m2", op: "MatMul", input: ["x", "out:12"] },
        { name: "m3", op: "MatMul", input: ["x", "blk:1/w:0"] },
        { name: "m4", op: "MatMul", input: ["x", "odd^name"] },
      ],
      [
        { name: "ctl", shape: [1, 1], values: [1] },
        { name: "out", shape: [1, 1], values: [2] },
        { name: "blk:1/w", shape: [1, 1], values: [3] },
        { name: "odd^name", shape: [1, 1], values: [4] },
      ],
    );
    expect(await summary(f)).toEqual([
      ["ctl", "dense", 1, 1],
      ["out", "dense", 1, 1],
      ["blk:1/w", "dense", 1, 1],
      ["odd^name", "dense", 1, 1],
    ]);
  });

  /** `n` Identity nodes i0 -> i1 -> ... -> w between a MatMul and its weights. */
  const identityChain = (n: number): Node[] => [
    ...consts("w"),
    ...Array.from({ length: n }, (_, k) => ({ name: `i${k}`, op: "Identity", input: [k === n - 1 ? "w:0" : `i${k + 1}`] })),
    { name: "mm", op: "MatMul", input: ["x", "i0"] },
  ];

  it("follows up to 16 Identity nodes back to the weights, and no further", async () => {
    const w = [{ name: "w", shape: [1, 2], values: [1, 2] }];
    expect(await summary(await graphModel(identityChain(16), w))).toEqual([["w", "dense", 1, 2]]);
    expect(await summary(await graphModel(identityChain(17), w))).toEqual([]);
  });

  it("follows only Identity nodes, and stops at one without inputs", async () => {
    const f = await graphModel(
      [
        ...consts("w", "v"),
        { name: "r", op: "Reshape", input: ["w"] },
        { name: "id", op: "Identity" },
        { name: "empty", op: "Identity", input: [] },
        { name: "m1", op: "MatMul", input: ["x", "r"] },
        { name: "m2", op: "MatMul", input: ["x", "id"] },
        { name: "m3", op: "MatMul", input: ["x", "empty"] },
        { name: "m4", op: "MatMul", input: ["x", "v"] },
      ],
      [
        { name: "w", shape: [1, 1], values: [1] },
        { name: "v", shape: [1, 1], values: [2] },
      ],
    );
    expect(await summary(f)).toEqual([["v", "dense", 1, 1]]);
  });

  it("skips int32 and all-zero kernels", async () => {
    const f = await graphModel(
      [...consts("i", "z", "k"), ...["i", "z", "k"].map((w) => ({ name: `mm_${w}`, op: "MatMul", input: ["x", w] }))],
      [
        { name: "i", shape: [1, 2], dtype: "int32", values: [1, 2] },
        { name: "z", shape: [1, 2], values: [0, 0] },
        { name: "k", shape: [2, 1], values: [0, 3] },
      ],
    );
    const m = await loadTfjs(f);
    expect(m.layers.map((l) => [l.name, l.kind, l.rows, l.cols, Array.from(l.data)])).toEqual([["k", "dense", 2, 1, [0, 3]]]);
  });

  it.each([
    [[4], "4"],
    [[1, 2, 2], "1, 2, 2"],
  ])("rejects a kernel of shape %j naming the op and the node", async (shape, text) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const f = await graphModel([...consts("k"), { name: "conv1", op: "Conv2D", input: ["x", "k"] }], [{ name: "k", shape, values: ones(n) }]);
    await expectUserError(loadTfjs(f), `${f}: kernel k of Conv2D node conv1 has shape [${text}]; expected 2-D or 4-D`);
  });
});
