import { unpackFields } from "../sim/index.js";

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

/** The first output that disagrees with the golden model, with what a designer needs to reproduce it. */
export interface Mismatch {
  /** Index of the vector in the streamed order. */
  readonly vector: number;
  readonly column: number;
  readonly expected: number;
  readonly observed: number;
  /** Every column that differs in that vector. */
  readonly columns: readonly number[];
  readonly input: readonly number[];
}

export interface CompareResult {
  readonly checked: number;
  /** Vectors with at least one differing column. */
  readonly mismatches: number;
  readonly first: Mismatch | null;
}

/**
 * Compares packed `out_sum` words with the golden model's outputs, column by column (two's complement fields
 * of `width` bits, column j at bits `[j*width +: width]`).
 */
export function compareOutputs(
  vectors: readonly ArrayLike<number>[],
  observed: readonly bigint[],
  expected: (x: ArrayLike<number>) => ArrayLike<number>,
  cols: number,
  width: number,
): CompareResult {
  let mismatches = 0;
  let first: Mismatch | null = null;
  for (let v = 0; v < vectors.length; v++) {
    const want = expected(vectors[v]);
    const got = unpackSigned(observed[v], width, cols);
    let bad: number[] | null = null;
    for (let j = 0; j < cols; j++) {
      if (got[j] !== want[j]) (bad ??= []).push(j);
    }
    if (bad === null) continue;
    mismatches++;
    if (first === null) {
      const j = bad[0];
      first = { vector: v, column: j, expected: want[j], observed: got[j], columns: bad, input: Array.from(vectors[v]) };
    }
  }
  return { checked: vectors.length, mismatches, first };
}

/** The mismatch report line of `sme verify` (exit status 1). */
export function describeMismatch(r: CompareResult): string {
  if (!r.first) return `${r.checked} vectors checked, no mismatches`;
  const m = r.first;
  const cols = m.columns.length > 8 ? `${m.columns.slice(0, 8).join(", ")}, ... (${m.columns.length} columns)` : m.columns.join(", ");
  return (
    `${r.mismatches} of ${r.checked} vectors differ from the golden model; first: vector ${m.vector}, column ${m.column}: ` +
    `expected ${m.expected}, observed ${m.observed} (differing columns: ${cols}); input x = [${m.input.join(", ")}]`
  );
}
