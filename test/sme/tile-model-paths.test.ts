import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapTile } from "../../src/sme/mapping.js";
import { bitsFor, digitCount, MAPPING_MODES, makeTileParams, type TileParams } from "../../src/sme/params.js";
import { tileFromCodes } from "../../src/sme/tile.js";
import { compileTileModel, integerProduct, type TileModelLayout } from "../../src/sme/tile-model.js";
import { referenceTileModel } from "../../src/sme/tile-model-reference.js";
import { seeded } from "./seeded.js";
import { heavyRuns, runs } from "../property-runs.js";

/**
 * The fast tile model takes different code paths by the shape of the work: a clipping bit-line's digit
 * counts are packed into 32-bit words of lanes, and the loop is specialised for 1, 2 and 3 words with a
 * general loop above (the sparse linear part past a million coefficients is tile-model-sparse.test.ts). Each case below is built
 * to land on one path (the expected lane geometry is computed here from the same rule, so a case that
 * drifts off its path fails loudly) and is checked against design.md §3 written cell by cell.
 */
function laneWords(p: TileParams, setRowsInColumn: number, maxShift: number): number {
  const laneBits = bitsFor(setRowsInColumn * (2 ** p.dacBits - 1));
  return Math.ceil(digitCount(p, maxShift) / Math.max(1, Math.floor(32 / laneBits)));
}

/** Column 0 holds `ones` rows of `2^high` and one row of 1 (so remap packs them with shifts `high` and 0). */
function clippingColumn(ones: number, high: number, extraCols: number, weightBits: number) {
  const rows = ones + 1;
  const cols = 1 + extraCols;
  const codes = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < ones; i++) codes[i * cols] = 2 ** high;
  codes[ones * cols] = 1;
  // Other columns: a fixed mix of +1, 0 and -1 (bit 0 only, so the packing and the shifts stay as built).
  for (let i = 0; i < rows; i++) for (let j = 1; j < cols; j++) codes[i * cols + j] = ((i * 7 + j * 3) % 3) - 1;
  return tileFromCodes(rows, cols, weightBits, codes);
}

describe("tile model: every lane geometry", () => {
  const cases = [
    { words: 1, ones: 3, high: 2, actBits: 4, adcBits: 1 },
    { words: 2, ones: 2, high: 15, actBits: 16, adcBits: 1 }, // 3 rows -> 2-bit lanes, T = 31 -> 16 lanes a word
    { words: 3, ones: 4, high: 10, actBits: 16, adcBits: 2 }, // 5 rows -> 3-bit lanes, T = 26 -> 10 lanes a word
    { words: 3, ones: 4, high: 14, actBits: 16, adcBits: 2 }, // T = 30 fills all three words: no lane past the last
    { words: 4, ones: 8, high: 10, actBits: 16, adcBits: 3 }, // 9 rows -> 4-bit lanes, T = 26 -> 8 lanes a word
    { words: 6, ones: 40, high: 12, actBits: 16, adcBits: 5 }, // 41 rows -> 6-bit lanes, T = 28 -> 5 lanes a word
    // Few driven values (A + maxShift <= 16): lane images come from a table built once (the cases above compute
    // them per call); wide lanes give several words with a small table.
    { words: 2, ones: 40, high: 4, actBits: 4, adcBits: 5 }, // 41 rows -> 6-bit lanes, T = 8 -> 5 lanes a word
    { words: 3, ones: 40, high: 6, actBits: 6, adcBits: 5 }, // T = 12
    { words: 4, ones: 70, high: 7, actBits: 6, adcBits: 6 }, // 71 rows -> 7-bit lanes, T = 13 -> 4 lanes a word
  ];
  // Every case in each storage form: the default, the linear part as a map per row, lane images never tabulated.
  const layouts: TileModelLayout[] = [{}, { denseLimit: 0 }, { tableLimit: 0 }, { denseLimit: 0, tableLimit: 0 }];
  for (const c of cases) {
    const tabulated = (2 ** c.actBits - 1) * 2 ** c.high < 2 ** 16;
    it(`${c.words} word(s) of lanes per clipping bit-line (T = ${c.actBits + c.high}${tabulated ? ", tabulated" : ""}), saturating ADC, against the cell-by-cell model`, () => {
      const tile = clippingColumn(c.ones, c.high, 3, 16);
      const p = makeTileParams({ rows: tile.rows, cols: tile.cols, weightBits: 16, window: 16, actBits: c.actBits, adcBits: c.adcBits, mode: "remap" });
      const plan = mapTile(tile, p);
      expect(plan.maxShift).toBe(c.high);
      expect(laneWords(p, c.ones + 1, plan.maxShift)).toBe(c.words);
      const top = 2 ** c.actBits - 1;
      const vectors = [new Array<number>(tile.rows).fill(top), new Array<number>(tile.rows).fill(1), ...[1, 2, 3, 4, 5].map((s) => seeded(tile.rows, top, s))];
      for (const layout of layouts) {
        const model = compileTileModel(plan, p, layout);
        expect(model.saturableColumns).toBeGreaterThan(0);
        for (const x of vectors) expect(Array.from(model.run(x)), JSON.stringify(layout)).toEqual(Array.from(referenceTileModel(plan, p, x)));
      }
    });
  }
});

