/**
 * The per-row shift rules of the squeeze modes (design.md §2.3), shared by the mapping plan and the fast
 * analysis so both agree by construction.
 */

/** Index of the highest set bit (-1 for 0). */
export function topBit(v: number): number {
  return v === 0 ? -1 : 31 - Math.clz32(v);
}

/**
 * `squeeze D`: a row shifts by D when it is non-empty in any of the top D bit-crossbars, else 0.
 * `squeeze-min D`: a row shifts by `max(0, top_i - (N-1-D))`.
 * `rowOr[i]` is the OR of the row's magnitudes of one sign (see `rowOccupancy`).
 */
export function squeezeShifts(mode: "squeeze" | "squeeze-min", rowOr: Int32Array, weightBits: number, d: number): Uint8Array {
  const shifts = new Uint8Array(rowOr.length);
  const keepTop = weightBits - 1 - d;
  for (let i = 0; i < rowOr.length; i++) {
    const top = topBit(rowOr[i]);
    if (top > keepTop) shifts[i] = mode === "squeeze" ? d : top - keepTop;
  }
  return shifts;
}

/** Population count of a 32-bit integer. */
export function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
