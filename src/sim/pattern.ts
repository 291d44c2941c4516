import type { CyclePattern } from "./simulator.js";

/**
 * Turns a `CyclePattern` into a per-cycle decision for coroutine drivers and monitors: `"always"`, a repeating
 * 0/1 string, or a seeded xorshift generator that says yes with probability `random`.
 */
export function patternSource(pattern: CyclePattern): () => boolean {
  if (pattern === "always") return () => true;
  if (typeof pattern === "string") {
    if (!/^[01]+$/.test(pattern)) throw new RangeError(`cycle pattern "${pattern}" must be a non-empty string of 0 and 1`);
    let k = 0;
    return () => pattern[k++ % pattern.length] === "1";
  }
  const p = pattern.random;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`random pattern probability ${p} must be in [0, 1]`);
  let state = (BigInt(pattern.seed ?? 1) * 0x9e3779b97f4a7c15n + 0x2545f4914f6cdd1dn) & 0xffff_ffff_ffff_ffffn || 1n;
  return () => {
    state ^= (state << 13n) & 0xffff_ffff_ffff_ffffn;
    state ^= state >> 7n;
    state ^= (state << 17n) & 0xffff_ffff_ffff_ffffn;
    return Number(state % 1000n) < Math.round(p * 1000);
  };
}
