import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matrixFromRows } from "../../src/sme/matrix.js";
import { isInCodeSet, magnitudeQuantizer, qmax, quantizeMagnitude, quantizeMatrix, scaleFor, sqnrDb } from "../../src/sme/quantize.js";
import { runs } from "../property-runs.js";

/** Every code of Q(N,S), by the definition m * 2^e. */
function codeSet(n: number, s: number): number[] {
  const set = new Set<number>();
  for (let e = 0; e <= n - s; e++) for (let m = 0; m < 2 ** s; m++) set.add(m * 2 ** e);
  return [...set].sort((a, b) => a - b);
}

describe("SME quantization (design.md §2.1)", () => {
  it("reproduces the paper's four test vectors at N=8, S=3, delta=2^-8", () => {
    const delta = 2 ** -8;
    expect(quantizeMagnitude(0.876 / delta, 8, 3)).toBe(224);
    expect(quantizeMagnitude(0.618 / delta, 8, 3)).toBe(160);
    expect(quantizeMagnitude(0.389 / delta, 8, 3)).toBe(96);
    expect(quantizeMagnitude(0.02 / delta, 8, 3)).toBe(5);
  });

  it("qmax is (2^S - 1) * 2^(N-S)", () => {
    expect(qmax(8, 3)).toBe(224);
    expect(qmax(8, 8)).toBe(255);
    expect(qmax(4, 1)).toBe(8);
  });

  it("isInCodeSet agrees with the definition of Q(N,S)", () => {
    for (const [n, s] of [
      [8, 3],
      [6, 2],
      [5, 5],
      [4, 1],
    ] as const) {
      const set = new Set(codeSet(n, s));
      for (let q = 0; q < 2 ** n; q++) expect(isInCodeSet(q, n, s)).toBe(set.has(q));
      // Outside 0 .. 2^N - 1, or not a whole number: never a code.
      for (const q of [-1, -(2 ** (n - 1)), 2 ** n, 2 ** (n + 1), 0.5, 2 ** (n - 1) + 0.5, Number.NaN]) expect(isInCodeSet(q, n, s), `${q}`).toBe(false);
    }
  });

  it("sqnrDb: signal energy over error energy of the codes times each column's delta", () => {
    // Weights 0.5, -0.25 / 1, 0.3 with codes 2, -1 / 4, 1 at deltas 0.25 and 0.25: the only error is 0.3 - 0.25.
    const w = matrixFromRows("w", [
      [0.5, -0.25],
      [1, 0.3],
    ]);
    const signal = 0.25 + 0.0625 + 1 + 0.09;
    expect(sqnrDb(w, Int32Array.of(2, -1, 4, 1), Float64Array.of(0.25, 0.25))).toBeCloseTo(10 * Math.log10(signal / 0.05 ** 2), 9);
    // Each column has its own delta: 0.2 in column 0 leaves 0.5 - 0.4 and 1 - 0.8 there.
    expect(sqnrDb(w, Int32Array.of(2, -1, 4, 1), Float64Array.of(0.2, 0.25))).toBeCloseTo(10 * Math.log10(signal / (0.1 ** 2 + 0.2 ** 2 + 0.05 ** 2)), 9);
  });

  it("every code is in Q(N,S) and is a nearest one, ties away from zero", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n }))),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ([n, s], frac) => {
          const codes = codeSet(n, s);
          const x = frac * qmax(n, s);
          const q = quantizeMagnitude(x, n, s);
          expect(isInCodeSet(q, n, s)).toBe(true);
          const best = Math.min(...codes.map((c) => Math.abs(c - x)));
          expect(Math.abs(q - x)).toBe(best);
          // On a tie the larger candidate wins.
          const tied = codes.filter((c) => Math.abs(c - x) === best);
          expect(q).toBe(Math.max(...tied));
        },
      ),
      { numRuns: runs(2000) },
    );
  });

  it("the fast table quantizer agrees with the rule, on random values and on every midpoint", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n }))),
        fc.array(fc.double({ min: 0, max: 1.2, noNaN: true }), { minLength: 1, maxLength: 50 }),
        ([n, s], fracs) => {
          const fast = magnitudeQuantizer(n, s);
          const codes = codeSet(n, s);
          const probes = [...fracs.map((f) => f * qmax(n, s)), ...codes.slice(1).map((c, k) => (c + codes[k]) / 2), ...codes, 0, -1];
          for (const x of probes) expect(fast(x)).toBe(quantizeMagnitude(x, n, s));
        },
      ),
      { numRuns: runs(300) },
    );
  });

  it("rounds exact midpoints away from zero", () => {
    // At N=8, S=3 the codes between 64 and 128 step by 16 (64, 80, 96, 112), then 128: 120 is a tie.
    expect(quantizeMagnitude(120, 8, 3)).toBe(128);
    expect(quantizeMagnitude(104, 8, 3)).toBe(112);
    expect(quantizeMagnitude(2.5, 8, 3)).toBe(3);
    // m rounds up to 2^S: 15.9 -> leading one 8, e = 1, m = 8 -> 16.
    expect(quantizeMagnitude(15.9, 8, 3)).toBe(16);
  });

  it("clamps at qmax and keeps signs", () => {
    const w = matrixFromRows("w", [
      [1, -0.5],
      [0.25, 0],
    ]);
    const q = quantizeMatrix(w, { weightBits: 8, window: 3, scale: "layer" });
    expect(Array.from(q.codes)).toEqual([224, -112, 56, 0]);
    expect(q.delta[0]).toBeCloseTo(1 / 224, 15);
  });

  it("per-channel scale gives each column its own delta; pow2 rounds delta up to a power of two", () => {
    const w = matrixFromRows("w", [
      [1, -0.1],
      [0.5, 0.05],
    ]);
    const ch = quantizeMatrix(w, { weightBits: 8, window: 3, scale: "channel" });
    // Column 0 has max 1 (delta 1/224), column 1 max 0.1 (delta 0.1/224): 0.5 and 0.05 are both 112.
    expect(Array.from(ch.codes)).toEqual([224, -224, 112, 112]);
    expect(Array.from(ch.delta)).toEqual([1 / 224, 0.1 / 224]);
    // pow2: 1/224 rounds up to 2^-7, so x = 128 |w|: 128, 12.8 -> 12 (codes step by 2 from 8), 64, 6.4 -> 6.
    const p2 = quantizeMatrix(w, { weightBits: 8, window: 3, scale: "pow2" });
    expect(Array.from(p2.delta)).toEqual([2 ** -7, 2 ** -7]);
    expect(Array.from(p2.codes)).toEqual([128, -12, 64, 6]);
    expect(scaleFor(0, 8, 3, false)).toBe(0);
    expect(scaleFor(224, 8, 3, false)).toBe(1);
    expect(scaleFor(300, 8, 3, true)).toBe(2);
    expect(scaleFor(224, 8, 3, true)).toBe(1);
    // An all-zero column has delta 0 and codes 0 (no division by zero).
    const zeroCol = quantizeMatrix(
      matrixFromRows("z", [
        [0.5, 0],
        [-0.25, 0],
      ]),
      { weightBits: 4, window: 2, scale: "channel" },
    );
    expect(Array.from(zeroCol.delta)).toEqual([0.5 / 12, 0]);
    expect(Array.from(zeroCol.codes)).toEqual([12, 0, -6, 0]);
  });

  it("SQNR is infinite without error and grows with the window", () => {
    const w = matrixFromRows("w", [
      [224, -112],
      [56, 0],
    ]);
    const q = quantizeMatrix(w, { weightBits: 8, window: 3, scale: "layer" });
    expect(sqnrDb(w, q.codes, q.delta)).toBe(Number.POSITIVE_INFINITY);
    const rows = Array.from({ length: 16 }, (_, i) => Array.from({ length: 16 }, (_, j) => Math.sin(i * 16 + j + 1)));
    const m = matrixFromRows("sin", rows);
    const s2 = quantizeMatrix(m, { weightBits: 8, window: 2, scale: "layer" });
    const s4 = quantizeMatrix(m, { weightBits: 8, window: 4, scale: "layer" });
    expect(sqnrDb(m, s4.codes, s4.delta)).toBeGreaterThan(sqnrDb(m, s2.codes, s2.delta));
  });
});
