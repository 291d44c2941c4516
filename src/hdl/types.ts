import { bitsFor, clog2 } from "../util/bits.js";

/**
 * Hardware value types: a bit vector of a declared width, unsigned or signed (two's complement).
 * A boolean is a 1-bit unsigned vector.
 */
export interface HdlType {
  readonly width: number;
  readonly signed: boolean;
}

const MAX_WIDTH = 1 << 20;

function checkWidth(width: number, what: string): void {
  if (!Number.isInteger(width) || width < 1 || width > MAX_WIDTH) {
    throw new RangeError(`${what} width must be an integer in 1..${MAX_WIDTH}, got ${width}`);
  }
}

const uintCache: HdlType[] = [];
const sintCache: HdlType[] = [];

/** An unsigned bit vector of `width` bits. */
export function uint(width: number): HdlType {
  checkWidth(width, "uint");
  const t = uintCache[width] ?? Object.freeze({ width, signed: false });
  uintCache[width] = t;
  return t;
}

/** A signed (two's complement) bit vector of `width` bits. */
export function sint(width: number): HdlType {
  checkWidth(width, "sint");
  const t = sintCache[width] ?? Object.freeze({ width, signed: true });
  sintCache[width] = t;
  return t;
}

/** A single bit. */
export const bool: HdlType = uint(1);

export function typeName(t: HdlType): string {
  return `${t.signed ? "sint" : "uint"}(${t.width})`;
}

export function sameType(a: HdlType, b: HdlType): boolean {
  return a.width === b.width && a.signed === b.signed;
}

// Widths of indices and values: the code base's one definition (src/util/bits.ts documents each name).
export { bitsFor, clog2 };

/** Whether the integer `v` is representable in type `t`. */
export function fits(v: bigint, t: HdlType): boolean {
  const w = BigInt(t.width);
  if (t.signed) return v >= -(1n << (w - 1n)) && v < 1n << (w - 1n);
  return v >= 0n && v < 1n << w;
}

/** The smallest type that holds `v`: unsigned for non-negative values, signed otherwise. */
export function typeOfValue(v: bigint): HdlType {
  if (v >= 0n) return uint(bitsFor(v));
  let w = 1;
  while (!fits(v, sint(w))) w++;
  return sint(w);
}

/** The bit pattern of `v` in `width` bits (two's complement for negative values). */
export function toBits(v: bigint, width: number): bigint {
  return BigInt.asUintN(width, v);
}
