/**
 * A layer's weights as the `fanIn x fanOut` matrix of design.md §2: rows are inputs (word-lines), columns are
 * outputs (bit-lines), stored row-major (`data[i * cols + j]`).
 */
export interface WeightMatrix {
  /** Tensor name in the model (or the file name for `.npy`). */
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array | Float64Array;
  /** The tensor's own shape, before flattening to a matrix. */
  readonly shape: readonly number[];
  /** How the tensor became a matrix. */
  readonly kind: "dense" | "conv" | "depthwise";
}

/** Builds a matrix from nested rows (handy in tests and examples). */
export function matrixFromRows(name: string, rows: ReadonlyArray<ReadonlyArray<number>>): WeightMatrix {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0].length;
  const data = new Float64Array(r * c);
  rows.forEach((row, i) => {
    if (row.length !== c) throw new Error(`matrixFromRows: row ${i} has ${row.length} entries, expected ${c}`);
    row.forEach((v, j) => {
      data[i * c + j] = v;
    });
  });
  return { name, rows: r, cols: c, data, shape: [r, c], kind: "dense" };
}
