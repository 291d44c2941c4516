/**
 * `mkdir -p` that fails where the kernel refuses a new folder. Node 20's recursive mkdir loops forever when
 * creating a folder answers ENOENT although its parent exists (procfs, sysfs: `--out /proc/x` hung), so each
 * missing level is made on its own and a refusal is an error like any other.
 */
import { mkdirSync, statSync } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";

/** The folders from the first missing ancestor of `path` down to `path`, or [] when `path` exists. */
function missingLevels(path: string, exists: (p: string) => boolean): string[] {
  const missing: string[] = [];
  for (let p = resolve(path); !exists(p); ) {
    missing.unshift(p);
    const parent = dirname(p);
    if (parent === p) break;
    p = parent;
  }
  return missing;
}

const isMissing = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === "ENOENT";
const tolerateExisting = (err: unknown): void => {
  if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
};

export async function makeFolder(path: string): Promise<void> {
  const known = new Set<string>();
  // stat is asynchronous: collect the answers walking up, then decide synchronously.
  for (let p = resolve(path); ; p = dirname(p)) {
    const found = await stat(p).then(
      () => true,
      (err: unknown) => (isMissing(err) ? false : Promise.reject(err)),
    );
    if (found) known.add(p);
    if (found || dirname(p) === p) break;
  }
  for (const dir of missingLevels(path, (p) => known.has(p))) await mkdir(dir).catch(tolerateExisting);
}

export function makeFolderSync(path: string): void {
  const exists = (p: string): boolean => {
    try {
      statSync(p);
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  };
  for (const dir of missingLevels(path, exists)) {
    try {
      mkdirSync(dir);
    } catch (err) {
      tolerateExisting(err);
    }
  }
}