/** Codes drawn from the SME code set Q(N, S): m * 2^e with m < 2^S, so S < N shapes the bit patterns. */
const smeCode = (N: number, S: number): fc.Arbitrary<number> =>
  fc
    .tuple(fc.integer({ min: 0, max: 2 ** S - 1 }), fc.integer({ min: 0, max: N - S }), fc.boolean(), fc.integer({ min: 0, max: 3 }))
    .map(([m, e, negative, zero]) => (zero === 0 ? 0 : (negative ? -1 : 1) * m * 2 ** e));

/** Wide tiles: rows up to 300 (several 32-row words and OU groups), N and A up to 16, S < N, every mode. */
const wideCase = (saturating: boolean) =>
  fc
    .record({
      rows: fc.integer({ min: 1, max: 300 }),
      cols: fc.integer({ min: 1, max: 6 }),
      weightBits: fc.integer({ min: 2, max: 16 }),
      sFrac: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
      actBits: fc.integer({ min: 1, max: 16 }),
      dacBits: fc.integer({ min: 1, max: 4 }),
      mode: fc.constantFrom(...MAPPING_MODES),
      dFrac: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
      ouPick: fc.nat(),
      adcPick: fc.nat(),
    })
    .chain((r) => {
      const window = 1 + Math.floor(r.sFrac * (r.weightBits - 1)); // 1 .. N-1
      const divisors = Array.from({ length: r.rows }, (_, k) => k + 1).filter((d) => r.rows % d === 0);
      const ouRows = divisors[r.ouPick % divisors.length];
      const dacBits = Math.min(r.dacBits, r.actBits);
      const lossless = bitsFor(ouRows * (2 ** dacBits - 1));
      const p = makeTileParams({
        rows: r.rows,
        cols: r.cols,
        weightBits: r.weightBits,
        window,
        actBits: r.actBits,
        dacBits,
        ouRows,
        ...(saturating ? { adcBits: 1 + (r.adcPick % lossless) } : {}),
        mode: r.mode,
        squeeze: 1 + Math.floor(r.dFrac * (r.weightBits - 1)),
      });
      return fc.record({
        p: fc.constant(p),
        codes: fc.array(smeCode(r.weightBits, window), { minLength: r.rows * r.cols, maxLength: r.rows * r.cols }),
        x: fc.array(fc.integer({ min: 0, max: 2 ** r.actBits - 1 }), { minLength: r.rows, maxLength: r.rows }),
      });
    });

describe("tile model on wide tiles (rows up to 300, N and A up to 16, S < N)", () => {
  it("with a lossless ADC equals the integer product of the mapped codes", () => {
    fc.assert(
      fc.property(wideCase(false), ({ p, codes, x }) => {
        const plan = mapTile(tileFromCodes(p.rows, p.cols, p.weightBits, codes), p);
        expect(Array.from(compileTileModel(plan, p).run(x))).toEqual(Array.from(integerProduct(plan.mappedCodes, p.rows, p.cols, x)));
      }),
      { numRuns: runs(60) },
    );
  });

  it("with a saturating ADC equals design.md §3 written cell by cell", () => {
    fc.assert(
      fc.property(wideCase(true), ({ p, codes, x }) => {
        const plan = mapTile(tileFromCodes(p.rows, p.cols, p.weightBits, codes), p);
        const want = Array.from(referenceTileModel(plan, p, x));
        expect(Array.from(compileTileModel(plan, p).run(x))).toEqual(want);
        // The linear part as a map per row, as tiles of more than a million cells keep it.
        expect(Array.from(compileTileModel(plan, p, { denseLimit: 0 }).run(x))).toEqual(want);
      }),
      { numRuns: heavyRuns(60) },
    );
  });
});
