/**
 * The tile's words as the simulator's stream carries them: activation vectors into `in_act`, programming
 * transfers into `prog_*`, and `out_sum` back into signed column results (design.md §4).
 */
import { packFields, unpackFields } from "../sim/fields.js";
import type { TileInterface } from "./tile-interface.js";

/** A `prog_*` transfer as the port takes it: any 2-bit target, including the one the tile ignores (3). */
export interface RawTransfer {
  readonly target: number;
  readonly xbar: number;
  readonly row: number;
  readonly data: bigint;
}

/** Transfers to send in order; a `ProgramImage` is one. */
export interface TransferList {
  readonly transfers: readonly RawTransfer[];
}

/**
 * One stream payload per transfer, in the field order of `TILE_PORTS.program.data`: `[target, xbar, row, data]`,
 * as unsigned hex text (the driver's own form: about four times cheaper to send than BigInt fields, which
 * matters when a whole-layer run programs tile after tile).
 */
export function programPayloads(image: TransferList): string[][] {
  return image.transfers.map((t) => [t.target.toString(16), t.xbar.toString(16), t.row.toString(16), t.data.toString(16)]);
}

/** `in_act` for activation vector `x` (x[i] at bits [i*A +: A]). */
export function packActivations(x: ArrayLike<number>, actBits: number): bigint {
  return packFields(Array.from(x), actBits);
}

const HEX_CHAR = Uint8Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
let scratch = Buffer.alloc(512);

/**
 * The `in_act` payload of an activation vector as unsigned hex text (field i at bits `[i*A +: A]`), the form
 * the simulator's driver reads. Widths of one or two hex digits (A = 4, 8) are written as character codes into
 * a scratch buffer and decoded once, which is far cheaper than packing a BigInt or concatenating small strings
 * (about 0.5 us instead of 9 us per 128-value vector); other widths go through `packFields`.
 */
export function vectorHex(x: ArrayLike<number>, actBits: number): string {
  if (actBits !== 8 && actBits !== 4) return packFields(Array.from(x, (v) => BigInt(v)), actBits).toString(16);
  const digits = actBits / 4;
  const n = x.length * digits;
  if (scratch.length < n) scratch = Buffer.alloc(2 * n);
  const max = 2 ** actBits - 1;
  for (let i = x.length - 1, p = 0; i >= 0; i--) {
    const v = x[i];
    if (!(v >= 0 && v <= max && v === Math.floor(v))) throw new RangeError(`activation x[${i}] = ${v} is not an unsigned ${actBits}-bit integer`);
    if (digits === 2) scratch[p++] = HEX_CHAR[(v >>> 4) & 15];
    scratch[p++] = HEX_CHAR[v & 15];
  }
  return scratch.toString("latin1", 0, n);
}

/** The C signed results in an `out_sum` value. */
export function unpackResults(tile: Pick<TileInterface, "params" | "outputWidth">, outSum: bigint): bigint[] {
  return unpackFields(outSum, tile.outputWidth, tile.params.cols, true);
}

/** The C signed results in the driver's hex text of an `out_sum` value, as numbers (see {@link signedFieldsFromHex}). */
export function resultColumns(tile: Pick<TileInterface, "params" | "outputWidth">, hex: string): Float64Array {
  return signedFieldsFromHex(hex, tile.outputWidth, tile.params.cols);
}

/**
 * Splits a packed word into `count` two's-complement fields of `width` bits as numbers. Widths that are whole
 * hex digits (24 bits for the default tile) are cut from one hex string, which avoids a BigInt per field.
 */
export function unpackSigned(value: bigint, width: number, count: number): Float64Array {
  const out = new Float64Array(count);
  if (width % 4 === 0 && width <= 48 && value >= 0n) {
    const digits = width / 4;
    const hex = value.toString(16).padStart(digits * count, "0");
    const end = hex.length;
    const half = 2 ** (width - 1);
    const full = 2 ** width;
    for (let j = 0; j < count; j++) {
      const v = parseInt(hex.slice(end - (j + 1) * digits, end - j * digits), 16);
      out[j] = v >= half ? v - full : v;
    }
    return out;
  }
  const fields = unpackFields(value, width, count, true);
  for (let j = 0; j < count; j++) out[j] = Number(fields[j]);
  return out;
}

const HEX_VALUE = new Int8Array(128).fill(-1);
for (let c = 0; c < 16; c++) {
  HEX_VALUE[c.toString(16).charCodeAt(0)] = c;
  HEX_VALUE[c.toString(16).toUpperCase().charCodeAt(0)] = c;
}

/**
 * Splits the driver's hex text of a packed word (unsigned, leading zeros dropped) into `count`
 * two's-complement fields of `width` bits, without a BigInt: hex-digit widths up to 48 bits (24 for the
 * default tile) are read digit by digit from the end of the text; other widths go through `unpackSigned`.
 */
export function signedFieldsFromHex(hex: string, width: number, count: number): Float64Array {
  if (width % 4 !== 0 || width > 48) return unpackSigned(BigInt(`0x${hex}`), width, count);
  const out = new Float64Array(count);
  const digits = width / 4;
  const half = 2 ** (width - 1);
  const full = 2 ** width;
  let pos = hex.length - 1;
  for (let j = 0; j < count; j++) {
    let v = 0;
    let scale = 1;
    for (let d = 0; d < digits; d++, pos--, scale *= 16) {
      if (pos < 0) break;
      const h = HEX_VALUE[hex.charCodeAt(pos)];
      if (h < 0) throw new RangeError(`output "${hex.slice(0, 40)}" is not hex text`);
      v += h * scale;
    }
    out[j] = v >= half ? v - full : v;
  }
  if (pos >= 0 && /[^0]/.test(hex.slice(0, pos + 1))) throw new RangeError(`output has more than ${count} fields of ${width} bits`);
  return out;
}
