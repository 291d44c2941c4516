import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SAMPLE_IMAGES } from "../../src/accuracy/images.js";
import { DEFAULT_MODELS_DIR } from "../../src/accuracy/networks.js";
import { runAccuracy } from "../../src/accuracy/run.js";
import { smePreset } from "../../src/cost/presets.js";
import { makeTileParams } from "../../src/sme/params.js";
import { runSweep } from "../../src/sweep/runner.js";
import { parseSweepSpec } from "../../src/sweep/spec.js";
import { tempModel, writeNpy } from "./helpers.js";

describe("sme sweep --accuracy", () => {
  it("records for each point the answers sme accuracy gives for the same mapping, in worker threads, and resumes without running face-api", async () => {
    const { dir } = await tempModel();
    const model = join(dir, "w.npy");
    await writeNpy(
      model,
      Array.from({ length: 16 }, (_, i) => Array.from({ length: 8 }, (_, j) => Math.sin(i + 3 * j))),
    );
    const photo = SAMPLE_IMAGES[0]!;
    const grid = { model, rows: "32,64", cols: "R", mode: "dense,squeeze-min,remap", squeeze: 3, accuracy: true, images: photo };
    const out = join(dir, "out");
    // Two configurations (32 and 64): two workers, each with its own engine and float run.
    const run = await runSweep({ spec: parseSweepSpec(grid), outDir: out, jobs: 2 });
    expect(run.evaluated).toBe(6);
    expect(run.results.every((r) => r.accuracy !== undefined && r.key.includes("|accuracy=wasm,quantized,detector+recognizer,1photos#"))).toBe(true);

    const reference = await runAccuracy({
      base: makeTileParams({ rows: 64, cols: 64 }),
      scale: "layer",
      modes: ["dense", "squeeze-min"],
      squeezes: [3],
      activations: "quantized",
      backend: "wasm",
      images: [photo],
      modelsDir: DEFAULT_MODELS_DIR,
      mapAll: false,
      jobs: 1,
      cost: smePreset,
      traceDir: null,
      layerSqnr: false,
    });
    const at = (rows: number, mode: string) => run.results.find((r) => r.point.rows === rows && r.point.mode === mode)!.accuracy!;
    for (const [mode, id] of [
      ["dense", "dense"],
      ["squeeze-min", "squeeze-min-d3"],
    ] as const) {
      const want = reference.configs.find((c) => c.id === id)!;
      const got = at(64, mode);
      expect(got.detection, mode).toEqual(want.detection);
      expect(got.recognition, mode).toEqual(want.recognition);
      expect(got.recognizer, mode).toEqual(want.recognizer);
      expect(got.crossbars, mode).toBe(want.crossbars);
      expect(got.denseCrossbars, mode).toBe(want.denseCrossbars);
      expect(got.weightSqnrDb, mode).toBeCloseTo(want.weightSqnrDb, 9);
      expect(got.networks.detector!.energyNj, mode).toBeCloseTo(want.networks.detector!.inference!.energyNj, 6);
    }
    // remap holds the codes dense holds: the same answers on fewer crossbars.
    expect(at(64, "remap").recognizer).toEqual(at(64, "dense").recognizer);
    expect(at(64, "remap").crossbars!).toBeLessThan(at(64, "dense").crossbars!);
    expect(at(32, "squeeze-min").crossbars).not.toBe(at(64, "squeeze-min").crossbars);

    const again = await runSweep({ spec: parseSweepSpec(grid), outDir: out, jobs: 2 });
    expect([again.evaluated, again.resumed]).toEqual([0, 6]);
    expect(again.results.map((r) => r.accuracy)).toEqual(JSON.parse(JSON.stringify(run.results.map((r) => r.accuracy))));
  }, 900_000);
});
