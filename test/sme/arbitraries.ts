import fc from "fast-check";
import { bitsFor, MAPPING_MODES, makeTileParams, type TileParams } from "../../src/sme/params.js";
import { type TileCodes, tileFromCodes } from "../../src/sme/tile.js";

/**
 * A small random tile with its parameters, over the whole parameter space the limits allow at small sizes:
 * N and A up to 16, S from 1 to N, every mode, DACs of 1 to 4 bits; columns cross the 32-column word
 * boundary. Codes are sparse-ish: zeros, any magnitude below 2^N, the extremes, and codes of Q(N,S) (whose
 * set bits fit S consecutive positions, as quantized weights have).
 */
export const tileCase = (opts: { saturating?: boolean } = {}): fc.Arbitrary<{ p: TileParams; tile: TileCodes; x: number[] }> =>
  fc
    .record({
      rows: fc.integer({ min: 1, max: 24 }),
      cols: fc.integer({ min: 1, max: 40 }),
      weightBits: fc.integer({ min: 2, max: 16 }),
      sFrac: fc.double({ min: 0, max: 1, noNaN: true }),
      actBits: fc.integer({ min: 1, max: 16 }),
      dacBits: fc.integer({ min: 1, max: 4 }),
      mode: fc.constantFrom(...MAPPING_MODES),
      dFrac: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
      ouPick: fc.nat(),
      adcPick: fc.nat(),
    })
    .chain((r) => {
      const divisors = Array.from({ length: r.rows }, (_, k) => k + 1).filter((d) => r.rows % d === 0);
      const ouRows = opts.saturating ? divisors[r.ouPick % divisors.length] : r.rows;
      const window = Math.max(1, Math.round(r.sFrac * r.weightBits)); // 1 .. N
      const squeeze = 1 + Math.floor(r.dFrac * (r.weightBits - 1));
      const dacBits = Math.min(r.dacBits, r.actBits);
      const lossless = bitsFor(ouRows * (2 ** dacBits - 1));
      const adcBits = opts.saturating ? 1 + (r.adcPick % lossless) : undefined;
      const p = makeTileParams({
        rows: r.rows,
        cols: r.cols,
        weightBits: r.weightBits,
        window,
        actBits: r.actBits,
        dacBits,
        ouRows,
        adcBits,
        mode: r.mode,
        squeeze,
      });
      const lim = 2 ** r.weightBits - 1;
      const inCodeSet = fc
        .tuple(fc.integer({ min: 1, max: 2 ** window - 1 }), fc.integer({ min: 0, max: r.weightBits - window }), fc.boolean())
        .map(([m, e, negative]) => (negative ? -1 : 1) * m * 2 ** e);
      const code = fc.oneof(
        { weight: 3, arbitrary: fc.constant(0) },
        { weight: 2, arbitrary: fc.integer({ min: -lim, max: lim }) },
        { weight: 2, arbitrary: inCodeSet },
        { weight: 1, arbitrary: fc.constantFrom(lim, -lim, 1, -1) },
      );
      return fc.record({
        p: fc.constant(p),
        tile: fc.array(code, { minLength: r.rows * r.cols, maxLength: r.rows * r.cols }).map((c) => tileFromCodes(r.rows, r.cols, r.weightBits, c)),
        x: fc.array(fc.integer({ min: 0, max: 2 ** r.actBits - 1 }), { minLength: r.rows, maxLength: r.rows }),
      });
    });
