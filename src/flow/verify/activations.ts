import { seededRandom } from "../../sme/index.js";

/** Activation vectors `sme verify` streams, by where they come from (reports count each kind). */
export interface VectorSet {
  readonly vectors: readonly Uint32Array[];
  readonly counts: { readonly corner: number; readonly random: number; readonly layerLike: number };
}

/**
 * Corner cases first (all zero, all at full scale, alternating, one hot at each end), then `random` uniform
 * A-bit vectors, then `layerLike` vectors shaped like post-ReLU activations of a real layer: about half exact
 * zeros, the rest small values with a long tail (exponential), clipped to A bits, so the high input digits
 * are sparse as in a network. Deterministic for a given seed.
 */
export function activationVectors(rows: number, actBits: number, opts: { random: number; layerLike: number; seed: number }): VectorSet {
  const max = 2 ** actBits - 1;
  const rand = seededRandom(opts.seed ^ 0x5eed_ac75);
  const vectors: Uint32Array[] = [];
  const full = new Uint32Array(rows).fill(max);
  const alternating = Uint32Array.from({ length: rows }, (_, i) => (i % 2 === 0 ? max : 0));
  const first = new Uint32Array(rows);
  first[0] = max;
  const last = new Uint32Array(rows);
  last[rows - 1] = max;
  vectors.push(new Uint32Array(rows), full, alternating, first, last);
  const corner = vectors.length;
  for (let v = 0; v < opts.random; v++) {
    const x = new Uint32Array(rows);
    for (let i = 0; i < rows; i++) x[i] = Math.floor(rand() * (max + 1));
    vectors.push(x);
  }
  // Mean of the non-zero part: an eighth of full scale, so roughly 1 in 3000 values clips at the top.
  const mean = Math.max(1, (max + 1) / 8);
  for (let v = 0; v < opts.layerLike; v++) {
    const x = new Uint32Array(rows);
    for (let i = 0; i < rows; i++) {
      if (rand() < 0.5) continue;
      x[i] = Math.min(max, Math.floor(-Math.log(1 - rand()) * mean));
    }
    vectors.push(x);
  }
  return { vectors, counts: { corner, random: opts.random, layerLike: opts.layerLike } };
}
