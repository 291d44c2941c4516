import { copyFile, mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SAMPLE_IMAGES } from "../../src/accuracy/image-files.js";
import { resultsToCsv } from "../../src/sweep/csv.js";
import { sweepIdentity } from "../../src/sweep/identity.js";
import type { PointAccuracy, PointResult } from "../../src/sweep/result.js";
import { evaluatorSetup, parseSweepSpec } from "../../src/sweep/spec.js";
import { tempModel } from "./helpers.js";

describe("sme sweep --accuracy: the setup, checked before any point runs", () => {
  it("resolves the photos and the face-api model folder and hands them to the evaluator", async () => {
    const { model } = await tempModel();
    const spec = parseSweepSpec({ model, rows: "32,64", accuracy: true, activations: "float" });
    expect(spec.accuracy).toMatchObject({ images: SAMPLE_IMAGES, backend: "wasm", activations: "float", mapAll: false });
    expect(evaluatorSetup(spec).accuracy).toEqual(spec.accuracy);
    expect(parseSweepSpec({ model, images: "/does/not/matter" }).accuracy).toBeNull();
  });

  it("keys accuracy results by the photos, the networks and the run settings, and leaves other keys as they were", async () => {
    const { dir, model } = await tempModel();
    const plain = parseSweepSpec({ model, rows: 32 });
    const point = plain.points[0]!;
    const plainKey = sweepIdentity(plain).keyOf(point);
    expect(plainKey).toMatch(/\|model\|rows=32,[^|]*$/);
    const withAccuracy = sweepIdentity(parseSweepSpec({ model, rows: 32, accuracy: true })).keyOf(point);
    expect(withAccuracy).toMatch(
      new RegExp(`^${plainKey.replace(/[|.*+?^${}()[\]\\]/g, "\\$&")}\\|accuracy=wasm,quantized,detector\\+recognizer,6photos#[0-9a-f]{8}$`),
    );
    const photos = join(dir, "photos");
    await mkdir(photos);
    await copyFile(SAMPLE_IMAGES[0]!, join(photos, "a.jpg"));
    const onePhoto = sweepIdentity(parseSweepSpec({ model, rows: 32, accuracy: true, images: photos })).keyOf(point);
    expect(onePhoto).toMatch(/accuracy=wasm,quantized,detector\+recognizer,1photos#/);
    expect(onePhoto).not.toBe(withAccuracy);
    expect(sweepIdentity(parseSweepSpec({ model, rows: 32, accuracy: true, backend: "cpu" })).keyOf(point)).not.toBe(withAccuracy);
  });

  it("refuses a saturating ADC, a model folder without the networks, and photos that are not there", async () => {
    const { model } = await tempModel();
    expect(() => parseSweepSpec({ model, rows: 128, adcBits: "6,8", accuracy: true })).toThrow(
      /--accuracy runs lossless converters only: --adc-bits 6 can saturate \(these rows need 8\); leave --adc-bits out \(at sweep point rows=128,/,
    );
    expect(() => parseSweepSpec({ model, rows: 128, adcBits: 8, accuracy: true })).not.toThrow();
    const empty = await mkdtemp(join(tmpdir(), "no-models-"));
    expect(() => parseSweepSpec({ model, accuracy: true, models: empty })).toThrow(
      /has no ssd_mobilenetv1_model-weights_manifest\.json: a face-api model folder/,
    );
    expect(() => parseSweepSpec({ model, accuracy: true, images: join(empty, "none") })).toThrow(/--images .* does not exist/);
    expect(() => parseSweepSpec({ model, accuracy: true, images: empty })).toThrow(/holds no \.jpg, \.jpeg or \.png files/);
  });
});

describe("accuracy columns in results.csv", () => {
  const accuracy: PointAccuracy = {
    photos: 1,
    backend: "wasm",
    activations: "quantized",
    mapped: ["detector", "recognizer"],
    crossbars: 900,
    denseCrossbars: 1200,
    weightSqnrDb: 25,
    droppedCells: 3,
    detection: {
      images: 1,
      imagesSameCount: 1,
      floatFaces: 3,
      faces: 3,
      matched: 3,
      missed: 0,
      extra: 0,
      meanIou: 0.9,
      minIou: 0.8,
      meanScoreChange: 0.01,
      maxScoreChange: 0.02,
    },
    recognition: {
      faces: 3,
      meanCosine: 0.99,
      minCosine: 0.98,
      meanDistance: 0.1,
      maxDistance: 0.2,
      pairs: 3,
      flipped: 1,
      flippedToSame: 1,
      flippedToDifferent: 0,
    },
    recognizer: { faces: 3, meanCosine: 0.995, minCosine: 0.99, maxDistance: 0.1, pairs: 3, flipped: 0 },
    networks: { detector: { weightSqnrDb: 24, crossbars: 600, passes: 10, energyNj: 5e8, latencyNs: 1e6 } },
  };
  const result = (a?: PointAccuracy) =>
    ({
      key: "k",
      model: "m",
      layer: null,
      cost: "sme",
      adcBits: 8,
      elapsedMs: 1,
      layers: [],
      point: {
        rows: 8,
        cols: 8,
        weightBits: 8,
        window: 3,
        mode: "dense",
        squeeze: 0,
        actBits: 8,
        dacBits: 1,
        ouRows: 8,
        adcBits: "lossless",
        scale: "layer",
        targetSqnr: null,
        budgetScope: null,
        minLayerSqnr: null,
      },
      totals: {
        physicalCrossbars: 1,
        denseCrossbars: 1,
        ratioToDense: 1,
        cells: 1,
        sqnrQuantDb: 1,
        sqnrMappedDb: 1,
        inputCycles: 1,
        rowMapBits: 0,
        areaMm2: 1,
        energyNj: 1,
        latencyNs: 1,
      },
      ...(a ? { accuracy: a } : {}),
    }) as PointResult;

  it("adds them only when a point has them, empty for points without", () => {
    expect(resultsToCsv([result()]).split("\n")[0]).not.toContain("acc");
    const [header, withRow, withoutRow] = resultsToCsv([result(accuracy), result()]).split("\n");
    const cols = header!.split(",");
    const at = (row: string, name: string) => row.split(",")[cols.indexOf(name)];
    expect(at(withRow!, "accCrossbars")).toBe("900");
    expect(at(withRow!, "accRecCosMean")).toBe("0.995");
    expect(at(withRow!, "accFaces")).toBe("3");
    expect(at(withRow!, "accDetectorNjPerPhoto")).toBe("500000000");
    expect(at(withoutRow!, "accRecCosMean")).toBe("");
  });
});
