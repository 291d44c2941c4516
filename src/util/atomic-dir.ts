import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

/**
 * Writes a whole folder of files so that readers see either the old folder or the complete new one, never a
 * half-written one: the files go to a temporary sibling folder first, which then replaces the target.
 */
export async function writeDirAtomic(target: string, files: ReadonlyMap<string, string | Uint8Array>): Promise<void> {
  const dest = resolve(target);
  const parent = dirname(dest);
  await mkdir(parent, { recursive: true });
  const tmp = await mkdtemp(join(parent, `.${basename(dest)}.tmp-`));
  try {
    for (const [rel, content] of files) {
      const path = join(tmp, rel);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
    }
    const old = `${dest}.old-${process.pid}-${Date.now()}`;
    let moved = false;
    try {
      await rename(dest, old);
      moved = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    await rename(tmp, dest);
    if (moved) await rm(old, { recursive: true, force: true });
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}
