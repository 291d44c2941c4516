import { seededRandom } from "../../sme/index.js";

/**
 * The activation vectors `sme verify` streams, as a recipe rather than a list: any vector is made from its
 * index alone, so a run of 100 million vectors holds only the blocks in flight, and a shard (in this thread or
 * a worker) makes just its own.
 */
export interface VectorPlan {
  readonly rows: number;
  readonly actBits: number;
  readonly random: number;
  readonly layerLike: number;
  readonly seed: number;
}

/** Corner vectors every run starts with: all zero, all at full scale, alternating, one hot at each end. */
export const CORNER_VECTORS = 5;

/** A contiguous range of a plan's vectors, as plain data (it crosses to worker threads). */
export interface GeneratedVectors {
  readonly kind: "generated";
  readonly plan: VectorPlan;
  readonly start: number;
  readonly count: number;
}

/** Vectors to stream: a list (real activations, tests) or a range of generated ones. */
export type VectorSource = readonly ArrayLike<number>[] | GeneratedVectors;

/** Activation vectors `sme verify` streams, by where they come from (reports count each kind). */
export interface VectorSet {
  readonly vectors: readonly Uint32Array[];
  readonly counts: { readonly corner: number; readonly random: number; readonly layerLike: number };
}

export function vectorCount(plan: VectorPlan): number {
  return CORNER_VECTORS + plan.random + plan.layerLike;
}

/** A 32-bit seed for vector `index`, well spread from its neighbours' (the MurmurHash3 finalizer). */
function vectorSeed(seed: number, index: number): number {
  let h = (seed ^ 0x5eed_ac75 ^ Math.imul(index + 1, 0x9e37_79b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85eb_ca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2_ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Vector `index` of a plan: corner cases first, then `random` uniform A-bit vectors, then `layerLike` vectors
 * shaped like post-ReLU activations of a real layer: about half exact zeros, the rest small values with a long
 * tail (exponential), clipped to A bits, so the high input digits are sparse as in a network.
 */
export function vectorAt(plan: VectorPlan, index: number): Uint32Array {
  const { rows } = plan;
  const max = 2 ** plan.actBits - 1;
  const x = new Uint32Array(rows);
  if (index < CORNER_VECTORS) {
    if (index === 1) x.fill(max);
    else if (index === 2) for (let i = 0; i < rows; i += 2) x[i] = max;
    else if (index === 3) x[0] = max;
    else if (index === 4) x[rows - 1] = max;
    return x;
  }
  const rand = seededRandom(vectorSeed(plan.seed, index));
  if (index < CORNER_VECTORS + plan.random) {
    for (let i = 0; i < rows; i++) x[i] = Math.floor(rand() * (max + 1));
    return x;
  }
  // Mean of the non-zero part: an eighth of full scale, so roughly 1 in 3000 values clips at the top.
  const mean = Math.max(1, (max + 1) / 8);
  for (let i = 0; i < rows; i++) {
    if (rand() < 0.5) continue;
    x[i] = Math.min(max, Math.floor(-Math.log(1 - rand()) * mean));
  }
  return x;
}

/** How many vectors a source holds. */
export function sourceLength(s: VectorSource): number {
  return "kind" in s ? s.count : s.length;
}

/** Vectors `a .. b-1` of a source, as a source of their own (a shard's share). */
export function sourceSlice(s: VectorSource, a: number, b: number): VectorSource {
  if (!("kind" in s)) return s.slice(a, b);
  const start = Math.min(s.count, Math.max(0, a));
  const end = Math.min(s.count, Math.max(start, b));
  return { kind: "generated", plan: s.plan, start: s.start + start, count: end - start };
}

/** Vectors `a .. b-1` of a source, made now. */
export function sourceVectors(s: VectorSource, a: number, b: number): readonly ArrayLike<number>[] {
  if (!("kind" in s)) return s.slice(a, b);
  const out: Uint32Array[] = [];
  for (let v = Math.max(0, a); v < Math.min(b, s.count); v++) out.push(vectorAt(s.plan, s.start + v));
  return out;
}

/** All the vectors of a plan, and how many of each kind (deterministic for a given seed). */
export function activationVectors(rows: number, actBits: number, opts: { random: number; layerLike: number; seed: number }): VectorSet {
  const plan: VectorPlan = { rows, actBits, ...opts };
  const vectors = Array.from({ length: vectorCount(plan) }, (_, i) => vectorAt(plan, i));
  return { vectors, counts: { corner: CORNER_VECTORS, random: opts.random, layerLike: opts.layerLike } };
}
