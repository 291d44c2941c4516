import fc from "fast-check";
import { MAPPING_MODES, makeTileParams, type TileParams } from "../../src/sme/params.js";
import { tileFromCodes, type TileCodes } from "../../src/sme/tile.js";

/** A small random tile with its parameters: sizes cross the 32-column word boundary, codes are sparse-ish. */
export const tileCase = (opts: { saturating?: boolean } = {}): fc.Arbitrary<{ p: TileParams; tile: TileCodes; x: number[] }> =>
  fc
    .record({
      rows: fc.integer({ min: 1, max: 12 }),
      cols: fc.integer({ min: 1, max: 40 }),
      weightBits: fc.integer({ min: 2, max: 8 }),
      actBits: fc.integer({ min: 1, max: 8 }),
      dacBits: fc.integer({ min: 1, max: 3 }),
      mode: fc.constantFrom(...MAPPING_MODES),
      dFrac: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
      ouPick: fc.nat(),
      adcPick: fc.nat(),
      seed: fc.nat(),
    })
    .chain((r) => {
      const divisors = Array.from({ length: r.rows }, (_, k) => k + 1).filter((d) => r.rows % d === 0);
      const ouRows = opts.saturating ? divisors[r.ouPick % divisors.length] : r.rows;
      const squeeze = 1 + Math.floor(r.dFrac * (r.weightBits - 1));
      const lossless = Math.ceil(Math.log2(ouRows * (2 ** r.dacBits - 1) + 1));
      const adcBits = opts.saturating ? 1 + (r.adcPick % lossless) : undefined;
      const p = makeTileParams({
        rows: r.rows,
        cols: r.cols,
        weightBits: r.weightBits,
        window: r.weightBits,
        actBits: r.actBits,
        dacBits: Math.min(r.dacBits, r.actBits),
        ouRows,
        adcBits,
        mode: r.mode,
        squeeze,
      });
      const lim = 2 ** r.weightBits - 1;
      const code = fc.oneof(
        { weight: 3, arbitrary: fc.constant(0) },
        { weight: 4, arbitrary: fc.integer({ min: -lim, max: lim }) },
        { weight: 1, arbitrary: fc.constantFrom(lim, -lim, 1, -1) },
      );
      return fc.record({
        p: fc.constant(p),
        tile: fc.array(code, { minLength: r.rows * r.cols, maxLength: r.rows * r.cols }).map((c) => tileFromCodes(r.rows, r.cols, r.weightBits, c)),
        x: fc.array(fc.integer({ min: 0, max: 2 ** r.actBits - 1 }), { minLength: r.rows, maxLength: r.rows }),
      });
    });
