import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultJobs, FLOW_DEFAULTS, loadFlowConfig, MAX_JOBS, resolveFlowConfig } from "../../src/flow/config.js";
import { UserError } from "../../src/util/errors.js";
import { runSme, tempDir } from "./helpers.js";

describe("flow options", () => {
  it("applies the design.md §5 defaults", async () => {
    const c = await loadFlowConfig({});
    expect(c.params).toMatchObject({
      rows: 128,
      cols: 128,
      weightBits: 8,
      window: 3,
      actBits: 8,
      dacBits: 1,
      ouRows: 128,
      adcBits: 8,
      mode: "squeeze-min",
      squeeze: 2,
    });
    expect(c.kind).toBe("programmable");
    expect(c.scale).toBe("layer");
    expect(c.weights).toEqual({ kind: "synthetic", seed: FLOW_DEFAULTS.seed });
    expect(c.out).toBeUndefined();
    // As many simulators as fit the cores beside the host threads (one per two simulators), at most MAX_JOBS.
    expect(c.jobs).toBe(defaultJobs(availableParallelism()));
    expect([1, 2, 3, 4, 8, 16, 64].map((cores) => defaultJobs(cores))).toEqual([1, 1, 2, 2, 5, 10, MAX_JOBS]);
  });

  it("parses string flags as commander gives them", async () => {
    const c = await loadFlowConfig({
      rows: "64",
      weightBits: "6",
      mode: "remap",
      kind: "baked",
      seed: "9",
      tile: "1,2",
      weights: "w.npy",
      jobs: "2",
      json: true,
    });
    expect(c.params.rows).toBe(64);
    expect(c.params.weightBits).toBe(6);
    expect(c.params.mode).toBe("remap");
    expect(c.kind).toBe("baked");
    expect(c.seed).toBe(9);
    expect(c.jobs).toBe(2);
    expect(c.weights).toEqual({ kind: "file", file: "w.npy", tileRow: 1, tileCol: 2 });
  });

  it("reads JSON and YAML config files; flags win; paths are relative to the file", async () => {
    const dir = await tempDir("config");
    await writeFile(join(dir, "a.json"), JSON.stringify({ rows: 32, cols: 16, mode: "squeeze", squeeze: 3, weights: "w.npy", tile: [0, 1] }));
    await writeFile(join(dir, "b.yaml"), "rows: 32\nactBits: 6\nkind: baked\nout: designs/x\n");
    const a = await loadFlowConfig({ config: join(dir, "a.json"), cols: "8" });
    expect(a.params).toMatchObject({ rows: 32, cols: 8, mode: "squeeze", squeeze: 3 });
    expect(a.weights).toEqual({ kind: "file", file: join(dir, "w.npy"), tileRow: 0, tileCol: 1 });
    const b = await loadFlowConfig({ config: join(dir, "b.yaml") });
    expect(b.params.actBits).toBe(6);
    expect(b.kind).toBe("baked");
    expect(b.out).toBe(join(dir, "designs/x"));
    // --synthetic on the command line replaces a weights file named in the config.
    const c = await loadFlowConfig({ config: join(dir, "a.json"), synthetic: true });
    expect(c.weights.kind).toBe("synthetic");
  });

  it.each([
    [{ rows: 0 }, /rows \(R\) must be at least 1/],
    [{ mode: "sparse" }, /mode must be one of dense, bitslice, squeeze, squeeze-min, remap/],
    [{ kind: "fpga" }, /kind must be one of programmable, baked/],
    [{ scale: "tensor" }, /scale must be one of layer, channel, pow2/],
    [{ window: 9 }, /--window S = 9 is larger than --weight-bits N = 8; use 1 <= S <= N/],
    [{ ouRows: 48 }, /--ou-rows 48 does not divide --rows R = 128/],
    [{ mode: "squeeze", squeeze: 8 }, /squeeze D = 8 is out of range/],
    [{ tile: "1;2", weights: "w.npy" }, /tile must be "ROW,COL"/],
    [{ synthetic: true, weights: "w.npy" }, /choose one weights source/],
    [{ layer: "conv1" }, /give the file with --weights FILE/],
    [{ jobs: 0 }, /jobs must be at least 1/],
  ])("rejects %j", (input, message) => {
    expect(() => resolveFlowConfig(input)).toThrow(UserError);
    expect(() => resolveFlowConfig(input)).toThrow(message);
  });

  it("reads the budget's target in mode budget only, over the tile a design holds", async () => {
    const c = await loadFlowConfig({ mode: "budget", targetSqnr: "21.5" });
    expect(c.params.mode).toBe("budget");
    expect(c.budget).toEqual({ targetSqnrDb: 21.5, scope: "tile", minLayerSqnrDb: null, permuteRows: false });
    expect((await loadFlowConfig({ mode: "budget" })).budget?.targetSqnrDb).toBe(23);
    expect((await loadFlowConfig({ mode: "remap", targetSqnr: "20" })).budget).toBeNull();
    await expect(loadFlowConfig({ mode: "budget", targetSqnr: "loud" })).rejects.toThrow(/--target-sqnr must be a number of dB, got "loud"/);
    await expect(loadFlowConfig({ mode: "budget", targetSqnr: "500" })).rejects.toThrow(/--target-sqnr must be at most 200 dB, got 500/);
  });

  it("names the flag when a number flag is not a number", async () => {
    await expect(loadFlowConfig({ rows: "many" })).rejects.toThrow(/--rows must be a whole number, got "many"/);
    await expect(loadFlowConfig({ ouRows: "2.5" })).rejects.toThrow(/--ou-rows must be a whole number/);
  });

  it("rejects unknown keys in a config file, naming them and the nearest known key", async () => {
    const dir = await tempDir("config-bad");
    const file = join(dir, "bad.yaml");
    await writeFile(file, "rows: 16\nrow_count: 3\n");
    await expect(loadFlowConfig({ config: file })).rejects.toThrow(/config file .*bad\.yaml: unknown key "row_count" \(did you mean "rows"\?\)/);
  });

  it("explains a missing, unparsable or non-mapping config file", async () => {
    const dir = await tempDir("config-files");
    await expect(loadFlowConfig({ config: join(dir, "nope.yaml") })).rejects.toThrow(/config file .*nope\.yaml does not exist/);
    await writeFile(join(dir, "broken.json"), "{ rows: ");
    await expect(loadFlowConfig({ config: join(dir, "broken.json") })).rejects.toThrow(/is not valid JSON/);
    await writeFile(join(dir, "list.yaml"), "- 1\n- 2\n");
    await expect(loadFlowConfig({ config: join(dir, "list.yaml") })).rejects.toThrow(/must hold a mapping .* not a list/);
  });
});

describe("bad input on the command line: exit 2, one message, nothing written", () => {
  it.each([
    [["--rows", "0"], /^sme: --rows must be at least 1, got 0$/m],
    [["--weight-bits", "x"], /--weight-bits must be a whole number/],
    [["--weights", "/no/such/file.npy"], /does not exist/],
    [["--mode", "dense", "--window", "9"], /window S = 9 is larger/],
  ])("sme generate %j", async (args, message) => {
    const dir = await tempDir("cli-bad");
    const out = join(dir, "design");
    const r = await runSme(["generate", ...args, "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stdout).toBe("");
    expect(existsSync(out)).toBe(false);
  });

  it("sme verify --design names a folder that is not a design", async () => {
    const dir = await tempDir("cli-bad-design");
    await mkdir(join(dir, "empty"));
    const r = await runSme(["verify", "--design", join(dir, "empty")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/design manifest .*manifest\.json does not exist; is this a folder written by sme generate\?/);
  });

  it("sme verify --design refuses tile flags the manifest already fixes", async () => {
    const r = await runSme(["verify", "--design", "somewhere", "--rows", "8"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--design takes the parameters from the folder's manifest; drop --rows/);
  });
});
