/** Random programming images for coverage closure: legal tile states of every shape the mode allows. */
import { describe, expect, it } from "vitest";
import { randomProgram, randomVectors } from "../../../../src/flow/verify/coverage/random-program.js";
import { buildTile, tileInterface } from "../../../../src/hw/index.js";
import { MAPPING_MODES } from "../../../../src/params/index.js";
import { compileTileModel, integerProduct, makeTileParams, seededRandom } from "../../../../src/sme/index.js";

describe("randomProgram", () => {
  it.each(MAPPING_MODES)("gives legal images with empty and full crossbars and ignored transfers: %s", (mode) => {
    const p = makeTileParams({ rows: 8, cols: 6, weightBits: 4, window: 2, actBits: 4, squeeze: 2, mode });
    const tile = tileInterface(buildTile(p, { kind: "programmable" }));
    let empty = 0;
    let full = 0;
    let none = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const r = randomProgram(tile, seededRandom(seed));
      // Every enabled slot gets all of its cell rows (cells are not cleared by reset).
      const cellRows = r.transfers.filter((t) => t.target === 0);
      expect(cellRows.length).toBe(r.slots.length * p.rows);
      for (const s of r.slots) expect(new Set(cellRows.filter((t) => t.xbar === s).map((t) => t.row)).size).toBe(p.rows);
      expect(r.transfers.some((t) => t.target === 3)).toBe(true);
      expect(r.plan.crossbars).toHaveLength(r.slots.length);
      // No weight beyond N bits: every (input, column) code is a signed N-bit magnitude.
      for (const c of r.plan.mappedCodes) expect(Math.abs(c)).toBeLessThan(2 ** p.weightBits);
      // With a lossless ADC the golden model is the plain integer product of the codes the image holds.
      const x = randomVectors(tile, seededRandom(seed), 3)[2];
      expect(Array.from(compileTileModel(r.plan, p).run(x))).toEqual(Array.from(integerProduct(r.plan.mappedCodes, p.rows, p.cols, x)));
      for (const xb of r.plan.crossbars) {
        const bits = Array.from(xb.cells).reduce((a, w) => a + (w.toString(2).match(/1/g)?.length ?? 0), 0);
        if (bits === 0) empty++;
        if (bits === p.rows * p.cols) full++;
      }
      if (r.slots.length === 0) none++;
    }
    expect(empty).toBeGreaterThan(0);
    expect(full).toBeGreaterThan(0);
    expect(none).toBeGreaterThan(0);
  });

  it("is deterministic for a seed", () => {
    const p = makeTileParams({ rows: 8, cols: 6, weightBits: 4, window: 2, actBits: 4, squeeze: 1, mode: "remap" });
    const tile = tileInterface(buildTile(p, { kind: "programmable" }));
    expect(randomProgram(tile, seededRandom(9)).transfers).toEqual(randomProgram(tile, seededRandom(9)).transfers);
  });
});

describe("randomVectors", () => {
  it("starts with an all-zero and an all-one vector and stays in A bits", () => {
    const p = makeTileParams({ rows: 8, cols: 6, weightBits: 4, window: 2, actBits: 4, squeeze: 1 });
    const tile = tileInterface(buildTile(p, { kind: "programmable" }));
    const xs = randomVectors(tile, seededRandom(4), 50);
    expect(Array.from(xs[0])).toEqual(new Array(8).fill(0));
    expect(Array.from(xs[1])).toEqual(new Array(8).fill(15));
    for (const x of xs) for (const v of x) expect(v >= 0 && v <= 15 && Number.isInteger(v)).toBe(true);
  });
});
