import type { PortInfo } from "./design.js";

/**
 * Converts between the `bigint` values a test sees and the unsigned hex text the driver speaks. Signed ports
 * read back as negative numbers; writes accept any value that fits the port as signed or unsigned.
 */
export function encodeValue(port: PortInfo, value: bigint | number): string {
  // Fast path for the common case of a 1-bit handshake.
  if (port.width === 1 && (value === 0n || value === 1n || value === 0 || value === 1)) return value ? "1" : "0";
  let v = typeof value === "number" ? toBigInt(port, value) : value;
  const w = BigInt(port.width);
  const min = -(1n << (w - 1n));
  const max = (1n << w) - 1n;
  if (v < min || v > max) {
    throw new RangeError(
      `value ${v} does not fit port "${port.name}" (${port.width} bits${port.signed ? ", signed" : ""}); ` + `give a value in [${min}, ${max}]`,
    );
  }
  if (v < 0n) v = BigInt.asUintN(port.width, v);
  return v.toString(16);
}

export function decodeValue(port: PortInfo, hex: string): bigint {
  const v = BigInt(`0x${hex}`);
  return port.signed ? BigInt.asIntN(port.width, v) : v;
}

function toBigInt(port: PortInfo, value: number): bigint {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`value ${value} for port "${port.name}" is not a safe integer; pass a bigint`);
  }
  return BigInt(value);
}
