import { packFields } from "../sim/index.js";

const BYTE_HEX = Array.from({ length: 256 }, (_, v) => v.toString(16).padStart(2, "0"));

/**
 * The `in_act` payload of an activation vector as unsigned hex text (field i at bits `[i*A +: A]`), the form
 * the simulator's driver reads. Widths of one or two hex digits (A = 4, 8) are written digit by digit, which
 * is about ten times cheaper than packing a BigInt; other widths go through `packFields`.
 */
export function vectorHex(x: ArrayLike<number>, actBits: number): string {
  if (actBits === 8) {
    let s = "";
    for (let i = x.length - 1; i >= 0; i--) s += BYTE_HEX[x[i]];
    return s;
  }
  if (actBits === 4) {
    let s = "";
    for (let i = x.length - 1; i >= 0; i--) s += BYTE_HEX[x[i]][1];
    return s;
  }
  return packFields(Array.from(x, (v) => BigInt(v)), actBits).toString(16);
}
