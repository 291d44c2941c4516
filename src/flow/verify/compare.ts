import { unpackSigned } from "../../hw/payloads.js";

/** The columns where an observed output differs from the expected one, or null when all agree. */
export function differingColumns(observed: ArrayLike<number>, expected: ArrayLike<number>): number[] | null {
  let bad: number[] | null = null;
  for (let j = 0; j < expected.length; j++)
    if (observed[j] !== expected[j]) {
      bad ??= [];
      bad.push(j);
    }
  return bad;
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
  /** `--until-covered`: the round (from 1) whose random stimulus gave it; `vector` then counts within the round. */
  readonly round?: number;
  /** The round's vector in flight while its image was programmed (its result is the reset tile's: zeros). */
  readonly lead?: boolean;
}

export interface CompareResult {
  /** Outputs compared with the golden model (one per vector that produced an output). */
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
  const n = Math.min(vectors.length, observed.length);
  for (let v = 0; v < n; v++) {
    const want = expected(vectors[v]);
    const got = unpackSigned(observed[v], width, cols);
    const bad = differingColumns(got, want);
    if (bad === null) continue;
    mismatches++;
    first ??= describeFirst(v, bad, want, got, vectors[v]);
  }
  return { checked: n, mismatches, first };
}

/** The mismatch record of vector `vector` (its index in the whole run) with differing columns `bad`. */
export function describeFirst(vector: number, bad: readonly number[], want: ArrayLike<number>, got: ArrayLike<number>, x: ArrayLike<number>): Mismatch {
  const j = bad[0];
  return { vector, column: j, expected: want[j], observed: got[j], columns: [...bad], input: Array.from(x) };
}

/** Sums the results of shards of one run; the first mismatch is the one with the lowest vector index. */
export function mergeCompareResults(parts: readonly CompareResult[]): CompareResult {
  let first: Mismatch | null = null;
  for (const p of parts) if (p.first && (first === null || p.first.vector < first.vector)) first = p.first;
  return { checked: parts.reduce((a, p) => a + p.checked, 0), mismatches: parts.reduce((a, p) => a + p.mismatches, 0), first };
}

/** The mismatch report line of `sme verify` (exit status 1). */
export function describeMismatch(r: CompareResult): string {
  if (!r.first) return `${r.checked} vectors checked, no mismatches`;
  const m = r.first;
  const cols = m.columns.length > 8 ? `${m.columns.slice(0, 8).join(", ")}, ... (${m.columns.length} columns)` : m.columns.join(", ");
  return (
    `${r.mismatches} of ${r.checked} vectors differ from the golden model; first: ${where(m)}, column ${m.column}: ` +
    `expected ${m.expected}, observed ${m.observed} (differing columns: ${cols}); input x = [${m.input.join(", ")}]`
  );
}

/** Where a mismatch happened: `vector 42`, or in a coverage round `coverage round 3, vector 17`. */
function where(m: Mismatch): string {
  if (m.round === undefined) return `vector ${m.vector}`;
  return `coverage round ${m.round}, ${m.lead ? "the vector in flight while programming" : `vector ${m.vector}`}`;
}
