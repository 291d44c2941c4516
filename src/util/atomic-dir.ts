import { existsSync, renameSync, rmSync } from "node:fs";
import { mkdtemp, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { onInterrupt } from "./cleanup.js";
import { isAlive, isOrphaned, ownerTag } from "./debris.js";
import { makeFolder } from "./make-folder.js";

/** Prefixes of the temporary siblings of `<name>`: the folder being written and the previous one being replaced. */
const tmpPrefix = (name: string): string => `.${name}.tmp-`;
const oldPrefix = (name: string): string => `.${name}.old-`;

/** Attempts at swapping the new folder in while other processes write the same target. */
const SWAP_ATTEMPTS = 20;

/**
 * Writes a whole folder of files so that readers see either the old folder or the complete new one, never a
 * half-written one: the files go to a temporary sibling folder first, which then replaces the target.
 *
 * Nothing is left behind: the temporary folder is removed on failure and on Ctrl-C or SIGTERM; the siblings a
 * killed run left (their maker is no longer running) are removed by the next write of the same target, and a
 * previous folder caught half-way through its replacement is put back. Several processes writing the same
 * target at once all succeed (the last one's files stay).
 */
export async function writeDirAtomic(target: string, files: ReadonlyMap<string, string | Uint8Array>): Promise<void> {
  const stage = await stageDir(target);
  try {
    for (const [rel, content] of files) {
      const path = join(stage.tmp, rel);
      await makeFolder(dirname(path));
      await writeFile(path, content);
    }
  } catch (err) {
    await stage.discard();
    throw err;
  }
  await stage.commit();
}

/**
 * A temporary sibling folder of `target` to fill bit by bit (a long run writing its files as it goes), then
 * moved into place whole by `commit`, or removed by `discard` (and on Ctrl-C or SIGTERM).
 */
export async function stageDir(target: string): Promise<{ readonly tmp: string; commit(): Promise<void>; discard(): Promise<void> }> {
  const dest = resolve(target);
  const parent = dirname(dest);
  const name = basename(dest);
  await makeFolder(parent);
  await removeDebris(parent, name);
  const tmp = await mkdtemp(join(parent, `${tmpPrefix(name)}${ownerTag()}-`));
  const forget = onInterrupt(() => rmSync(tmp, { recursive: true, force: true }));
  return {
    tmp,
    async commit() {
      try {
        await swapIn(tmp, dest);
      } finally {
        await rm(tmp, { recursive: true, force: true });
        forget();
      }
    },
    async discard() {
      await rm(tmp, { recursive: true, force: true });
      forget();
    },
  };
}

/** Moves `tmp` to `dest`, replacing a folder there; retries when another writer puts its folder there first. */
async function swapIn(tmp: string, dest: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const old = join(dirname(dest), `${oldPrefix(basename(dest))}${ownerTag()}-${Date.now()}${attempt}`);
    let moved = false;
    try {
      await rename(dest, old);
      moved = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    // Until the new folder is in place, an interrupt puts the previous one back.
    const restore = onInterrupt(() => {
      if (moved && !existsSync(dest)) renameSync(old, dest);
    });
    try {
      await rename(tmp, dest);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (moved) {
        if (existsSync(dest)) await rm(old, { recursive: true, force: true });
        else await rename(old, dest).catch(() => undefined);
      }
      restore();
      // Another process renamed its own folder into place between our two renames: go again.
      if ((code === "ENOTEMPTY" || code === "EEXIST") && attempt < SWAP_ATTEMPTS) {
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
        continue;
      }
      throw err;
    }
    restore();
    if (moved) await rm(old, { recursive: true, force: true });
    return;
  }
}

/** Versions before the maker's name was in temporary names: `.<name>.tmp-XXXXXX` and `<name>.old-<pid>-<ms>`. */
const LEGACY_TMP = /^\.(.+)\.tmp-[A-Za-z0-9]{6}$/;
const LEGACY_OLD = /^(.+)\.old-(\d+)-(\d+)$/;
/** Legacy temporary folders carry no owner; one untouched this long belongs to no running write. */
const LEGACY_TMP_AGE_MS = 60 * 60 * 1000;

/**
 * Removes the temporary siblings of `parent/name` whose makers are gone, and puts back a previous folder that
 * a killed run had moved aside without putting a new one in its place. Returns the names it removed or restored.
 */
export async function removeDebris(parent: string, name: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(parent);
  } catch {
    return [];
  }
  const dest = join(parent, name);
  const handled: string[] = [];
  for (const entry of entries) {
    const path = join(parent, entry);
    const ours = entry.startsWith(tmpPrefix(name)) || entry.startsWith(oldPrefix(name));
    const legacyTmp = LEGACY_TMP.exec(entry);
    const legacyOld = LEGACY_OLD.exec(entry);
    let orphan = false;
    if (ours) orphan = isOrphaned(entry);
    else if (legacyTmp?.[1] === name)
      orphan =
        Date.now() -
          (await stat(path).then(
            (s) => s.mtimeMs,
            () => Date.now(),
          )) >
        LEGACY_TMP_AGE_MS;
    else if (legacyOld?.[1] === name) orphan = !isAlive(Number(legacyOld[2]));
    if (!orphan) continue;
    const previous = entry.startsWith(oldPrefix(name)) || legacyOld !== null;
    if (previous && !existsSync(dest)) {
      await rename(path, dest).catch(() => undefined);
    } else {
      await rm(path, { recursive: true, force: true });
    }
    handled.push(entry);
  }
  return handled;
}
