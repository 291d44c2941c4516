/**
 * Packing of vector ports such as the tile's `in_act` (`x[i]` at bits `[i*A +: A]`) and `out_sum`
 * (`y[j]` at bits `[j*OW +: OW]`). Field 0 is the least significant. Hex slicing keeps this linear in the
 * port width when fields are whole hex digits, which matters at 128 fields per transfer.
 */
export function packFields(values: readonly (bigint | number)[], width: number): bigint {
  checkWidth(width);
  const mask = (1n << BigInt(width)) - 1n;
  if (width % 4 === 0) {
    const digits = width / 4;
    let hex = "";
    for (let i = values.length - 1; i >= 0; i--) hex += (BigInt(values[i]) & mask).toString(16).padStart(digits, "0");
    return hex ? BigInt(`0x${hex}`) : 0n;
  }
  let v = 0n;
  for (let i = values.length - 1; i >= 0; i--) v = (v << BigInt(width)) | (BigInt(values[i]) & mask);
  return v;
}

/** Splits `value` into `count` fields of `width` bits; `signed` reads each field as two's complement. */
export function unpackFields(value: bigint, width: number, count: number, signed = false): bigint[] {
  checkWidth(width);
  const out: bigint[] = new Array(count);
  if (width % 4 === 0 && value >= 0n) {
    const digits = width / 4;
    const hex = value.toString(16).padStart(digits * count, "0");
    const end = hex.length;
    for (let f = 0; f < count; f++) {
      const v = BigInt(`0x${hex.slice(end - (f + 1) * digits, end - f * digits)}`);
      out[f] = signed ? BigInt.asIntN(width, v) : v;
    }
    return out;
  }
  const mask = (1n << BigInt(width)) - 1n;
  let rest = BigInt.asUintN(width * count, value);
  for (let f = 0; f < count; f++) {
    const v = rest & mask;
    out[f] = signed ? BigInt.asIntN(width, v) : v;
    rest >>= BigInt(width);
  }
  return out;
}

function checkWidth(width: number): void {
  if (!Number.isSafeInteger(width) || width < 1) throw new RangeError(`field width must be a positive integer, got ${width}`);
}
