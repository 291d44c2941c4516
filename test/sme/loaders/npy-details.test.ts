import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kernelToMatrix, loadModel, loadNpy } from "../../../src/sme/loaders/index.js";
import { UserError } from "../../../src/util/errors.js";
import { testTempDir } from "../../temp-dirs.js";
import { expectUserError } from "./expect-user-error.js";
import { npyBytes, writeFiles } from "./fixtures.js";

async function npyFile(name: string, bytes: Buffer): Promise<string> {
  const dir = await testTempDir("sme-npy-loader-");
  await writeFiles(dir, { [name]: bytes });
  return join(dir, name);
}

describe(".npy loader details", () => {
  it("returns the array as its one float32 tensor and its one weight matrix", async () => {
    const f = await npyFile("w.npy", npyBytes("<f8", [2, 2], [1, -2, 0.5, 4]));
    const m = await loadNpy(f);
    expect(m.source).toBe(f);
    expect(m.format).toBe("npy");
    expect(m.tensors.map((t) => ({ ...t, values: Array.from(t.values) }))).toEqual([{ name: "w", shape: [2, 2], dtype: "float32", values: [1, -2, 0.5, 4] }]);
    expect(m.tensors[0].values).toBeInstanceOf(Float32Array);
    expect(m.layers.map((l) => [l.name, l.kind, l.rows, l.cols, Array.from(l.data)])).toEqual([["w", "dense", 2, 2, [1, -2, 0.5, 4]]]);
  });

  it("takes the tensor name from the file name without its final .npy only", async () => {
    const f = await npyFile("w.npyz.NPY", npyBytes("<f4", [1, 1], [3]));
    const m = await loadModel(f);
    expect(m.tensors[0].name).toBe("w.npyz");
    expect(m.layers[0].name).toBe("w.npyz");
  });

  it("keeps an all-zero array as a tensor but not as a weight matrix", async () => {
    const f = await npyFile("z.npy", npyBytes("<f4", [2, 1], [0, 0]));
    const m = await loadNpy(f);
    expect(m.tensors.length).toBe(1);
    expect(m.layers).toEqual([]);
  });

  it("names the file and the errno code when the file cannot be read", async () => {
    const dir = await testTempDir("sme-npy-loader-");
    await expectUserError(loadNpy(join(dir, "absent.npy")), `cannot read ${join(dir, "absent.npy")}: ENOENT`);
  });

  it("rejects an unsigned-integer array: only floating-point arrays hold weights", async () => {
    const f = await npyFile("mask.npy", npyBytes("|u1", [2, 2], [1, 0, 0, 1]));
    await expectUserError(loadNpy(f), `${f}: tensor mask has dtype 'u1'; only floating-point arrays (f2, f4, f8) hold weights`);
  });

  it("rejects a 3-D array, listing its shape", async () => {
    const f = await npyFile("cube.npy", npyBytes("<f4", [2, 1, 2], [1, 2, 3, 4]));
    await expectUserError(loadNpy(f), `${f}: tensor cube has shape (2, 1, 2); a weight matrix must be 2-D [in, out] or 4-D [kh, kw, cin, cout]`);
  });

  it("reports a version-2 file cut inside its header length as truncated", async () => {
    const f = await npyFile("cut.npy", Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0, 16, 0]));
    await expectUserError(loadNpy(f), `${f}: the .npy header is truncated`);
  });
});

describe("kernelToMatrix", () => {
  it("rejects a kernel that is neither 2-D nor 4-D, listing its shape", () => {
    const data = new Float32Array(8);
    expect(() => kernelToMatrix("k", [2, 2, 2], data, false)).toThrow(new UserError("tensor k: a kernel must be 2-D or 4-D, this one has shape [2, 2, 2]"));
    expect(() => kernelToMatrix("k", [2, 2, 2], data, false)).toThrow(UserError);
  });

  it("ignores the depthwise flag for a 2-D kernel", () => {
    const data = new Float32Array([1, 2, 3, 4, 5, 6]);
    expect(kernelToMatrix("d", [2, 3], data, true)).toEqual({ name: "d", rows: 2, cols: 3, data, shape: [2, 3], kind: "dense" });
  });
});
