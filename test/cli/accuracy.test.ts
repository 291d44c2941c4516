import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_IMAGES } from "../../src/accuracy/images.js";
import { DEFAULT_MODELS_DIR } from "../../src/accuracy/networks.js";
import { decodeNpy } from "../../src/util/npy.js";
import { runSme } from "../flow/helpers.js";
import { removeTempDirs, tempDir } from "../sme/loaders/fixtures.js";

/** `sme accuracy` in this process, stdout and stderr captured. */
const run = (args: string[]) => runSme(["accuracy", ...args]);

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
  await mkdir(join(dir, "empty"));
  await writeFile(join(dir, "empty", "notes.txt"), "no photos here");
  await mkdir(join(dir, "bad"));
  await writeFile(join(dir, "bad", "cut.jpg"), (await readFile(SAMPLE_IMAGES[0]!)).subarray(0, 4000));
  await copyFile(SAMPLE_IMAGES[1]!, join(dir, "bad", "good.jpg"));
  // A model folder whose detector manifest is really the recognizer's.
  await mkdir(join(dir, "models"));
  for (const f of await readdir(DEFAULT_MODELS_DIR)) await copyFile(join(DEFAULT_MODELS_DIR, f), join(dir, "models", f));
  await copyFile(join(DEFAULT_MODELS_DIR, "face_recognition_model-weights_manifest.json"), join(dir, "models", "ssd_mobilenetv1_model-weights_manifest.json"));
});
afterAll(removeTempDirs);

/** One line on stderr, exit 2, and nothing left where outputs were asked for. */
async function expectBadInput(args: string[], message: RegExp): Promise<void> {
  const report = join(dir, `report-${Math.random().toString(36).slice(2)}`);
  const traces = join(dir, `traces-${Math.random().toString(36).slice(2)}`);
  const r = await run([...args, "--report", report, "--save-activations", traces]);
  expect(r.code, r.stderr).toBe(2);
  expect(
    r.stderr
      .trim()
      .split("\n")
      .filter((l) => l.startsWith("sme:")),
  ).toHaveLength(1);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(report) || existsSync(traces)).toBe(false);
  expect((await readdir(dirname(traces))).filter((n) => n.includes(".tmp-"))).toEqual([]);
}

describe("sme accuracy: bad input", () => {
  const one = ["--mode", "dense", "--jobs", "1"];
  it("refuses an unknown backend, activation mode or mapping mode", async () => {
    await expectBadInput([...one, "--backend", "gpu"], /--backend must be one of wasm, cpu, got "gpu"/);
    await expectBadInput([...one, "--activations", "int4"], /--activations must be one of quantized, float/);
    await expectBadInput(["--mode", "dense,sparse"], /--mode must be one of dense, bitslice, squeeze, squeeze-min, remap, budget, got "sparse"/);
  });

  it("refuses a folder without photos and traces of more than one mapping", async () => {
    await expectBadInput([...one, "--images", join(dir, "empty")], /holds no \.jpg, \.jpeg or \.png files/);
    await expectBadInput(["--mode", "dense,remap", "--images", SAMPLE_IMAGES[0]!], /records the activations of one mapping, this run has 2/);
  });

  it("names a corrupt photo, in this thread and from a worker thread", async () => {
    await expectBadInput([...one, "--images", join(dir, "bad")], /cannot decode JPEG image .*cut\.jpg/);
    await expectBadInput(["--mode", "dense", "--jobs", "2", "--images", join(dir, "bad")], /cannot decode JPEG image .*cut\.jpg/);
  }, 300_000);

  it("says when a model folder does not hold face-api networks", async () => {
    await expectBadInput(
      [...one, "--models", join(dir, "models")],
      /is not a face-api SSD MobileNet-v1 face detector: it has no tensor named Output\/extra_dim/,
    );
    await expectBadInput([...one, "--models", join(dir, "empty")], /has no ssd_mobilenetv1_model-weights_manifest\.json/);
    // With worker threads: the main thread fails first, and the engines it started are closed.
    await expectBadInput(["--mode", "dense", "--jobs", "2", "--models", join(dir, "models")], /is not a face-api SSD MobileNet-v1 face detector/);
  }, 300_000);
});

describe("sme accuracy on one photo", () => {
  it("prints JSON, writes the report and the activation traces of its one mapping, skipping the layer SQNR when told", async () => {
    const report = join(dir, "report");
    const traces = join(dir, "traces");
    const r = await run([
      "--images",
      SAMPLE_IMAGES[0]!,
      "--mode",
      "squeeze-min",
      "--squeeze",
      "2",
      "--rows",
      "64",
      "--cols",
      "64",
      "--jobs",
      "1",
      "--json",
      "--report",
      report,
      "--save-activations",
      traces,
      "--no-layer-sqnr",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    const json = JSON.parse(r.stdout);
    expect(json.configs.map((c: { id: string }) => c.id)).toEqual(["float", "int8", "sme-s3", "squeeze-min-d2"]);
    expect(json.settings.tile).toMatchObject({ rows: 64, cols: 64, actBits: 8 });
    // --no-layer-sqnr: no layer output is measured against the float kernel.
    expect(json.configs[3].layers.every((l: { outputSqnrDb: number | null }) => l.outputSqnrDb === null)).toBe(true);
    for (const f of [
      "report.md",
      "index.html",
      "accuracy.json",
      "crossbars-vs-cosine.svg",
      "crossbars-vs-cosine.png",
      "layer-sqnr-detector.svg",
      "layer-sqnr-recognizer.png",
    ]) {
      expect(existsSync(join(report, f)), f).toBe(true);
    }
    expect(await readFile(join(report, "report.md"), "utf8")).toMatch(/squeeze-min D=2/);

    const manifest = JSON.parse(await readFile(join(traces, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({
      format: "sme-activation-trace/1",
      actBits: 8,
      dtype: "uint8",
      images: ["sample1.jpg"],
      configuration: { id: "squeeze-min-d2" },
    });
    expect(manifest.layers).toHaveLength(77);
    const cfg = json.configs[3];
    const faces = json.configs[3].images[0].faces.length;
    for (const layer of manifest.layers) {
      const result = cfg.layers.find((l: { name: string }) => l.name === layer.name);
      const calls = layer.network === "detector" ? 1 : faces;
      expect(layer.files.length, layer.name).toBe(calls * (layer.signed ? 2 : 1));
      expect(layer.scale).toBeGreaterThan(0);
      for (const f of layer.files.slice(0, 2)) {
        const { data, shape } = decodeNpy(await readFile(join(traces, f.file)));
        expect(shape).toEqual(f.shape);
        expect(shape[shape.length - 1]).toBe(layer.fanIn);
        const vectors = layer.kind === "depthwise" ? shape[0] * shape[1] : shape[0];
        expect(vectors, layer.name).toBe(result.vectorsPerInference);
        if (layer.kind === "depthwise") expect(shape[1]).toBe(layer.fanOut);
        expect(Math.max(...data.subarray(0, 100000))).toBeLessThanOrEqual(255);
      }
    }
    const first = manifest.layers.find((l: { name: string }) => l.name === "MobilenetV1/Conv2d_0_pointwise/weights");
    expect(first).toMatchObject({ signed: true, kind: "conv", fanIn: 27, scale: 1 / 255 });
    expect(first.files.map((f: { part: string }) => f.part)).toEqual(["positive", "negative"]);
  }, 900_000);
});
