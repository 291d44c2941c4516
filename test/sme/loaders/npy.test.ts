import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadModel } from "../../../src/sme/loaders/index.js";
import { npyBytes, removeTempDirs, tempDir, writeFiles } from "./fixtures.js";

describe(".npy loader", () => {
  afterAll(removeTempDirs);
  it("reads little- and big-endian float matrices, and Fortran order", async () => {
    const dir = await tempDir();
    await writeFiles(dir, {
      "a.npy": npyBytes("<f4", [2, 3], [1, 2, 3, 4, 5, 6]),
      "b.npy": npyBytes(">f8", [2, 3], [1, 2, 3, 4, 5, 6]),
      // Column-major storage of [[1,2,3],[4,5,6]].
      "c.npy": npyBytes("<f4", [2, 3], [1, 4, 2, 5, 3, 6], true),
    });
    for (const f of ["a.npy", "b.npy", "c.npy"]) {
      const m = await loadModel(join(dir, f));
      expect(m.format).toBe("npy");
      expect(m.layers.length).toBe(1);
      const l = m.layers[0];
      expect([l.name, l.rows, l.cols]).toEqual([f.replace(".npy", ""), 2, 3]);
      expect(Array.from(l.data)).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });

  it("flattens 4-D arrays as conv kernels, or depthwise when the name says so", async () => {
    const dir = await tempDir();
    const v = Array.from({ length: 3 * 3 * 4 * 2 }, (_, k) => k + 1);
    await writeFiles(dir, { "conv.npy": npyBytes("<f4", [3, 3, 4, 2], v), "l_depthwise.npy": npyBytes("<f4", [3, 3, 4, 2], v) });
    const c = (await loadModel(join(dir, "conv.npy"))).layers[0];
    expect([c.kind, c.rows, c.cols]).toEqual(["conv", 36, 2]);
    const d = (await loadModel(join(dir, "l_depthwise.npy"))).layers[0];
    expect([d.kind, d.rows, d.cols]).toEqual(["depthwise", 9, 8]);
  });

  it.each([
    ["int.npy", npyBytes("<i4", [2, 2], [1, 2, 3, 4]), /tensor int has dtype '<i4'; only floating-point arrays/],
    ["short.npy", npyBytes("<f4", [2, 2], [1, 2, 3, 4]).subarray(0, 130), /needs 16 bytes of data but the file holds/],
    ["vec.npy", npyBytes("<f4", [4], [1, 2, 3, 4]), /tensor vec has shape \(4\); a weight matrix must be 2-D/],
    ["nan.npy", npyBytes("<f4", [1, 2], [0, NaN]), /nan\.npy: tensor nan holds NaN at element 1/],
    ["junk.npy", Buffer.from("not numpy at all"), /junk\.npy: not a NumPy \.npy file/],
  ])("rejects %s with a clear message", async (name, bytes, msg) => {
    const dir = await tempDir();
    await writeFiles(dir, { [name]: bytes });
    await expect(loadModel(join(dir, name))).rejects.toThrow(msg);
  });
});
