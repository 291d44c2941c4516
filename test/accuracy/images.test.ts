import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeImage, listImages, SAMPLE_IMAGES } from "../../src/accuracy/images.js";
import { UserError } from "../../src/util/errors.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sme-images-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("photos", () => {
  it("decodes the shipped JPEG photos to RGB", async () => {
    const img = await decodeImage(SAMPLE_IMAGES[0]!);
    expect(img).toMatchObject({ name: "sample1.jpg", width: 1920, height: 1280 });
    expect(img.rgb.length).toBe(1920 * 1280 * 3);
  });

  it("decodes a PNG to RGB, dropping alpha", async () => {
    const png = new PNG({ width: 2, height: 1 });
    png.data.set([10, 20, 30, 255, 40, 50, 60, 0]);
    const file = join(dir, "two.png");
    await writeFile(file, PNG.sync.write(png));
    const img = await decodeImage(file);
    expect({ w: img.width, h: img.height, rgb: Array.from(img.rgb) }).toEqual({ w: 2, h: 1, rgb: [10, 20, 30, 40, 50, 60] });
  });

  it("names a corrupt or foreign file in one line", async () => {
    const jpeg = await readFile(SAMPLE_IMAGES[0]!);
    await writeFile(join(dir, "cut.jpg"), jpeg.subarray(0, 3000));
    await writeFile(join(dir, "notes.png"), "hello");
    await expect(decodeImage(join(dir, "cut.jpg"))).rejects.toThrow(/cannot decode JPEG image .*cut\.jpg/);
    await expect(decodeImage(join(dir, "notes.png"))).rejects.toThrow(/notes\.png is neither a JPEG nor a PNG/);
    await expect(decodeImage(join(dir, "missing.jpg"))).rejects.toThrow(UserError);
  });

  it("lists a folder's JPEG/PNG files, one file, or the samples; refuses a folder without photos", async () => {
    expect(await listImages(undefined)).toEqual(SAMPLE_IMAGES);
    expect((await listImages(dir)).map((p) => p.split("/").pop())).toEqual(["cut.jpg", "notes.png", "two.png"]);
    expect(await listImages(join(dir, "two.png"))).toEqual([join(dir, "two.png")]);
    const empty = await mkdtemp(join(dir, "empty-"));
    await writeFile(join(empty, "readme.txt"), "no photos");
    await expect(listImages(empty)).rejects.toThrow(/holds no \.jpg, \.jpeg or \.png files/);
    await expect(listImages(join(dir, "nowhere"))).rejects.toThrow(/does not exist/);
  });
});
