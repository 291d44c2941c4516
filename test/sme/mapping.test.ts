import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cellAt, mapTile } from "../../src/sme/mapping.js";
import { makeTileParams } from "../../src/sme/params.js";
import { popcount32, topBit } from "../../src/sme/squeeze.js";
import { rowOccupancy, tileFromCodes } from "../../src/sme/tile.js";
import { tileCase } from "./arbitraries.js";
import { runs } from "../property-runs.js";

describe("mapping modes (design.md §2.3)", () => {
  it("every valid row holds exactly the bit-row its entry names, and mapped codes are what the cells hold", () => {
    fc.assert(
      fc.property(tileCase(), ({ p, tile }) => {
        const plan = mapTile(tile, p);
        const rebuilt = new Int32Array(p.rows * p.cols);
        for (const xb of plan.crossbars) {
          for (let r = 0; r < p.rows; r++) {
            if (!xb.rowValid[r]) {
              for (let j = 0; j < p.cols; j++) expect(cellAt(plan, xb, r, j)).toBe(0);
              continue;
            }
            const k = xb.base + xb.rowShift[r];
            expect(k).toBeLessThan(p.weightBits);
            for (let j = 0; j < p.cols; j++) rebuilt[xb.rowSrc[r] * p.cols + j] += xb.sign * cellAt(plan, xb, r, j) * 2 ** k;
          }
        }
        expect(Array.from(rebuilt)).toEqual(Array.from(plan.mappedCodes));
        // Crossbars come positive first, then negative.
        const signs = plan.crossbars.map((x) => x.sign);
        expect(signs).toEqual([...signs].sort((a, b) => b - a));
      }),
      { numRuns: runs(300) },
    );
  });

  it("dense, bitslice and remap lose nothing", () => {
    fc.assert(
      fc.property(tileCase(), ({ p, tile }) => {
        if (p.mode !== "dense" && p.mode !== "bitslice" && p.mode !== "remap") return;
        const plan = mapTile(tile, p);
        expect(Array.from(plan.mappedCodes)).toEqual(Array.from(tile.codes));
        expect(plan.dropped).toEqual({ cells: 0, bitRows: 0 });
      }),
      { numRuns: runs(300) },
    );
  });

  it("crossbar counts follow the definitions", () => {
    fc.assert(
      fc.property(tileCase(), ({ p, tile }) => {
        const N = p.weightBits;
        const D = p.squeeze;
        const occ = rowOccupancy(tile);
        for (const mode of ["dense", "bitslice", "squeeze", "squeeze-min", "remap", "budget"] as const) {
          const plan = mapTile(tile, { ...p, mode });
          let expected = 0;
          for (const rowOr of occ) {
            const all = rowOr.reduce((a, b) => a | b, 0);
            const nonEmptyBitRows = rowOr.reduce((a, b) => a + popcount32(b), 0);
            if (mode === "dense") expected += N;
            else if (mode === "bitslice") expected += popcount32(all);
            else if (mode === "remap") expected += Math.ceil(nonEmptyBitRows / p.rows);
            else if (mode === "budget") {
              // Squeeze-min's row shifts at depth D, then what survives packed remap-style.
              let surviving = 0;
              for (const v of rowOr) surviving += popcount32(v >>> Math.max(0, topBit(v) - (N - 1 - D)));
              expected += Math.ceil(surviving / p.rows);
            } else {
              let mask = 0;
              for (const v of rowOr) {
                const top = topBit(v);
                const s = top > N - 1 - D ? (mode === "squeeze" ? D : top - (N - 1 - D)) : 0;
                mask |= v >>> s;
              }
              expected += popcount32(mask & ((1 << (N - D)) - 1));
            }
          }
          expect(plan.crossbars.length).toBe(expected);
          if (mode !== "dense") for (const xb of plan.crossbars) expect(xb.cells.some((w) => w !== 0)).toBe(true);
        }
      }),
      { numRuns: runs(200) },
    );
  });

  it("squeeze drops only bits below each shifted row's shift, and squeeze-min never drops more", () => {
    fc.assert(
      fc.property(tileCase(), ({ p, tile }) => {
        const N = p.weightBits;
        const D = p.squeeze;
        const sq = mapTile(tile, { ...p, mode: "squeeze" });
        const sm = mapTile(tile, { ...p, mode: "squeeze-min" });
        const occ = rowOccupancy(tile);
        for (let i = 0; i < p.rows; i++) {
          for (let j = 0; j < p.cols; j++) {
            const c = tile.codes[i * p.cols + j];
            const rowOr = occ[c >= 0 ? 0 : 1][i];
            const top = topBit(rowOr);
            const sSq = top > N - 1 - D ? D : 0;
            const sMin = top > N - 1 - D ? top - (N - 1 - D) : 0;
            const keep = (s: number) => Math.sign(c) * (Math.abs(c) & ~((1 << s) - 1));
            expect(sq.mappedCodes[i * p.cols + j]).toBe(keep(sSq) || 0);
            expect(sm.mappedCodes[i * p.cols + j]).toBe(keep(sMin) || 0);
          }
        }
        expect(sm.dropped.cells).toBeLessThanOrEqual(sq.dropped.cells);
        expect(sm.dropped.bitRows).toBeLessThanOrEqual(sq.dropped.bitRows);
        expect(sq.maxShift).toBeLessThanOrEqual(D);
        expect(sq.rowShiftBySign).not.toBeNull();
      }),
      { numRuns: runs(300) },
    );
  });

  it("refuses a tile of other sizes, budget depths outside 0..N-1 and shifts above N, saying which", () => {
    const tile = tileFromCodes(2, 2, 4, [12, -3, 1, 0]);
    const p = makeTileParams({ rows: 2, cols: 2, weightBits: 4, window: 4, mode: "remap" });
    for (const [other, what] of [
      [{ rows: 3 }, "3x2 with N=4"],
      [{ cols: 1 }, "2x1 with N=4"],
      [{ weightBits: 6 }, "2x2 with N=6"],
    ] as const) {
      expect(() => mapTile(tile, { ...p, ...other })).toThrow(`mapTile: tile is 2x2 with N=4 but the parameters say ${what}`);
    }
    const budget = { ...p, mode: "budget" as const };
    expect(() => mapTile(tile, { ...budget, depths: [4, 0] })).toThrow("budget plan: depth D = 4 is outside 0..3 for N = 4");
    expect(() => mapTile(tile, { ...budget, depths: [0, -1] })).toThrow("budget plan: depth D = -1 is outside 0..3 for N = 4");
    expect(() => mapTile(tile, { ...budget, depths: [0, 0.5] })).toThrow("budget plan: depth D = 0.5 is outside 0..3 for N = 4");
    expect(() => mapTile(tile, { ...budget, rowShifts: [Uint8Array.of(0, 5), Uint8Array.of(0, 0)] })).toThrow(
      "budget plan: row 1 shift 5 is larger than N = 4",
    );
    // Shift N clears a row of that sign; depth N-1 is allowed.
    expect(Array.from(mapTile(tile, { ...budget, rowShifts: [Uint8Array.of(4, 0), Uint8Array.of(0, 0)] }).mappedCodes)).toEqual([0, -3, 1, 0]);
    expect(Array.from(mapTile(tile, { ...budget, depths: [3, 3] }).mappedCodes)).toEqual([8, -2, 1, 0]);
  });

  it("maps a hand-worked 2x2 tile in every mode", () => {
    // N=4: +12 (1100), -3 (0011) / +1 (0001), 0.
    const tile = tileFromCodes(2, 2, 4, [12, -3, 1, 0]);
    const base = makeTileParams({ rows: 2, cols: 2, weightBits: 4, window: 4, squeeze: 1 });
    expect(mapTile(tile, { ...base, mode: "dense" }).crossbars.length).toBe(8);
    const bs = mapTile(tile, { ...base, mode: "bitslice" });
    expect(bs.crossbars.map((x) => [x.sign, x.base])).toEqual([
      [1, 0],
      [1, 2],
      [1, 3],
      [-1, 0],
      [-1, 1],
    ]);
    // squeeze D=1: positive row 0 has bit 3 -> shift 1, keeps 1100 >> 1 = 110 at bases 1,2; row 1 (0001) shifts 0.
    const sq = mapTile(tile, { ...base, mode: "squeeze" });
    expect(sq.crossbars.map((x) => [x.sign, x.base])).toEqual([
      [1, 0],
      [1, 1],
      [1, 2],
      [-1, 0],
      [-1, 1],
    ]);
    expect(Array.from(sq.rowShiftBySign![0])).toEqual([1, 0]);
    expect(sq.dropped).toEqual({ cells: 0, bitRows: 0 });
    // remap: positive bit-rows (k desc, i asc): (0,3), (0,2), (1,0) -> crossbars [(0,3),(0,2)] b=2 and [(1,0)] b=0.
    const rm = mapTile(tile, { ...base, mode: "remap" });
    expect(rm.crossbars.map((x) => [x.sign, x.base, Array.from(x.rowSrc), Array.from(x.rowShift), Array.from(x.rowValid)])).toEqual([
      [1, 2, [0, 0], [1, 0], [1, 1]],
      [1, 0, [1, 0], [0, 0], [1, 0]],
      [-1, 0, [0, 0], [1, 0], [1, 1]],
    ]);
    expect(rm.maxShift).toBe(1);
  });
});
