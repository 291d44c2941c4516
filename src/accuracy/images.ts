import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { UserError } from "../util/errors.js";

export { listImages, listImagesSync, SAMPLE_IMAGES } from "./image-files.js";

/** A photo as 8-bit RGB, row-major `height x width x 3`: what face-api's networks take as a tensor. */
export interface DecodedImage {
  /** File name, used to name the photo in tables and traces. */
  readonly name: string;
  readonly path: string;
  readonly width: number;
  readonly height: number;
  readonly rgb: Uint8Array;
}

/** Reads and decodes a JPEG or PNG file (told apart by its first bytes); a UserError names a bad file. */
export async function decodeImage(path: string): Promise<DecodedImage> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new UserError(`cannot read image ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const name = basename(path);
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return decodeJpeg(name, path, bytes);
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return decodePng(name, path, bytes);
  throw new UserError(`image ${path} is neither a JPEG nor a PNG file (its first bytes say otherwise); give .jpg or .png photos`);
}

function decodeJpeg(name: string, path: string, bytes: Buffer): DecodedImage {
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, tolerantDecoding: false });
  } catch (err) {
    throw new UserError(`cannot decode JPEG image ${path}: ${firstLine(err)}`);
  }
  if (!(img.width > 0 && img.height > 0) || img.data.length !== img.width * img.height * 3) {
    throw new UserError(`cannot decode JPEG image ${path}: it decodes to ${img.width}x${img.height} with ${img.data.length} bytes (not 3 colour channels)`);
  }
  return { name, path, width: img.width, height: img.height, rgb: img.data };
}

function decodePng(name: string, path: string, bytes: Buffer): DecodedImage {
  let png: { width: number; height: number; data: Buffer };
  try {
    png = PNG.sync.read(bytes);
  } catch (err) {
    throw new UserError(`cannot decode PNG image ${path}: ${firstLine(err)}`);
  }
  const { width, height, data } = png;
  // pngjs gives RGBA at 8 bits whatever the file holds; the networks take RGB (alpha is dropped).
  const rgb = new Uint8Array(width * height * 3);
  for (let k = 0, o = 0; k < width * height; k++, o += 3) {
    rgb[o] = data[4 * k]!;
    rgb[o + 1] = data[4 * k + 1]!;
    rgb[o + 2] = data[4 * k + 2]!;
  }
  return { name, path, width, height, rgb };
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split("\n")[0]!;
}
