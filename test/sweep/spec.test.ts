import { describe, expect, it } from "vitest";
import { pointKey } from "../../src/sweep/params.js";
import { parseSweepSpec } from "../../src/sweep/spec.js";
import { UserError } from "../../src/util/errors.js";
import { tempModel } from "./helpers.js";

const { model } = await tempModel();

describe("parseSweepSpec", () => {
  it("expands a grid in a fixed order with defaults, D only on squeeze modes and ouRows following R", () => {
    const spec = parseSweepSpec({ model, rows: "64,128", mode: "dense,squeeze", squeeze: "1..2" });
    expect(spec.points.map((p) => `${p.rows}/${p.mode}/${p.squeeze}/${p.ouRows}`)).toEqual([
      "64/dense/0/64",
      "64/squeeze/1/64",
      "64/squeeze/2/64",
      "128/dense/0/128",
      "128/squeeze/1/128",
      "128/squeeze/2/128",
    ]);
    const p = spec.points[0]!;
    expect([p.cols, p.weightBits, p.window, p.actBits, p.dacBits, p.adcBits, p.scale]).toEqual([128, 8, 3, 8, 1, "lossless", "layer"]);
    expect(spec.cost).toBe("sme");
    expect(spec.rtl).toBe(false);
  });

  it("accepts config-file lists and numbers, and explicit ouRows and adcBits", () => {
    const spec = parseSweepSpec({ model, rows: [32, 64], ouRows: [16, 32], adcBits: ["lossless", 4], mode: ["remap"] }, "c.yaml");
    expect(spec.points).toHaveLength(8);
    expect(spec.points.map((p) => p.ouRows)).toContain(16);
    expect(spec.points.map((p) => p.adcBits)).toContain(4);
  });

  it("rejects bad specs before any work with a message that names the problem", () => {
    const bad = (raw: Record<string, unknown>, re: RegExp) => {
      expect(() => parseSweepSpec({ model, ...raw }, "cfg.yaml")).toThrow(UserError);
      expect(() => parseSweepSpec({ model, ...raw }, "cfg.yaml")).toThrow(re);
    };
    bad({ colour: 3 }, /^cfg\.yaml: unknown key "colour" \(did you mean "cols"\?\)$/);
    bad({ window: "5..3" }, /window \(S\): range "5\.\.3" is empty/);
    bad({ weightBits: 4, window: "1..5" }, /--window S = 5 is larger than --weight-bits N = 4; use 1 <= S <= N \(at sweep point .*window=5/);
    bad({ rows: "64,96", ouRows: 64 }, /--ou-rows 64 does not divide --rows R = 96/);
    bad({ mode: "sparse" }, /mode must be one of dense, bitslice, squeeze, squeeze-min, remap, budget, got "sparse"/);
    bad({ mode: "squeeze", squeeze: 8 }, /--squeeze D = 8 is out of range for --mode squeeze with --weight-bits N = 8/);
    bad({ rows: 0 }, /rows \(R\) must be at least 1, got 0/);
    expect(() => parseSweepSpec({ model: "/no/such/model.json" })).toThrow(/model file "\/no\/such\/model\.json" does not exist/);
    expect(() => parseSweepSpec({})).toThrow(/no model given/);
  });

  it("gives budget points their target, scope and floor, and the other modes none (their keys stay as they were)", () => {
    const spec = parseSweepSpec({ model, mode: "remap,budget", targetSqnr: "20,23.5", budgetScope: "model,layer", minLayerSqnr: 12 });
    expect(spec.points.map((p) => [p.mode, p.targetSqnr, p.budgetScope, p.minLayerSqnr])).toEqual([
      ["remap", null, null, null],
      ["budget", 20, "model", 12],
      ["budget", 20, "layer", 12],
      ["budget", 23.5, "model", 12],
      ["budget", 23.5, "layer", 12],
    ]);
    expect(pointKey(spec.points[0]!)).toBe(
      "rows=128,cols=128,weightBits=8,window=3,mode=remap,squeeze=0,actBits=8,dacBits=1,ouRows=128,adcBits=lossless,scale=layer",
    );
    expect(pointKey(spec.points[2]!)).toMatch(/mode=budget,squeeze=0,.*scale=layer,targetSqnr=20,budgetScope=layer,minLayerSqnr=12$/);
    expect(parseSweepSpec({ model, mode: "budget" }).points.map((p) => [p.targetSqnr, p.budgetScope, p.minLayerSqnr])).toEqual([[23, "model", null]]);
    expect(() => parseSweepSpec({ model, mode: "budget", targetSqnr: "loud" })).toThrow(/targetSqnr must be a number of dB, got "loud"/);
    expect(() => parseSweepSpec({ model, mode: "budget", budgetScope: "chip" })).toThrow(/budgetScope must be one of model, layer, tile, got "chip"/);
  });

  it("knows the face-api models by short names", () => {
    expect(parseSweepSpec({ model: "resnet" }).model).toMatch(/face_recognition_model-weights_manifest\.json$/);
    expect(parseSweepSpec({ model: "mobilenet" }).model).toMatch(/ssd_mobilenetv1_model-weights_manifest\.json$/);
  });
});

describe("points follow the rules of one tile", () => {
  it("fill defaults as makeTileParams does (window = min(3, N)) and keep the stored point key", () => {
    const spec = parseSweepSpec({ model, weightBits: "2,8", mode: "remap" });
    expect(spec.points.map((p) => [p.weightBits, p.window])).toEqual([
      [2, 2],
      [8, 3],
    ]);
    expect(pointKey(spec.points[1]!)).toBe(
      "rows=128,cols=128,weightBits=8,window=3,mode=remap,squeeze=0,actBits=8,dacBits=1,ouRows=128,adcBits=lossless,scale=layer",
    );
  });

  it("name the flags and the point that breaks a rule", () => {
    expect(() => parseSweepSpec({ model, weightBits: "1,4", window: 1 }, "c.yaml")).toThrow(
      /^--mode squeeze-min squeezes D = 1\.\.N-1 bits and needs --weight-bits N >= 2; with N = 1 use --mode dense, bitslice or remap \(at sweep point rows=128,cols=128,weightBits=1,window=1,mode=squeeze-min,squeeze=2,/,
    );
  });
});

describe("square tiles", () => {
  it("ties cols to rows with cols R", () => {
    const spec = parseSweepSpec({ model, rows: "32..256*2", cols: "R", mode: "dense" });
    expect(spec.points.map((p) => [p.rows, p.cols])).toEqual([
      [32, 32],
      [64, 64],
      [128, 128],
      [256, 256],
    ]);
  });
});

describe("paper figure grids", () => {
  it("are valid sweeps of both face-api models with the documented point counts", async () => {
    const { paperFigures, paperModels } = await import("../../src/sweep/figures-preset.js");
    for (const m of paperModels) {
      expect(paperFigures.map((f) => parseSweepSpec({ ...f.grid, model: m }).points.length)).toEqual([5, 32, 20, 26]);
    }
  });
});
