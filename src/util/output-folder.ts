/**
 * Output folders and what in them the tool wrote (design.md §5.5): the tool never deletes or overwrites a file
 * it did not write. Every folder a command writes records its files, with their SHA-256 where the file is
 * written whole, in `.sme-output.json` (design folders use their `manifest.json` instead). Before writing into
 * a folder that exists, a command checks that everything in it is its own and unchanged; otherwise it refuses
 * with a message naming the files and saying how to proceed.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { onInterrupt } from "./cleanup.js";
import { ownerOf, ownerTag } from "./debris.js";
import { UserError } from "./errors.js";

export const OUTPUT_RECORD = ".sme-output.json";
export const OUTPUT_RECORD_FORMAT = "sme-output/1";

/** What a folder holds that the tool wrote. */
export interface Ownership {
  /** Files by path relative to the folder (`/`-separated): their SHA-256, or null for files that grow (appended). */
  readonly files: ReadonlyMap<string, string | null>;
  /** Top-level sub-folders that are outputs of their own, checked by whoever writes them. */
  readonly folders: readonly string[];
}

interface OutputRecord {
  readonly format: typeof OUTPUT_RECORD_FORMAT;
  readonly command: string;
  readonly files: Record<string, string | null>;
  readonly folders?: string[];
}

export function sha256(content: string | Uint8Array): string {
  return createHash("sha256").update(content).digest("hex");
}

/** The ownership `.sme-output.json` records, or null when the folder has none (or an unreadable one). */
export function recordedOwnership(dir: string): Ownership | null {
  const path = join(dir, OUTPUT_RECORD);
  if (!existsSync(path)) return null;
  try {
    const r = JSON.parse(readFileSync(path, "utf8")) as Partial<OutputRecord>;
    if (r.format !== OUTPUT_RECORD_FORMAT || typeof r.files !== "object" || r.files === null) return null;
    return { files: new Map(Object.entries(r.files)), folders: Array.isArray(r.folders) ? r.folders.filter((f) => typeof f === "string") : [] };
  } catch {
    return null;
  }
}

/** Every file under `dir`, as `/`-separated paths relative to it, skipping the top-level folders `skip`. */
/** The files below `dir` as relative paths with "/" (the top-level folders in `skip` left out). */
export function listFiles(dir: string, skip: readonly string[] = [], prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (prefix === "" && skip.includes(entry.name)) continue;
    if (entry.isDirectory()) out.push(...listFiles(dir, skip, rel));
    else out.push(rel);
  }
  return out;
}

/** The temporary files the tool writes inside its folders (`.<name>.tmp-<host>-<pid>-...`). */
const isOwnTemporary = (rel: string): boolean => {
  const name = rel.slice(rel.lastIndexOf("/") + 1);
  return name.startsWith(".") && name.includes(".tmp-") && ownerOf(name) !== null;
};

export interface OutputFolderCheck {
  /** How messages name the folder: `--out`, `--report`, `report folder`. */
  readonly label: string;
  /** Reads what the folder's own record says it holds (default: `.sme-output.json`). */
  readonly ownership?: (dir: string) => Ownership | null;
  /** Recognizes a folder an earlier version wrote, before folders carried a record; null if not one. */
  readonly legacy?: (dir: string, entries: readonly string[]) => Ownership | null;
}

const shown = (names: readonly string[]): string => (names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", "));

/**
 * Checks that a command may write `dir`: it does not exist, is empty, or holds only files the tool wrote there
 * and that nobody changed since. Otherwise throws a `UserError` naming the files and how to proceed.
 */
