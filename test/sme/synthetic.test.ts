import { describe, expect, it } from "vitest";
import { seededRandom, syntheticMatrix } from "../../src/sme/synthetic.js";

// Expected values from an independent implementation of mulberry32 and of the Laplace draw (Python, float32
// rounding by struct): sweeps and tests name weights by seed, so the same seed must give the same weights.
describe("seeded synthetic weights", () => {
  it("mulberry32 gives the reference sequence, for seeds beyond 31 bits too", () => {
    const a = seededRandom(1);
    expect([a(), a(), a()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
    const b = seededRandom(0xdeadbeef);
    expect([b(), b()]).toEqual([0.9413696140982211, 0.26719574979506433]);
  });

  it("draws zeros with the given fraction (0.1 by default) and Laplace weights of scale 0.05 otherwise", () => {
    const w = syntheticMatrix(2, 3, 7, { zeroFraction: 0.3 });
    expect(Array.from(w.data)).toEqual([0, 0, 0.025379659608006477, -0.010471686720848083, -0.03671404719352722, 0.030776372179389].map((v) => Math.fround(v)));
    expect(w).toMatchObject({ name: "synthetic-2x3-seed7", rows: 2, cols: 3, shape: [2, 3], kind: "dense" });
    expect(Array.from(syntheticMatrix(2, 2, 1).data)).toEqual(
      [-0.2604106366634369, 0.1636427640914917, -0.02879425883293152, 0.029123805463314056].map(Math.fround),
    );
    // Over many draws: about a tenth zeros, signs balanced, mean magnitude near the scale.
    const big = syntheticMatrix(200, 100, 3).data;
    const zeros = big.filter((v) => v === 0).length / big.length;
    expect(zeros).toBeGreaterThan(0.09);
    expect(zeros).toBeLessThan(0.11);
    const nonzero = big.filter((v) => v !== 0);
    const positive = nonzero.filter((v) => v > 0).length / nonzero.length;
    expect(Math.abs(positive - 0.5)).toBeLessThan(0.02);
    const meanMagnitude = nonzero.reduce((s, v) => s + Math.abs(v), 0) / nonzero.length;
    expect(Math.abs(meanMagnitude - 0.05)).toBeLessThan(0.002);
  });
});
