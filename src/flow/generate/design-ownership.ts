/**
 * Which files of a folder `sme generate` wrote, read from the design's manifest alone (no generator code is
 * loaded: `sme sweep` uses it too, to share a folder with a design as one config file's `out` asks).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Ownership } from "../../util/output-folder.js";

export const MANIFEST_FORMAT = "sme-design/1";

/**
 * What a design folder holds that `sme generate` wrote, as its manifest lists it (with each file's hash where
 * the manifest records one); null when the folder has no manifest of a design.
 */
export function designOwnership(dir: string): Ownership | null {
  const path = join(dir, "manifest.json");
  if (!existsSync(path)) return null;
  try {
    const m = JSON.parse(readFileSync(path, "utf8")) as { format?: unknown; files?: unknown };
    if (m.format !== MANIFEST_FORMAT || !Array.isArray(m.files)) return null;
    const files = new Map<string, string | null>();
    for (const f of m.files as { name?: unknown; sha256?: unknown }[]) {
      if (typeof f?.name === "string") files.set(f.name, typeof f.sha256 === "string" ? f.sha256 : null);
    }
    files.set("manifest.json", null);
    return { files, folders: [] };
  } catch {
    return null;
  }
}
