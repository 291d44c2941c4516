import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_LAYER } from "../../../src/flow/demo/demo-layer.js";
import { encodeNpy } from "../../../src/util/npy.js";
import { closeAllSimulations } from "../../../src/sim/index.js";
import { findLayer, loadModel } from "../../../src/sme/index.js";
import { runSme, tempDir } from "../helpers.js";

afterAll(closeAllSimulations);

describe("sme demo", () => {
  it("ships the demo layer: the first 128 x 128 tile of a face-api ResNet conv kernel, byte for byte", async () => {
    const shipped = await loadModel(DEMO_LAYER.file);
    expect(shipped.layers).toHaveLength(1);
    expect(shipped.layers[0]).toMatchObject({ rows: 128, cols: 128 });
    const source = findLayer(await loadModel(join("node_modules", DEMO_LAYER.sourcePackage, DEMO_LAYER.sourceManifest)), DEMO_LAYER.sourceTensor);
    expect(source.shape).toEqual([...DEMO_LAYER.sourceShape]);
    const slice = new Float32Array(128 * 128);
    for (let i = 0; i < 128; i++) for (let j = 0; j < 128; j++) slice[i * 128 + j] = source.data[i * source.cols + j];
    expect(Buffer.from(encodeNpy(slice, [128, 128])).equals(await readFile(DEMO_LAYER.file))).toBe(true);
  });

  it("runs end to end on a reduced tile of the real layer and reports every mode (exit 0)", async () => {
    const out = join(await tempDir("demo"), "d");
    const r = await runSme(["demo", "--rows", "16", "--cols", "16", "--vectors", "200", "--out", out, "--json"]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as {
      design: { params: { rows: number; mode: string; squeeze: number }; weights: string; crossbars: number };
      modes: { mode: string; crossbars: number; ratioToDense: number }[];
      verify: { mismatches: number; vectors: { checked: number }; vectorsPerSecond: number; buildMs: number };
    };
    expect(s.design.params).toMatchObject({ rows: 16, mode: "squeeze-min", squeeze: 2 });
    expect(s.design.weights).toContain("facerec-conv128_1-conv1-tile0");
    expect(s.modes.map((m) => m.mode)).toEqual(["dense", "bitslice", "squeeze", "squeeze-min", "remap", "budget"]);
    const dense = s.modes[0];
    expect(dense.crossbars).toBe(16); // N crossbars per sign
    for (const m of s.modes) expect(m.ratioToDense).toBeCloseTo(m.crossbars / dense.crossbars, 4);
    expect(s.modes.find((m) => m.mode === "squeeze-min")!.crossbars).toBe(s.design.crossbars);
    expect(s.verify.mismatches).toBe(0);
    expect(s.verify.vectors.checked).toBe(5 + 200 + 50);
    expect(existsSync(join(out, "manifest.json"))).toBe(true);
  });
});
