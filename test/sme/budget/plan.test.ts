import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapBudgetTile, squeezeMinRowShifts, type RowShifts } from "../../../src/sme/budget/plan.js";
import { mapTile } from "../../../src/sme/mapping.js";
import { bitsFor, digitCount, makeTileParams, worstCaseCrossbars } from "../../../src/sme/params.js";
import { applyProgramImage, buildProgramImage, programImageFromJson, programImageToJson } from "../../../src/sme/program-image.js";
import { progLayout } from "../../../src/sme/program-layout.js";
import { popcount32 } from "../../../src/sme/squeeze.js";
import { referenceTileModel } from "../../../src/sme/tile-model-reference.js";
import { compileTileModel, integerProduct } from "../../../src/sme/tile-model.js";
import { rowOccupancy, tileFromCodes, type TileCodes } from "../../../src/sme/tile.js";
import { tileCase } from "../arbitraries.js";
import { heavyRuns, runs } from "../../property-runs.js";

/** A tile case with remap parameters and the shifts of random squeeze-min depths or of random per-row choices. */
const budgetCase = (opts: { saturating?: boolean } = {}) =>
  tileCase(opts).chain(({ p, tile, x }) => {
    const N = p.weightBits;
    const remap = makeTileParams({ ...p, mode: "remap" });
    const byDepth = fc.tuple(fc.integer({ min: 0, max: N - 1 }), fc.integer({ min: 0, max: N - 1 })).map((d) => squeezeMinRowShifts(tile, d));
    const perRow = fc
      .tuple(fc.uint8Array({ min: 0, max: N, minLength: p.rows, maxLength: p.rows }), fc.uint8Array({ min: 0, max: N, minLength: p.rows, maxLength: p.rows }))
      .map((s): RowShifts => s);
    return fc.record({ p: fc.constant(remap), tile: fc.constant(tile), x: fc.constant(x), shifts: fc.oneof(byDepth, perRow) });
  });

/** The codes with each row's bits below its shift cleared, written without the plan's code. */
function truncated(tile: TileCodes, shifts: RowShifts): Int32Array {
  return tile.codes.map((c, k) => {
    const i = Math.floor(k / tile.cols);
    const sh = shifts[c >= 0 ? 0 : 1][i];
    const m = Math.floor(Math.abs(c) / 2 ** sh) * 2 ** sh;
    return c >= 0 ? m : -m;
  });
}

function expectedCrossbars(tile: TileCodes, shifts: RowShifts, R: number): number {
  return rowOccupancy(tile).reduce((sum, rowOr, s) => sum + Math.ceil(rowOr.reduce((a, v, i) => a + popcount32(v >>> shifts[s][i]), 0) / R), 0);
}

