import { unpackFields } from "../sim/index.js";

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
    const got = unpackFields(observed[v], width, cols, true);
    let bad: number[] | null = null;
    for (let j = 0; j < cols; j++) {
      if (Number(got[j]) !== want[j]) (bad ??= []).push(j);
    }
    if (bad === null) continue;
    mismatches++;
    if (first === null) {
      const j = bad[0];
      first = { vector: v, column: j, expected: want[j], observed: Number(got[j]), columns: bad, input: Array.from(vectors[v]) };
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
