import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { listFiles } from "../../../src/util/output-folder.js";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { resolveFlowConfig } from "../../../src/flow/config.js";
import { DEMO_LAYER } from "../../../src/flow/demo/demo-layer.js";
import { generateDesign, writeDesign } from "../../../src/flow/generate/generate.js";
import { type DesignManifest, parseManifest } from "../../../src/flow/generate/manifest.js";
import { applyProgramImage, outputWidth, type ProgramImageJson, programImageFromJson } from "../../../src/sme/index.js";
import { runSme, SMALL, SMALL_INPUT, tempDir } from "../helpers.js";

async function readFolder(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of listFiles(dir).sort()) files.set(name, await readFile(join(dir, name), "utf8"));
  return files;
}

describe("sme generate", () => {
  it("writes byte-identical folders for the same inputs (also from another process), and a different name for other weights", async () => {
    const dir = await tempDir("determinism");
    const a = await runSme(["generate", ...SMALL, "--out", join(dir, "a"), "--json"]);
    expect(a.code).toBe(0);
    // A separate process elaborates everything afresh (no module caches shared with this one).
    const b = await execa("npx", ["tsx", "src/cli/main.ts", "generate", ...SMALL, "--out", join(dir, "b"), "--json"], { reject: false });
    expect(b.exitCode).toBe(0);
    expect(JSON.parse(b.stdout).name).toBe(JSON.parse(a.stdout).name);
    const fa = await readFolder(join(dir, "a"));
    const fb = await readFolder(join(dir, "b"));
    expect([...fa.keys()]).toEqual([...fb.keys()]);
    for (const [name, text] of fa) expect(fb.get(name), name).toBe(text);
    const other = await generateDesign(resolveFlowConfig({ ...SMALL_INPUT, seed: 2 }));
    expect(other.name).not.toBe(JSON.parse(a.stdout).name);
  });

  it("--json prints only the JSON summary on stdout", async () => {
    const dir = await tempDir("json");
    const r = await runSme(["generate", ...SMALL, "--mode", "remap", "--kind", "baked", "--out", join(dir, "d"), "--json"]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { name: string; dir: string; files: string[]; mode: string; kind: string };
    expect(s.mode).toBe("remap");
    expect(s.kind).toBe("baked");
    expect(s.dir).toBe(join(dir, "d"));
    expect(s.files).toContain("manifest.json");
    expect(s.files).toContain("baked-image.json");
    expect(s.files).not.toContain("program.hex");
    expect(s.name).toMatch(/^remap-8x8-n4s2a4-baked-[0-9a-f]{8}$/);
  });

  it("takes a YAML config (weights relative to it) and lets flags override it", async () => {
    const dir = await tempDir("yaml");
    await copyFile(DEMO_LAYER.file, join(dir, "layer.npy"));
    await writeFile(
      join(dir, "tile.yaml"),
      "rows: 8\ncols: 8\nweightBits: 4\nwindow: 2\nactBits: 4\nmode: remap\nkind: baked\nweights: layer.npy\ntile: [1, 2]\nout: design\n",
    );
    const r = await runSme(["generate", "--config", join(dir, "tile.yaml"), "--mode", "bitslice", "--json"]);
    expect(r.code).toBe(0);
    const m = JSON.parse(await readFile(join(dir, "design", "manifest.json"), "utf8")) as DesignManifest;
    expect(m.params).toMatchObject({ rows: 8, cols: 8, weightBits: 4, window: 2, actBits: 4, mode: "bitslice" });
    expect(m.kind).toBe("baked");
    expect(m.weights.source).toMatchObject({ kind: "file", file: "layer.npy", tileRow: 1, tileCol: 2 });
  });

  it("prints a readable summary without --json", async () => {
    const dir = await tempDir("text");
    const r = await runSme(["generate", ...SMALL, "--out", join(dir, "d")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^design\s+squeeze-min1-8x8-n4s2a4-programmable-[0-9a-f]{8}$/m);
    expect(r.stdout).toMatch(/^folder\s+.*\/d$/m);
    expect(r.stdout).toMatch(/^crossbars\s+\d+ used of K = 6 slots \(dense: 8\)$/m);
    expect(r.stdout).toMatch(/^weight SQNR\s+[\d.]+ dB quantized, [\d.]+ dB mapped$/m);
    expect(r.stdout).toMatch(/^files\s+.*README\.md, manifest\.json$/m);
  });

  it("writes a manifest with parameters, crossbars, ports, timing, programming layout and files", async () => {
    const dir = await tempDir("manifest");
    const g = await generateDesign(resolveFlowConfig({ ...SMALL_INPUT, out: join(dir, "d") }));
    await writeDesign(g);
    const raw = JSON.parse(await readFile(join(dir, "d", "manifest.json"), "utf8")) as DesignManifest;
    parseManifest(raw, "manifest.json");
    expect(raw.format).toBe("sme-design/1");
    expect(raw.params).toEqual(g.config.params);
    expect(raw.kind).toBe("programmable");
    expect(raw.generator).toEqual({ name: "sme-rtl", version: expect.any(String) });
    expect(raw.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(raw.name.endsWith(raw.inputsHash.slice(0, 8))).toBe(true);
    // Ports exactly as design.md §4, with the widths of this tile.
    const widths = Object.fromEntries(raw.ports.map((p) => [p.name, p.width]));
    const OW = outputWidth(g.config.params);
    expect(widths).toEqual({
      clk: 1,
      rst: 1,
      in_valid: 1,
      in_ready: 1,
      in_act: 8 * 4,
      out_valid: 1,
      out_ready: 1,
      out_sum: 8 * OW,
      prog_valid: 1,
      prog_ready: 1,
      prog_target: 2,
      prog_xbar: raw.programming!.xbarWidth,
      prog_row: 3,
      prog_data: raw.programming!.PW,
      prog_error: 1,
    });
    expect(raw.outputWidth).toBe(4 + 4 + 3 + 1);
    // Crossbars: the plan's, in slot order.
    expect(raw.crossbars.map((c) => [c.sign, c.base])).toEqual(g.plan.crossbars.map((x) => [x.sign === 1 ? "+" : "-", x.base]));
    expect(raw.slots).toBe(2 * (4 - 1));
    // One OU group (ouRows = R = 8); a digit per activation bit plus one per shift step (A + D = 4 + 1, DAC 1 bit).
    expect(raw.timing).toEqual({ digits: 5, ouGroups: 1, cyclesPerVector: 5, latency: 5, interval: 5 });
    // Programming layout: every field position; squeeze-min stores the shift, fixes valid and src.
    const L = raw.programming!;
    expect(L.rowMapScope).toBe("per-sign");
    expect(L.target1.map((f) => [f.name, f.offset, f.width, f.stored])).toEqual([
      ["shift", 0, 1, true],
      ["src", 1, 3, false],
      ["valid", 4, 1, false],
    ]);
    expect(L.target2.map((f) => f.name)).toEqual(["base", "sign", "enable"]);
    expect(L.transfers).toBe(g.image.transfers.length);
    // Files: every file of the folder is listed, and every .v is a module of the design.
    const onDisk = listFiles(join(dir, "d")).sort();
    expect(raw.files.map((f) => f.name).sort()).toEqual(onDisk);
    for (const f of raw.files.filter((f) => f.name.endsWith(".v"))) expect(await readFile(join(dir, "d", f.name), "utf8")).toMatch(/\bmodule\b/);
    // The programming image loads exactly the mapped weights.
    const image = programImageFromJson(JSON.parse(await readFile(join(dir, "d", "program.json"), "utf8")) as ProgramImageJson);
    expect(Array.from(applyProgramImage(image).mappedCodes)).toEqual(Array.from(g.plan.mappedCodes));
    const hex = (await readFile(join(dir, "d", "program.hex"), "utf8")).split("\n").filter((l) => l && !l.startsWith("//"));
    expect(hex).toHaveLength(image.transfers.length);
  });

  it("writes an integrator README with the port table, handshake timing, programming sequence and $readmemh", async () => {
    const dir = await tempDir("readme");
    const g = await generateDesign(resolveFlowConfig({ ...SMALL_INPUT, out: join(dir, "d") }));
    const readme = g.files.get("README.md")!;
    expect(readme).toContain(`# ${g.name}`);
    expect(readme).toMatch(/\| `in_act` \| input \| 32 \| x\[i\] at bits \[i\*4 \+: 4\]/);
    expect(readme).toMatch(/\| `prog_data` \| input \| \d+ \|/);
    expect(readme).toContain("## Handshake timing");
    expect(readme).toContain("## Programming sequence");
    expect(readme).toContain('$readmemh("program.hex", prog_mem);');
    expect(readme).toMatch(/\| 1 row map \| shift \| \[0:0\] \| yes \|/);
    expect(readme).toContain(`npx sme verify --design`);
    expect(readme).not.toMatch(/\{\{|\}\}/);
    const baked = await generateDesign(resolveFlowConfig({ ...SMALL_INPUT, kind: "baked" }));
    expect(baked.files.get("README.md")).toContain("## Baked weights");
    expect(baked.files.get("README.md")).not.toContain("prog_valid");
  });

  it("maps a layer of a real model file, and names the kernels when --layer is wrong", async () => {
    const manifest = "node_modules/@vladmandic/face-api/model/face_recognition_model-weights_manifest.json";
    const g = await generateDesign(resolveFlowConfig({ ...SMALL_INPUT, weights: manifest, layer: "conv128_1/conv1/conv/filters", tile: "2,3" }));
    expect(g.weights.description).toContain("conv128_1/conv1/conv/filters [3, 3, 128, 128], tile 2,3");
    expect(g.manifest.weights.source).toMatchObject({ kind: "file", layer: "conv128_1/conv1/conv/filters", tileRow: 2, tileCol: 3 });
    const bad = await runSme(["generate", ...SMALL, "--weights", manifest, "--layer", "conv9"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/has no kernel named conv9; kernels: conv32_down\/conv\/filters, conv32_1\/conv1\/conv\/filters/);
    const many = await runSme(["generate", ...SMALL, "--weights", manifest]);
    expect(many.code).toBe(2);
    expect(many.stderr).toMatch(/holds \d+ kernels; pick one with --layer NAME/);
    const far = await runSme(["generate", ...SMALL, "--weights", manifest, "--layer", "conv128_1/conv1/conv/filters", "--tile", "0,99"]);
    expect(far.code).toBe(2);
    expect(far.stderr).toMatch(/--tile 0,99 is outside kernel .* use ROW 0\.\.143, COL 0\.\.15/);
  });

  it("replaces its own design folder atomically but refuses to replace anything else", async () => {
    const dir = await tempDir("atomic");
    const out = join(dir, "d");
    expect((await runSme(["generate", ...SMALL, "--out", out])).code).toBe(0);
    expect((await runSme(["generate", ...SMALL, "--mode", "dense", "--out", out])).code).toBe(0);
    expect(JSON.parse(await readFile(join(out, "manifest.json"), "utf8")).mode).toBe("dense");
    expect((await readdir(dir)).sort()).toEqual(["d"]); // no temporary or old folders left
    const precious = join(dir, "precious");
    await mkdir(precious);
    await writeFile(join(precious, "notes.txt"), "keep me");
    const r = await runSme(["generate", ...SMALL, "--out", precious]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `sme: design folder ${precious} is not a folder sme wrote (it holds notes.txt); choose a new or empty folder: sme never deletes or overwrites files it did not write\n`,
    );
    expect(await readFile(join(precious, "notes.txt"), "utf8")).toBe("keep me");
    expect(existsSync(join(precious, "manifest.json"))).toBe(false);
  });

  it("maps a budget tile at its target over the tile: the name carries the target, the manifest the depths and the SQNR reached", async () => {
    const input = { ...SMALL_INPUT, rows: 16, cols: 16, weightBits: 8, window: 3, mode: "budget", weights: DEMO_LAYER.file, tile: "1,2" };
    const a = await generateDesign(resolveFlowConfig({ ...input, targetSqnr: 18 }));
    const b = await generateDesign(resolveFlowConfig({ ...input, targetSqnr: 24 }));
    expect(a.name).toMatch(/^budget18-16x16-n8s3a4-programmable-[0-9a-f]{8}$/);
    expect(b.name).toMatch(/^budget24-16x16-/);
    for (const [g, target] of [
      [a, 18],
      [b, 24],
    ] as const) {
      const m = g.manifest;
      expect(m.mode).toBe("budget");
      expect(g.plan.mode).toBe("budget");
      expect(m.top).toBe("sme_tile_budget_r16c16n8a4dac1ou16adc5_prog");
      expect(m.budget).toMatchObject({ targetSqnrDb: target, scope: "tile", targetMet: true });
      expect(m.budget!.sqnrDb!).toBeGreaterThanOrEqual(target);
      expect(m.budget!.sqnrDb!).toBeCloseTo(m.weights.sqnrMappedDb!, 9);
      // The remap tile's shape: 2N slots and the digits of a shift of N-1.
      expect([m.slots, m.timing.digits]).toEqual([16, 4 + 7]);
      expect(m.programming?.rowMapScope).toBe("per-crossbar");
      expect(g.files.get("README.md")).toContain(`mode \`budget ${target} dB/tile\``);
    }
    // A lower target squeezes deeper: fewer crossbars, more dropped cells.
    expect(a.plan.crossbars.length).toBeLessThan(b.plan.crossbars.length);
    expect(a.manifest.budget!.depths.reduce((x, y) => x + y)).toBeGreaterThan(b.manifest.budget!.depths.reduce((x, y) => x + y));
    // The target is part of the inputs only in mode budget: the other modes keep their names.
    const remap = await generateDesign(resolveFlowConfig({ ...input, mode: "remap", targetSqnr: 18 }));
    expect(remap.name).toBe((await generateDesign(resolveFlowConfig({ ...input, mode: "remap" }))).name);
    expect(remap.manifest.budget).toBeUndefined();
  });
});
