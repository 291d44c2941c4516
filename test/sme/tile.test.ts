import { describe, expect, it } from "vitest";
import { matrixFromRows } from "../../src/sme/matrix.js";
import { progLayout } from "../../src/sme/program-layout.js";
import { quantizeMatrix } from "../../src/sme/quantize.js";
import { extractTile, tileFromCodes } from "../../src/sme/tile.js";
import { UserError } from "../../src/util/errors.js";
import { messageOf } from "../error-message.js";

describe("tiles of a quantized layer", () => {
  // Codes 1..15 at delta 1/16 (N = S = 4), 3 x 5: tiles of 2 x 2 make a 2 x 3 grid.
  const q = quantizeMatrix(
    matrixFromRows(
      "w",
      [
        [1, 2, 3, 4, 5],
        [6, 7, 8, 9, 10],
        [11, 12, 13, 14, 15],
      ].map((r) => r.map((v) => v / 16)),
    ),
    { weightBits: 4, window: 4, scale: "layer" },
  );

  it("cuts each tile, zero-padding past the edges", () => {
    expect(Array.from(q.codes)).toEqual(Array.from({ length: 15 }, (_, k) => k + 1));
    expect(Array.from(extractTile(q, 0, 0, 2, 2).codes)).toEqual([1, 2, 6, 7]);
    expect(Array.from(extractTile(q, 0, 2, 2, 2).codes)).toEqual([5, 0, 10, 0]);
    expect(Array.from(extractTile(q, 1, 1, 2, 2).codes)).toEqual([13, 14, 0, 0]);
    expect(extractTile(q, 1, 2, 2, 2)).toEqual({ rows: 2, cols: 2, weightBits: 4, codes: Int32Array.of(15, 0, 0, 0) });
  });

  it("names the valid range for a tile that does not exist", () => {
    const range = "a 3x5 matrix has 2x3 tiles of 2x2; pick ROW in 0..1 and COL in 0..2";
    for (const [r, c] of [
      [2, 0],
      [0, 3],
      [-1, 0],
      [0, -1],
      [0.5, 0],
      [0, 1.5],
    ]) {
      expect(messageOf(() => extractTile(q, r, c, 2, 2))).toBe(`tile (${r},${c}) does not exist in layer w: ${range}`);
    }
  });

  it("takes codes that fit N magnitude bits, and says which one does not", () => {
    expect(tileFromCodes(1, 3, 3, [7, -7, 0]).codes).toEqual(Int32Array.of(7, -7, 0));
    expect(messageOf(() => tileFromCodes(1, 3, 3, [7, 8, 0]))).toBe("tile codes: code 8 at index 1 does not fit 3 magnitude bits");
    expect(messageOf(() => tileFromCodes(1, 3, 3, [0, 0, -8]))).toBe("tile codes: code -8 at index 2 does not fit 3 magnitude bits");
    expect(messageOf(() => tileFromCodes(2, 3, 3, [1, 2]))).toBe("tile codes: expected 6 codes for 2x3, got 2");
    expect(() => tileFromCodes(2, 3, 3, [1, 2])).toThrow(UserError);
  });
});

describe("matrices from rows and field layouts", () => {
  it("matrixFromRows: a dense matrix of equal rows", () => {
    expect(
      matrixFromRows("m", [
        [1, 2],
        [3, 4],
      ]),
    ).toEqual({ name: "m", rows: 2, cols: 2, data: Float64Array.of(1, 2, 3, 4), shape: [2, 2], kind: "dense" });
    expect(matrixFromRows("e", [])).toMatchObject({ rows: 0, cols: 0, shape: [0, 0] });
    expect(messageOf(() => matrixFromRows("m", [[1, 2], [3]]))).toBe("matrixFromRows: row 1 has 1 entries, expected 2");
  });

  it("describes every stored field and what the fields it does not store are fixed to", () => {
    const remap = progLayout({ mode: "remap", rows: 4, cols: 2, weightBits: 5, squeeze: 1 });
    expect(remap.target2).toEqual([
      { name: "base", offset: 0, width: 3, stored: true, meaning: "base significance b" },
      { name: "sign", offset: 3, width: 1, stored: true, meaning: "1 = negative crossbar set" },
      { name: "enable", offset: 4, width: 1, stored: true, meaning: "1 = crossbar in use" },
    ]);
    expect(remap.target1.map(({ name, stored, meaning }) => ({ name, stored, meaning }))).toEqual([
      { name: "shift", stored: true, meaning: "row shift" },
      { name: "src", stored: true, meaning: "source input index" },
      { name: "valid", stored: true, meaning: "1 = row in use" },
    ]);
    const squeeze = progLayout({ mode: "squeeze", rows: 4, cols: 2, weightBits: 5, squeeze: 2 });
    expect(squeeze.target1.map(({ name, stored, meaning }) => ({ name, stored, meaning }))).toEqual([
      { name: "shift", stored: true, meaning: "RCMR bit: row shift = bit * 2" },
      { name: "src", stored: false, meaning: "fixed to the physical row" },
      { name: "valid", stored: false, meaning: "fixed 1" },
    ]);
    const dense = progLayout({ mode: "dense", rows: 4, cols: 2, weightBits: 5, squeeze: 1 });
    expect(dense.target1.map(({ stored, meaning }) => [stored, meaning])).toEqual([
      [false, "fixed 0"],
      [false, "fixed to the physical row"],
      [false, "fixed 1"],
    ]);
  });
});
