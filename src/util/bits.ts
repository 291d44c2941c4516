/**
 * The bit-width helpers of the whole code base, one name per meaning:
 *
 * - `ceilLog2(n)`: the mathematical ceil(log2 n), 0 at n = 1. Formulas of design.md use it as written, e.g. the
 *   output width `A + N + ceilLog2(R) + 1`.
 * - `clog2(n)`: the width of an index over n things (0..n-1), at least 1 because a Verilog signal is never 0 bits
 *   wide. Unlike Verilog's `$clog2`, `clog2(1)` is 1.
 * - `bitsFor(v)`: the width of an unsigned field holding the value v (0..v), at least 1 for the same reason.
 */

/** ceil(log2 n) for n >= 1 (0 for n = 1). */
export function ceilLog2(n: number): number {
  let bits = 0;
  while (2 ** bits < n) bits++;
  return bits;
}

/** Bits of an index over `n` distinct values (0..n-1), at least 1. */
export function clog2(n: number): number {
  return Math.max(1, ceilLog2(n));
}

/** Bits of an unsigned field that holds `v` (0..v), at least 1. */
export function bitsFor(v: number | bigint): number {
  if (typeof v === "number") {
    if (v < 0) throw new RangeError("bitsFor expects a non-negative value");
    return Math.max(1, ceilLog2(v + 1));
  }
  if (v < 0n) throw new RangeError("bitsFor expects a non-negative value");
  let bits = 1;
  while (v >> BigInt(bits) !== 0n) bits++;
  return bits;
}
