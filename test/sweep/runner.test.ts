import { appendFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { mergeResults, readResults } from "../../src/sweep/results-file.js";
import type { PointResult } from "../../src/sweep/result.js";
import { runSweep } from "../../src/sweep/runner.js";
import { parseShard } from "../../src/sweep/shard.js";
import { parseSweepSpec } from "../../src/sweep/spec.js";
import { fakeEvaluatorUrl, tempModel } from "./helpers.js";

const grid = { rows: "32,64", window: "1..4", mode: "bitslice,squeeze", squeeze: 1 };
const evaluatorUrl = fakeEvaluatorUrl;

afterEach(() => {
  delete process.env.FAKE_EVALUATOR_FAIL_AT_WINDOW;
});

describe("runSweep", () => {
  it("writes one JSON line per point and CSV/JSON summaries in grid order", async () => {
    const { dir, model } = await tempModel();
    const spec = parseSweepSpec({ model, ...grid });
    const run = await runSweep({ spec, outDir: join(dir, "out"), jobs: 1, evaluatorUrl });
    expect(run.evaluated).toBe(16);
    expect(run.resumed).toBe(0);
    expect(run.results.map((r) => r.point)).toEqual(spec.points);
    expect(run.results[0]!.model).toMatch(/^m\.npy#[0-9a-f]{8}$/);
    const csv = (await readFile(join(dir, "out", "results.csv"), "utf8")).trim().split("\n");
    expect(csv).toHaveLength(17);
    expect(csv[0]).toMatch(/^model,layer,cost,rows,cols,weightBits,window,mode,squeeze/);
    expect(JSON.parse(await readFile(join(dir, "out", "results.json"), "utf8"))).toHaveLength(16);
  });

  it("resumes an interrupted sweep: keeps finished points, cuts a half-written line, evaluates only the rest", async () => {
    const { dir, model } = await tempModel();
    const outDir = join(dir, "out");
    const spec = parseSweepSpec({ model, ...grid });
    process.env.FAKE_EVALUATOR_FAIL_AT_WINDOW = "3";
    await expect(runSweep({ spec, outDir, jobs: 1, evaluatorUrl })).rejects.toThrow(/planned failure at window 3/);
    const stored = await readResults(join(outDir, "results.jsonl"));
    expect(stored).toHaveLength(4); // rows 32, windows 1 and 2, two modes each
    await appendFile(join(outDir, "results.jsonl"), '{"key":"half-writ'); // a kill in mid-write
    delete process.env.FAKE_EVALUATOR_FAIL_AT_WINDOW;

    const again = await runSweep({ spec, outDir, jobs: 1, evaluatorUrl });
    expect(again.resumed).toBe(4);
    expect(again.evaluated).toBe(12);
    expect(again.results.map((r) => r.point)).toEqual(spec.points);
    const lines = (await readFile(join(outDir, "results.jsonl"), "utf8")).trim().split("\n");
    expect(lines).toHaveLength(16);
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();

    const third = await runSweep({ spec, outDir, jobs: 1, evaluatorUrl });
    expect(third.evaluated).toBe(0);
    const fresh = await runSweep({ spec, outDir, jobs: 1, evaluatorUrl, fresh: true });
    expect(fresh.evaluated).toBe(16);
  });

  it("runs shards into separate files that merge into the unsharded result", async () => {
    const { dir, model } = await tempModel();
    const spec = parseSweepSpec({ model, ...grid });
    const whole = await runSweep({ spec, outDir: join(dir, "whole"), jobs: 1, evaluatorUrl });
    const shards: PointResult[][] = [];
    for (const s of ["1/3", "2/3", "3/3"]) {
      const run = await runSweep({ spec, outDir: join(dir, "shards"), jobs: 1, shard: parseShard(s), evaluatorUrl });
      expect(run.resultsPath).toMatch(/results\.shard-\d-of-3\.jsonl$/);
      shards.push(await readResults(run.resultsPath));
    }
    expect(shards.map((s) => s.length)).toEqual([6, 5, 5]);
    const merged = mergeResults(shards);
    const strip = (rs: readonly { key: string; totals: unknown }[]) => rs.map((r) => [r.key, r.totals]).sort();
    expect(strip(merged)).toEqual(strip(whole.results));
    expect(mergeResults([shards[0]!, shards[0]!])).toHaveLength(6);
    const conflicting = shards[0]!.map((r) => ({ ...r, totals: { ...r.totals, physicalCrossbars: -1 } }));
    expect(() => mergeResults([shards[0]!, conflicting])).toThrow(/shards disagree/);
  });

  it("gives the same results with two worker threads as with one job", async () => {
    const { dir, model } = await tempModel();
    const spec = parseSweepSpec({ model, ...grid });
    const one = await runSweep({ spec, outDir: join(dir, "one"), jobs: 1, evaluatorUrl });
    const two = await runSweep({ spec, outDir: join(dir, "two"), jobs: 2, evaluatorUrl });
    expect(two.evaluated).toBe(16);
    expect(two.results.map((r) => r.totals)).toEqual(one.results.map((r) => r.totals));
  });

  it("stops at the first failing point in a worker and keeps what finished", async () => {
    const { dir, model } = await tempModel();
    const spec = parseSweepSpec({ model, ...grid });
    process.env.FAKE_EVALUATOR_FAIL_AT_WINDOW = "4";
    await expect(runSweep({ spec, outDir: join(dir, "out"), jobs: 2, evaluatorUrl })).rejects.toThrow(/planned failure at window 4/);
    // Points run in batches of one configuration (both modes), in grid order, two at a time: the batches before
    // the first failing one (R = 32, S = 1..3) are all kept. Until the failure is known, the other worker goes on
    // taking batches in order (R = 64, S = 1, 2, 3; S = 4 fails too), each kept whole; nothing else.
    const stored = (await readResults(join(dir, "out", "results.jsonl"))).map((r) => `${r.point.rows}/${r.point.window}/${r.point.mode}`).sort();
    const batches = (rows: number, windows: number[]) => windows.flatMap((w) => [`${rows}/${w}/bitslice`, `${rows}/${w}/squeeze`]);
    const allowed = [0, 1, 2, 3].map((k) => [...batches(32, [1, 2, 3]), ...batches(64, [1, 2, 3].slice(0, k))].sort());
    expect(allowed).toContainEqual(stored);
  });
});
