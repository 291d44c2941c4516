import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chooseFigures, sweptParameters } from "../../src/report/figures.js";
import { modelLabel, writeReport } from "../../src/report/report.js";
import { runSweep } from "../../src/sweep/runner.js";
import { parseSweepSpec } from "../../src/sweep/spec.js";
import { fakeEvaluatorUrl, tempModel } from "../sweep/helpers.js";

async function fakeResults(grid: Record<string, unknown>) {
  const { dir, model } = await tempModel();
  const run = await runSweep({ spec: parseSweepSpec({ model, ...grid }), outDir: join(dir, "sweep"), jobs: 1, evaluatorUrl: fakeEvaluatorUrl });
  return { dir, results: run.results };
}

describe("report figures", () => {
  it("finds the swept axes, ignoring mapping and parameters tied to an earlier one", async () => {
    const { results } = await fakeResults({ rows: "32..128*2", cols: "R", window: "1..3", mode: "dense,squeeze", squeeze: "1,2" });
    expect(sweptParameters(results)).toEqual(["rows", "window"]);
    const ids = chooseFigures(results, "m", "m-").map((f) => f.id);
    expect(ids).toContain("m-physicalCrossbars-vs-rows");
    expect(ids).toContain("m-sqnrMappedDb-vs-window");
    expect(ids).toContain("m-energyNj-vs-window");
  });

  it("makes the Fig. 8 pair (total and per layer) when only the mapping varies", async () => {
    const { results } = await fakeResults({ mode: "dense,bitslice,squeeze", squeeze: "1..3" });
    expect(chooseFigures(results, "m", "").map((f) => f.id)).toEqual(["crossbars-by-mode"]); // one layer: no per-layer figures, no cost breakdown from the fake evaluator
  });

  it("writes HTML with inline SVG, Markdown, CSV and PNG figures whose axes carry units", async () => {
    const { dir, results } = await fakeResults({ window: "1..4", mode: "bitslice,squeeze", squeeze: 1 });
    const out = join(dir, "report");
    const { figures } = await writeReport(out, [{ source: "results.jsonl", results }], { generated: "2026-01-01" });
    expect(figures.length).toBe(8);
    const html = await readFile(join(out, "index.html"), "utf8");
    expect(html).toContain("<svg");
    expect(html).toContain("Window S (bits)");
    expect(html).toContain("Physical crossbars (count)");
    expect(html).toContain("Estimated energy per VMM pass (nJ)");
    const md = await readFile(join(out, "report.md"), "utf8");
    expect(md).toMatch(/!\[.*\]\(figures\/m-physicalCrossbars-vs-window\.png\)/);
    expect(md).toContain("| squeeze D=1 | 1 |");
    const png = await readFile(join(out, "figures", "m-physicalCrossbars-vs-window.png"));
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join("")).toBe("PNG");
    expect((await readdir(join(out, "figures"))).length).toBe(8);
    expect((await readFile(join(out, "results.csv"), "utf8")).split("\n").length).toBe(10);
  });

  it("plots the accuracy columns of a sweep with --accuracy: crossbars against agreement, and agreement against each swept parameter", async () => {
    const { dir, results } = await fakeResults({ rows: "8,16", cols: "R", mode: "dense,squeeze", squeeze: 2 });
    const withAccuracy = results.map((r, i) => ({
      ...r,
      accuracy: {
        photos: 1,
        backend: "wasm",
        activations: "quantized",
        mapped: ["detector", "recognizer"],
        crossbars: 1000 - 100 * i,
        denseCrossbars: 1000,
        weightSqnrDb: 25 - i,
        droppedCells: 0,
        detection: {
          images: 1,
          imagesSameCount: 1,
          floatFaces: 4,
          faces: 4 - i,
          matched: 4 - i,
          missed: i,
          extra: 0,
          meanIou: 0.9,
          minIou: 0.8,
          meanScoreChange: 0,
          maxScoreChange: 0,
        },
        recognition: {
          faces: 4,
          meanCosine: 0.99,
          minCosine: 0.98,
          meanDistance: 0.1,
          maxDistance: 0.2,
          pairs: 6,
          flipped: i,
          flippedToSame: 0,
          flippedToDifferent: i,
        },
        recognizer: { faces: 4, meanCosine: 0.999 - 0.001 * i, minCosine: 0.99, maxDistance: 0.1, pairs: 6, flipped: 0 },
        networks: {},
      },
    }));
    const figures = chooseFigures(withAccuracy, "m", "m-");
    const ids = figures.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(["m-accuracy-vs-crossbars", "m-recognizerCosine-vs-rows", "m-facesFound-vs-rows"]));
    expect(
      chooseFigures(results, "m", "m-")
        .map((f) => f.id)
        .filter((id) => /accuracy|recognizerCosine|facesFound/.test(id)),
    ).toEqual([]);
    const out = join(dir, "acc-report");
    await writeReport(out, [{ source: "results.jsonl", results: withAccuracy }], { generated: "2026-01-01" });
    const html = await readFile(join(out, "index.html"), "utf8");
    expect(html).toContain("Crossbars of the mapped networks (count)");
    expect(html).toContain("Recognizer cosine to float (mean over faces)");
    expect(await readFile(join(out, "report.md"), "utf8")).toMatch(/\| face-api crossbars \| faces \| cos mean \| flipped \| rec cos mean \| rec flipped \|/);
  });

  it("labels models by file name without hash and suffix", () => {
    expect(modelLabel("face_recognition_model-weights_manifest.json#1a2b3c4d")).toBe("face_recognition_model");
    expect(modelLabel("w.npy#00000000")).toBe("w");
  });
});

describe("report folder safety", () => {
  it("refuses to replace a folder that is not an earlier report", async () => {
    const { dir, results } = await fakeResults({ mode: "dense,bitslice" });
    // `dir` holds the model and the sweep folder: replacing it would delete them.
    await expect(writeReport(dir, [{ source: "r", results }])).rejects.toThrow(
      /is not a folder sme wrote \(it holds m.npy, sweep\); choose a new or empty folder/,
    );
    const out = join(dir, "rep");
    await writeReport(out, [{ source: "r", results }]);
    await writeReport(out, [{ source: "r", results }]); // an earlier report may be replaced
  });
});
