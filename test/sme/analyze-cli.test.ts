import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { runSme } from "../flow/helpers.js";
import { npyBytes, removeTempDirs, tempDir, writeFiles } from "./loaders/fixtures.js";

/** `sme ARGS` in this process, stdout and stderr captured. */
const run = runSme;

describe("sme analyze", () => {
  afterAll(removeTempDirs);
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
    const v = Array.from({ length: 40 * 20 }, (_, k) => Math.sin(k * 0.37) * (k % 7 === 0 ? 0 : 1));
    await writeFiles(dir, { "w.npy": npyBytes("<f4", [40, 20], v), "cfg.yaml": "rows: 16\ncols: 8\nwindow: 2\nmode: squeeze\nsqueeze: 3\n" });
  });

  it("prints only JSON with --json, with the flags applied", async () => {
    const r = await run(["analyze", join(dir, "w.npy"), "--json", "--rows", "16", "--cols", "8", "--mode", "bitslice", "--scale", "channel"]);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.params).toMatchObject({ rows: 16, cols: 8, mode: "bitslice", weightBits: 8, window: 3, squeeze: 2 });
    expect(m.scale).toBe("channel");
    expect(m.layers).toHaveLength(1);
    expect(m.layers[0]).toMatchObject({ name: "w", fanIn: 40, fanOut: 20, tileRows: 3, tileCols: 3 });
    expect(m.total.modes.dense.crossbars).toBe(9 * 2 * 8);
    expect(m.total.modes.bitslice.crossbars).toBeLessThanOrEqual(m.total.modes.dense.crossbars);
  });

  it("reads a YAML config and lets flags win", async () => {
    const r = await run(["analyze", join(dir, "w.npy"), "--config", join(dir, "cfg.yaml"), "--squeeze", "1", "--csv"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0].split(",")).toContain("sqnrMappedDb");
    expect(lines).toHaveLength(3);
    const cols = lines[0].split(",");
    const total = lines[2].split(",");
    expect(total[cols.indexOf("layer")]).toBe("TOTAL");
    expect(total[cols.indexOf("mode")]).toBe("squeeze");
    expect(total[cols.indexOf("squeeze")]).toBe("1");
    expect(total[cols.indexOf("tiles")]).toBe(String(3 * 3));
  });

  it("prints per-layer and per-mode tables", async () => {
    const r = await run(["analyze", join(dir, "w.npy"), "--rows", "16", "--cols", "16"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/squeeze-min D=2/);
    expect(r.stdout).toMatch(/TOTAL/);
    expect(r.stdout).toMatch(/Non-empty bit-rows \(LSB b0 \.\. MSB b7\)/);
    expect(r.stderr).toMatch(/analyze: 1 layer\(s\) in/);
  });

  it.each([
    [["--ou-rows", "48"], /--ou-rows 48 does not divide --rows R = 128/],
    [["--rows", "abc"], /--rows must be a whole number, got "abc"/],
    [["--mode", "sparse"], /mode must be one of/],
    [["--scale", "tensor"], /--scale must be one of layer, channel, pow2/],
    [["--layer", "nope"], /has no kernel named nope/],
    [["--json", "--csv"], /choose one of --json and --csv/],
  ])("exits 2 with a clear message for %j", async (flags, msg) => {
    const r = await run(["analyze", join(dir, "w.npy"), ...flags]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(msg);
  });

  it("exits 2 for a missing model and a bad config file", async () => {
    expect((await run(["analyze", join(dir, "none.npy")])).code).toBe(2);
    await writeFiles(dir, { "bad.yaml": "rowz: 3\n" });
    const r = await run(["analyze", join(dir, "w.npy"), "--config", join(dir, "bad.yaml")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml: unknown key "rowz" \(did you mean "rows"\?\)/);
  });

  it("--mode budget plans the budget over the model, each layer or each tile, and reports what it reached", async () => {
    const r = await run(["analyze", join(dir, "w.npy"), "--json", "--rows", "16", "--cols", "8", "--mode", "budget", "--target-sqnr", "15"]);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.budget.params).toEqual({ targetSqnrDb: 15, scope: "model", minLayerSqnrDb: null, permuteRows: false });
    expect(m.total.modes.budget.crossbars).toBe(m.budget.total.crossbars);
    expect(m.layers[0].modes.budget.crossbars).toBe(m.budget.total.crossbars);
    expect(m.budget.total.sqnrMappedDb).toBeGreaterThanOrEqual(15);
    expect(m.budget.lowerBound).toBeLessThanOrEqual(m.budget.total.crossbars);
    expect(m.budget.total.crossbars).toBeLessThan(m.total.modes.remap.crossbars);
    expect(m.budget.depthHistogram.reduce((a: number, b: number) => a + b, 0)).toBeGreaterThan(0);
    const tiles = await run([
      "analyze",
      join(dir, "w.npy"),
      "--rows",
      "16",
      "--cols",
      "8",
      "--mode",
      "budget",
      "--budget-scope",
      "tile",
      "--target-sqnr",
      "18",
    ]);
    expect(tiles.code).toBe(0);
    expect(tiles.stdout).toMatch(/budget 18 dB\/tile/);
    expect(tiles.stdout).toMatch(
      /Budget mapping, target 18 dB over each tile:\n {2}crossbars \d+ \([\d.]+x fewer than dense 144\), SQNR [\d.]+ dB, worst layer [\d.]+ dB \(w\)\n {2}lower bound \d+ crossbars/,
    );
    expect(tiles.stdout).toMatch(/groups per depth D = 0\.\.7: (\d+ ){7}\d+; largest shift \d, \d+ input cycles; targets not reachable: /);
    const bad = await run(["analyze", join(dir, "w.npy"), "--mode", "budget", "--budget-scope", "chip"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--budget-scope must be one of model, layer, tile, got "chip"/);
    // Without --mode budget the budget is not planned: its row says how to get it.
    const other = await run(["analyze", join(dir, "w.npy"), "--rows", "16", "--cols", "8", "--mode", "remap"]);
    expect(other.stdout).toMatch(/budget \(n\/a: planned with --mode budget\)/);
  });
});
