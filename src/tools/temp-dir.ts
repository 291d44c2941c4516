import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A named text file (a Verilog source, a testbench, a `$readmemh` image). */
export interface TextFile {
  readonly name: string;
  readonly text: string;
}

/** Runs `body` in a new private folder under the system temp dir, removed afterwards whatever happens. */
export async function withTempDir<T>(prefix: string, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), `sme-${prefix}-`));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes the files into `dir`; returns their names (relative to `dir`), in order. */
export async function writeFiles(dir: string, files: readonly TextFile[]): Promise<string[]> {
  await Promise.all(files.map((f) => writeFile(join(dir, f.name), f.text)));
  return files.map((f) => f.name);
}
