import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { testTempDir } from "../temp-dirs.js";

/** A temporary folder (removed when the test file ends) with a placeholder `.npy` the sweep spec accepts as a model path. */
export async function tempModel(): Promise<{ dir: string; model: string }> {
  const dir = await testTempDir("sweep-test-");
  const model = join(dir, "m.npy");
  await writeFile(model, "not read by the fake evaluator");
  return { dir, model };
}

export const fakeEvaluatorUrl = new URL("./fixtures/fake-evaluator.ts", import.meta.url).href;

/** Writes a float32 little-endian `.npy` matrix (format 1.0) for loader-backed tests. */
export async function writeNpy(path: string, rows: readonly (readonly number[])[]): Promise<void> {
  const shape = `(${rows.length}, ${rows[0]!.length})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shape}, }`;
  header += `${" ".repeat(63 - ((10 + header.length) % 64))}\n`; // pad so the data starts on a 64-byte boundary
  const head = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(head);
  head.writeUInt16LE(header.length, 8);
  const data = Buffer.from(Float32Array.from(rows.flat()).buffer);
  await writeFile(path, Buffer.concat([head, Buffer.from(header, "latin1"), data]));
}