describe("budget plans: squeeze-min rows packed remap-style", () => {
  it("a hand-worked 2x2 tile: depth 3 drops bit 2 of 12 and bit 0 of -3, and packs 3 bit-rows into 2 crossbars", () => {
    const tile = tileFromCodes(2, 2, 4, [12, -3, 1, 0]);
    const p = makeTileParams({ rows: 2, cols: 2, weightBits: 4, window: 4, mode: "remap" });
    expect(mapTile(tile, p).crossbars.length).toBe(3);
    // Depths 1 and 2 lose nothing here: every row keeps N - D bit positions from its top bit.
    for (const d of [1, 2]) expect(Array.from(mapBudgetTile(tile, p, squeezeMinRowShifts(tile, [d, d])).mappedCodes)).toEqual([12, -3, 1, 0]);
    const shifts = squeezeMinRowShifts(tile, [3, 3]);
    expect([Array.from(shifts[0]), Array.from(shifts[1])]).toEqual([
      [3, 0],
      [1, 0],
    ]);
    const plan = mapBudgetTile(tile, p, shifts);
    expect(plan.mode).toBe("budget");
    expect(Array.from(plan.mappedCodes)).toEqual([8, -2, 1, 0]);
    expect(plan.dropped).toEqual({ cells: 2, bitRows: 2 });
    const summary = plan.crossbars.map((xb) => ({
      sign: xb.sign,
      base: xb.base,
      valid: Array.from(xb.rowValid),
      src: Array.from(xb.rowSrc),
      shift: Array.from(xb.rowShift),
    }));
    expect(summary).toEqual([
      // (0,3) then (1,0): base 0, shifts 3 and 0.
      { sign: 1, base: 0, valid: [1, 1], src: [0, 1], shift: [3, 0] },
      { sign: -1, base: 1, valid: [1, 0], src: [0, 0], shift: [0, 0] },
    ]);
    expect(plan.maxShift).toBe(3);
  });

  it("rejects depths outside 0..N-1 and shifts of the wrong length", () => {
    const tile = tileFromCodes(2, 2, 4, [12, -3, 1, 0]);
    const p = makeTileParams({ rows: 2, cols: 2, weightBits: 4, mode: "remap" });
    expect(() => squeezeMinRowShifts(tile, [4, 0])).toThrow(/depth D = 4 is outside 0..3/);
    expect(() => squeezeMinRowShifts(tile, [0, -1])).toThrow("budget plan: depth D = -1 is outside 0..3 for N = 4");
    expect(() => squeezeMinRowShifts(tile, [1.5, 0])).toThrow("budget plan: depth D = 1.5 is outside 0..3 for N = 4");
    // D = 3 keeps one bit position from each row's top bit: 12 (top bit 3) shifts by 3, 1 by nothing.
    expect(squeezeMinRowShifts(tile, [3, 0]).map((s) => Array.from(s))).toEqual([
      [3, 0],
      [0, 0],
    ]);
    const shifts = [new Uint8Array(2), new Uint8Array(2)] as const;
    for (const [other, what] of [
      [{ rows: 3 }, "3x2 with N=4"],
      [{ cols: 3 }, "2x3 with N=4"],
      [{ weightBits: 5 }, "2x2 with N=5"],
    ] as const) {
      expect(() => mapBudgetTile(tile, { ...p, ...other }, shifts)).toThrow(`budget plan: tile is 2x2 with N=4 but the parameters say ${what}`);
    }
    expect(() => mapBudgetTile(tile, p, [new Uint8Array(3), new Uint8Array(2)])).toThrow(/expected 2 row shifts per sign, got 3/);
  });

  it("holds exactly the truncated codes in ceil(surviving bit-rows / R) crossbars per sign, in remap order", () => {
    fc.assert(
      fc.property(budgetCase(), ({ p, tile, shifts }) => {
        const plan = mapBudgetTile(tile, p, shifts);
        const kept = truncated(tile, shifts);
        expect(Array.from(plan.mappedCodes)).toEqual(Array.from(kept));
        expect(plan.crossbars.length).toBe(expectedCrossbars(tile, shifts, p.rows));
        // The same plan as remap of the truncated codes: same entries, cells and bases.
        const remap = mapTile(tileFromCodes(p.rows, p.cols, p.weightBits, kept), p);
        expect(plan.crossbars).toEqual(remap.crossbars);
        let lostCells = 0;
        tile.codes.forEach((c, k) => {
          lostCells += popcount32(Math.abs(c)) - popcount32(Math.abs(kept[k]));
        });
        expect(plan.dropped.cells).toBe(lostCells);
      }),
      { numRuns: runs(300) },
    );
  });

  it("squeeze-min depth 0 is the remap plan (in mode budget)", () => {
    fc.assert(
      fc.property(tileCase(), ({ p, tile }) => {
        const remap = makeTileParams({ ...p, mode: "remap" });
        const plan = mapBudgetTile(tile, remap, squeezeMinRowShifts(tile, [0, 0]));
        expect(plan).toEqual({ ...mapTile(tile, remap), mode: "budget" });
      }),
      { numRuns: runs(100) },
    );
  });

  it("the tile model gives the integer product of the mapped codes with a lossless ADC", () => {
    fc.assert(
      fc.property(budgetCase(), ({ p, tile, x, shifts }) => {
        const plan = mapBudgetTile(tile, p, shifts);
        expect(Array.from(compileTileModel(plan, p).run(x))).toEqual(Array.from(integerProduct(plan.mappedCodes, p.rows, p.cols, x)));
      }),
      { numRuns: runs(300) },
    );
  });

  it("the tile model equals the per-cell reference model with saturating ADCs", () => {
    fc.assert(
      fc.property(budgetCase({ saturating: true }), ({ p, tile, x, shifts }) => {
        const plan = mapBudgetTile(tile, p, shifts);
        expect(Array.from(compileTileModel(plan, p).run(x))).toEqual(Array.from(referenceTileModel(plan, p, x)));
      }),
      { numRuns: heavyRuns(300) },
    );
  });

  it("fits the remap tile's fields and slots, and its programming image round-trips", () => {
    fc.assert(
      fc.property(budgetCase({ saturating: true }), ({ p, tile, x, shifts }) => {
        const plan = mapBudgetTile(tile, p, shifts);
        const layout = progLayout(p);
        // Shift field, largest shift and digit count of the remap tile hold every budget plan.
        expect(layout.target1[0].width).toBe(Math.max(1, bitsFor(p.weightBits - 1)));
        expect(plan.maxShift).toBeLessThanOrEqual(plan.modeMaxShift);
        expect(plan.modeMaxShift).toBe(p.weightBits - 1);
        expect(digitCount(p, plan.maxShift)).toBeLessThanOrEqual(digitCount(p, plan.modeMaxShift));
        expect(plan.crossbars.length).toBeLessThanOrEqual(worstCaseCrossbars(p));
        const image = programImageFromJson(JSON.parse(JSON.stringify(programImageToJson(buildProgramImage(plan)))));
        const loaded = applyProgramImage(image);
        expect(loaded.crossbars.map(({ sign, base, cells, rowValid, rowSrc, rowShift }) => ({ sign, base, cells, rowValid, rowSrc, rowShift }))).toEqual(
          plan.crossbars.map(({ sign, base, cells, rowValid, rowSrc, rowShift }) => ({ sign, base, cells, rowValid, rowSrc, rowShift })),
        );
        expect(Array.from(loaded.mappedCodes)).toEqual(Array.from(plan.mappedCodes));
        expect(Array.from(compileTileModel(loaded, p).run(x))).toEqual(Array.from(compileTileModel(plan, p).run(x)));
      }),
      { numRuns: heavyRuns(200) },
    );
  });
});
