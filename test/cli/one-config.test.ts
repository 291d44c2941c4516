import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encodeNpy } from "../../src/util/npy.js";
import { CONFIG_FILE_KEYS } from "../../src/params/index.js";
import { readConfigFile } from "../../src/params/config-file.js";
import { closeAllSimulations } from "../../src/sim/index.js";
import { runSme, tempDir } from "../flow/helpers.js";

afterAll(closeAllSimulations);

/**
 * Every key a config file may hold, with the small tile the Verilator tests share (its build is cached). Each
 * command reads its own keys and ignores the others.
 */
const EVERY_KEY = `# one file for analyze, generate, verify, demo, sweep and accuracy
rows: 8
cols: 8
weightBits: 4
window: 2
mode: squeeze-min
squeeze: 1
actBits: 4
dacBits: 1
ouRows: R
adcBits: lossless
scale: layer
targetSqnr: 23
budgetScope: model
minLayerSqnr: 15
kind: programmable
bus: bare
model: w.npy
weights: w.npy
layer: w
tile: "0,0"
synthetic: false
seed: 3
cost: sme
rtl: false
rtlBudgetS: 60
target: generic
device: hx8k
synthBudgetS: 60
maxPoints: 1000
vectors: 20
simTimeout: 60
jobs: 1
shard: 1/1
out: results
fresh: true
images: photos
models: face-models
backend: wasm
activations: quantized
mapAll: false
layerSqnr: true
saveActivations: traces
reportDir: accuracy-report
accuracy: false
shards: 2
emit: slurm
image: registry.example/sme:1
waves: false
replayVectors: 4
junit: verify-junit.xml
coverage: false
functionalCoverage: false
untilCovered: false
coverBudget: 1000
`;

/**
 * Keys that cannot sit in the same file as the rest: `shardCount` goes with `shard: auto` only (the shard then
 * comes from a scheduler's environment), and the whole-layer keys make `sme verify` a whole-layer run
 * (`allTiles`, `layers`, `allLayers`) or are refused without one; the AXI4-Stream beat widths go with
 * `bus: axis` only.
 */
const APART = ["shardCount", "axisActWidth", "axisSumWidth", "allTiles", "layers", "allLayers", "layerKinds", "layerActivations", "maxVectors"];

async function folderWithConfig(): Promise<{ dir: string; config: string }> {
  const dir = await tempDir("one-config");
  const w = Float32Array.from({ length: 8 * 8 }, (_, k) => Math.sin(k * 0.7) * (k % 5 === 0 ? 0 : 1));
  await writeFile(join(dir, "w.npy"), encodeNpy(w, [8, 8]));
  const config = join(dir, "all.yaml");
  await writeFile(config, EVERY_KEY);
  return { dir, config };
}

describe("one config file serves every command", () => {
  it("holds every key a config file may hold", async () => {
    const { config } = await folderWithConfig();
    expect(CONFIG_FILE_KEYS).toEqual(expect.arrayContaining(APART));
    expect(Object.keys(await readConfigFile(config)).sort()).toEqual(CONFIG_FILE_KEYS.filter((k) => !APART.includes(k)).sort());
  });

  it("is accepted by analyze, generate, verify, demo and sweep, each taking its own keys", async () => {
    const { dir, config } = await folderWithConfig();
    const out = join(dir, "results");

    const analyze = await runSme(["analyze", "--config", config, "--json"]);
    expect(analyze.stderr).toBe("");
    expect(analyze.code).toBe(0);
    const metrics = JSON.parse(analyze.stdout) as { params: object; layers: { name: string }[] };
    expect(metrics.params).toMatchObject({ rows: 8, cols: 8, weightBits: 4, window: 2, actBits: 4, ouRows: 8, mode: "squeeze-min", squeeze: 1 });
    expect(metrics.layers.map((l) => l.name)).toEqual(["w"]);

    const generate = await runSme(["generate", "--config", config, "--json"]);
    expect(generate.stderr).toBe("");
    expect(generate.code).toBe(0);
    const g = JSON.parse(generate.stdout) as { name: string; dir: string };
    expect(g.dir).toBe(out);
    expect(g.name).toMatch(/^squeeze-min1-8x8-n4s2a4-programmable-[0-9a-f]{8}$/);

    const verify = await runSme(["verify", "--config", config, "--json"]);
    expect(verify.code).toBe(0);
    const v = JSON.parse(verify.stdout) as { design: string; mismatches: number; vectors: { checked: number }; jobs: number };
    expect(v).toMatchObject({ design: g.name, mismatches: 0, jobs: 1, vectors: { checked: 5 + 20 + 5 } });
    // junit, a path in the file, is relative to the file's folder.
    expect(existsSync(join(dir, "verify-junit.xml"))).toBe(true);

    // The demo keeps its shipped layer (it does not read weights, layer or tile) and takes the rest.
    const demo = await runSme(["demo", "--config", config, "--json"]);
    expect(demo.code).toBe(0);
    expect(JSON.parse(demo.stdout)).toMatchObject({ design: { params: { rows: 8, cols: 8, weightBits: 4 } } });

    const sweep = await runSme(["sweep", "--config", config, "--json", "--no-progress"]);
    expect(sweep.stderr).toBe("");
    expect(sweep.code).toBe(0);
    const s = JSON.parse(sweep.stdout) as { resultsFile: string; points: number; results: { point: object }[] };
    expect(s.resultsFile).toBe(join(out, "results.shard-1-of-1.jsonl"));
    expect(s.points).toBe(1);
    expect(s.results[0]!.point).toMatchObject({ rows: 8, cols: 8, weightBits: 4, window: 2, mode: "squeeze-min", squeeze: 1, ouRows: 8, adcBits: "lossless" });
  });

  it("a flag wins over the file, and a misspelt key stops every command with the same message", async () => {
    const { dir, config } = await folderWithConfig();
    const r = await runSme(["analyze", "--config", config, "--rows", "4", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).params).toMatchObject({ rows: 4, cols: 8 });

    const typo = join(dir, "typo.yaml");
    await writeFile(typo, `${EVERY_KEY}weigthBits: 6\n`);
    for (const command of ["analyze", "generate", "verify", "demo", "sweep"]) {
      const bad = await runSme([command, "--config", typo]);
      expect(bad.code, command).toBe(2);
      expect(bad.stderr, command).toBe(`sme: config file ${typo}: unknown key "weigthBits" (did you mean "weightBits"?)\n`);
      expect(bad.stdout, command).toBe("");
    }
    expect(existsSync(join(dir, "results")), "the file's out folder").toBe(false);
  });
});
