import type { WeightMatrix } from "./matrix.js";

/** mulberry32: a small, fast, seeded PRNG (uniform in [0, 1)); the same seed gives the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A seeded random weight matrix shaped like trained weights: Laplace-distributed (most weights small, a few
 * large, so the high bit-crossbars are sparse as in real networks), with a fraction of exact zeros.
 */
export function syntheticMatrix(rows: number, cols: number, seed: number, opts: { zeroFraction?: number } = {}): WeightMatrix {
  const rand = seededRandom(seed);
  const zero = opts.zeroFraction ?? 0.1;
  const data = new Float32Array(rows * cols);
  for (let k = 0; k < data.length; k++) {
    if (rand() < zero) continue;
    const u = rand() - 0.5;
    data[k] = -Math.sign(u) * Math.log(1 - 2 * Math.abs(u)) * 0.05 || 0.001;
  }
  return { name: `synthetic-${rows}x${cols}-seed${seed}`, rows, cols, data, shape: [rows, cols], kind: "dense" };
}
