import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

const made: string[] = [];

// Each test file evaluates this module afresh (vitest isolates files), so the hook runs once at the end of every
// file that made a folder, whether the folder was made in a test, a hook or at the file's top level.
afterAll(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A fresh folder under the system temp folder, named `<prefix>XXXXXX`, removed when the test file ends. */
export async function testTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