export function checkOutputFolder(dir: string, o: OutputFolderCheck): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new UserError(`${o.label} ${dir} is a file; name a folder (a new one, or one sme wrote)`);
  const entries = readdirSync(dir);
  if (entries.length === 0) return;
  const own = (o.ownership ?? recordedOwnership)(dir) ?? o.legacy?.(dir, entries) ?? null;
  if (own === null) {
    const listed = entries.filter((e) => !isOwnTemporary(e));
    throw new UserError(
      `${o.label} ${dir} is not a folder sme wrote (it holds ${shown(listed.length > 0 ? listed : entries)}); choose a new or empty folder: sme never deletes or overwrites files it did not write`,
    );
  }
  const files = listFiles(dir, own.folders).filter((f) => f !== OUTPUT_RECORD && !isOwnTemporary(f));
  const foreign = files.filter((f) => !own.files.has(f));
  if (foreign.length > 0) {
    throw new UserError(
      `${o.label} ${dir} holds ${foreign.length === 1 ? "a file" : "files"} sme did not write (${shown(foreign)}); move ${foreign.length === 1 ? "it" : "them"} out of the folder or choose another one: sme never deletes or overwrites files it did not write`,
    );
  }
  const edited = files.filter((f) => {
    const hash = own.files.get(f);
    return typeof hash === "string" && sha256(readFileSync(join(dir, f))) !== hash;
  });
  if (edited.length > 0) {
    throw new UserError(
      `${o.label} ${dir}: ${shown(edited)} ${edited.length === 1 ? "was" : "were"} changed since sme wrote ${edited.length === 1 ? "it" : "them"}; move ${edited.length === 1 ? "it" : "them"} out of the folder (or delete ${edited.length === 1 ? "it" : "them"}) to write here, or choose another folder`,
    );
  }
}

/** The record file of a folder written whole: each file with its SHA-256. */
export function outputRecordText(command: string, files: ReadonlyMap<string, string | Uint8Array>, folders: readonly string[] = []): string {
  const record: OutputRecord = {
    format: OUTPUT_RECORD_FORMAT,
    command,
    files: Object.fromEntries([...files].filter(([name]) => name !== OUTPUT_RECORD).map(([name, content]) => [name, sha256(content)])),
    ...(folders.length > 0 ? { folders: [...folders] } : {}),
  };
  return `${JSON.stringify(record, null, 1)}\n`;
}

/** `files` plus their record, ready for `writeDirAtomic`. */
export function withOutputRecord(command: string, files: ReadonlyMap<string, string | Uint8Array>): Map<string, string | Uint8Array> {
  const out = new Map(files);
  out.set(OUTPUT_RECORD, outputRecordText(command, files));
  return out;
}

/**
 * Writes one file of a folder that is not written whole (a sweep's output folder) through a temporary file
 * renamed into place, and records it with its hash.
 */
export async function writeOwnedFile(dir: string, command: string, name: string, content: string | Uint8Array): Promise<void> {
  await replaceFile(join(dir, name), content);
  await recordFiles(dir, command, { [name]: sha256(content) });
}

/** Adds files (with their hash, or null for a file that grows) and sub-folders to a folder's record. */
export async function recordFiles(
  dir: string,
  command: string,
  files: Readonly<Record<string, string | null>>,
  folders: readonly string[] = [],
): Promise<void> {
  const known = recordedOwnership(dir);
  const record: OutputRecord = {
    format: OUTPUT_RECORD_FORMAT,
    command,
    files: { ...Object.fromEntries(known?.files ?? []), ...files },
    ...(folders.length > 0 || (known?.folders.length ?? 0) > 0 ? { folders: [...new Set([...(known?.folders ?? []), ...folders])] } : {}),
  };
  await replaceFile(join(dir, OUTPUT_RECORD), `${JSON.stringify(record, null, 1)}\n`);
}

/** Replaces a file atomically: a temporary sibling (removed if the run is interrupted), then a rename. */
export async function replaceFile(path: string, content: string | Uint8Array): Promise<void> {
  const slash = path.lastIndexOf("/");
  const tmp = `${path.slice(0, slash + 1)}.${path.slice(slash + 1)}.tmp-${ownerTag()}-${Math.random().toString(36).slice(2, 8)}`;
  const forget = onInterrupt(() => rmSync(tmp, { force: true }));
  try {
    await writeFile(tmp, content);
    await rename(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
    forget();
  }
}
