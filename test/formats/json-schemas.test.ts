import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveFlowConfig } from "../../src/flow/config.js";
import { generateDesign } from "../../src/flow/generate/generate.js";
import { designManifestSchema } from "../../src/flow/generate/manifest.js";
import { FILE_FORMATS, jsonSchemaFiles } from "../../src/formats/json-schemas.js";
import { programImageSchema } from "../../src/sme/program-image-schema.js";
import { pointResultSchema } from "../../src/sweep/result-schema.js";
import { runSweep } from "../../src/sweep/runner.js";
import { parseSweepSpec } from "../../src/sweep/spec.js";
import { projectRoot } from "../../src/util/paths.js";
import { tempModel, writeNpy } from "../sweep/helpers.js";

/** Parsing strips keys a schema does not know: equal to the input means the schema describes every key. */
function describesExactly(schema: { parse(v: unknown): unknown }, value: unknown): void {
  expect(schema.parse(value)).toEqual(value);
}

describe("JSON Schemas of the files sme writes", () => {
  it("ship as generated from the zod schemas (run npm run schemas after changing a format)", async () => {
    for (const [file, text] of jsonSchemaFiles()) expect(await readFile(join(projectRoot, "schemas", file), "utf8"), file).toBe(text);
    expect(FILE_FORMATS.map((f) => f.file)).toEqual(["manifest.schema.json", "program-image.schema.json", "sweep-result.schema.json"]);
  });

  it("describe every key of the manifest and the programming image of programmable and baked designs", async () => {
    for (const input of [
      { rows: 16, cols: 12, mode: "squeeze-min", squeeze: 2 },
      { rows: 8, cols: 8, mode: "remap", kind: "baked" },
    ]) {
      const g = await generateDesign(resolveFlowConfig(input));
      const manifest = JSON.parse(g.files.get("manifest.json")!);
      describesExactly(designManifestSchema, manifest);
      const image = g.files.get("program.json") ?? g.files.get("baked-image.json");
      describesExactly(programImageSchema, JSON.parse(image!));
    }
    expect(() => programImageSchema.parse({ format: "sme-program-image/1", layout: {}, transfers: [] })).toThrow();
  });

  it("describe every key of a sweep's results lines", async () => {
    const { dir } = await tempModel();
    const model = join(dir, "w.npy");
    await writeNpy(
      model,
      Array.from({ length: 12 }, (_, i) => Array.from({ length: 6 }, (_, j) => Math.cos(i + j))),
    );
    const run = await runSweep({ spec: parseSweepSpec({ model, rows: "4,8", mode: "dense,squeeze-min,budget" }), outDir: join(dir, "out"), jobs: 1 });
    const lines = (await readFile(run.resultsPath, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(6);
    for (const line of lines) describesExactly(pointResultSchema, line);
    const withAccuracy = {
      ...lines[0],
      accuracy: {
        photos: 1,
        backend: "wasm",
        activations: "quantized",
        mapped: ["detector", "recognizer"],
        crossbars: 9,
        denseCrossbars: 12,
        weightSqnrDb: null,
        droppedCells: 0,
        detection: {
          images: 1,
          imagesSameCount: 1,
          floatFaces: 3,
          faces: 3,
          matched: 3,
          missed: 0,
          extra: 0,
          meanIou: 1,
          minIou: 1,
          meanScoreChange: 0,
          maxScoreChange: 0,
        },
        recognition: { faces: 3, meanCosine: 1, minCosine: 1, meanDistance: 0, maxDistance: 0, pairs: 3, flipped: 0, flippedToSame: 0, flippedToDifferent: 0 },
        recognizer: null,
        networks: { detector: { weightSqnrDb: 30, crossbars: 5, passes: 100, energyNj: 1, latencyNs: 2 } },
      },
      rtl: { yosysCells: 100, vectorsPerSecond: 1000 },
    };
    describesExactly(pointResultSchema, withAccuracy);
  });
});
