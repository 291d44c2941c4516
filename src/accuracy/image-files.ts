import { readdirSync, type Stats, statSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { UserError } from "../util/errors.js";
import { packageDir } from "../util/paths.js";

/** The six photos face-api ships (several faces each): the default input of `sme accuracy`. */
export const SAMPLE_IMAGES: readonly string[] = Array.from({ length: 6 }, (_, i) => resolve(packageDir("@vladmandic/face-api"), `demo/sample${i + 1}.jpg`));

const IMAGE_EXTENSIONS = new Set([".jpg", ".jpeg", ".png"]);

/**
 * The photos to run: `SAMPLE_IMAGES` when `where` is undefined, else every JPEG/PNG file of the folder
 * `where` (sorted by name), or the single file `where`.
 */
export async function listImages(where: string | undefined): Promise<string[]> {
  return listImagesSync(where);
}

/** {@link listImages} for callers that check their input synchronously (a sweep's spec). */
export function listImagesSync(where: string | undefined): string[] {
  if (where === undefined) return [...SAMPLE_IMAGES];
  const path = resolve(where);
  let info: Stats;
  try {
    info = statSync(path);
  } catch {
    throw new UserError(`--images ${where} does not exist; give a folder of JPEG/PNG photos or one photo`);
  }
  if (info.isFile()) return [path];
  const names = readdirSync(path)
    .filter((n) => IMAGE_EXTENSIONS.has(extname(n).toLowerCase()))
    .sort();
  if (names.length === 0) throw new UserError(`--images ${where} holds no .jpg, .jpeg or .png files; put the photos to run there`);
  return names.map((n) => join(path, n));
}
