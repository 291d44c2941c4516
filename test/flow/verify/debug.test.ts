/**
 * A broken design end to end: sme verify exits 1, replays the first mismatch into first-mismatch.fst with a
 * GTKWave save file, and the waves show the wrong value at the time the report names.
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { resolveFlowConfig } from "../../../src/flow/config.js";
import { generateDesign, writeDesign } from "../../../src/flow/generate/generate.js";
import { targetFromGenerated } from "../../../src/flow/verify/targets.js";
import { verifyTarget } from "../../../src/flow/verify/verify.js";
import { closeAllSimulations } from "../../../src/sim/index.js";
import { runSme, SMALL, SMALL_INPUT, tempDir } from "../helpers.js";
import { readFst, signedField } from "./vcd.js";

afterAll(closeAllSimulations);

interface ReplayJson {
  waves: string;
  saveFile: string;
  time: number;
  vectors: { first: number; last: number };
  reproduced: boolean;
  observed: number;
}

describe("the first mismatch, replayed with waves", () => {
  it("a crossbar constant flipped: exit 1, first-mismatch.fst and .gtkw, the wrong value on out_sum at the reported time", async () => {
    const dir = await tempDir("debug-broken");
    const out = join(dir, "d");
    expect((await runSme(["generate", ...SMALL, "--kind", "baked", "--out", out])).code).toBe(0);
    const manifest = JSON.parse(await readFile(join(out, "manifest.json"), "utf8")) as { files: string[]; top: string; outputWidth: number };
    // Flip one cell constant of the first baked crossbar that has one: the low bit of a column's cell mask.
    const names = (await import("node:fs/promises")).readdir(out);
    const crossbar = (await names).filter((n) => n.startsWith("sme_crossbar_baked")).sort()[0];
    const text = await readFile(join(out, crossbar), "utf8");
    const broken = text.replace(/(& \d+'d)(\d+);/, (_m, head: string, value: string) => `${head}${Number(value) ^ 1};`);
    expect(broken).not.toBe(text);
    await writeFile(join(out, crossbar), broken);

    const junit = join(dir, "results.xml");
    const r = await runSme(["verify", "--design", out, "--vectors", "60", "--json", "--junit", junit]);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout) as {
      mismatches: number;
      firstMismatch: { vector: number; column: number; expected: number; observed: number };
      replay: ReplayJson;
    };
    expect(s.mismatches).toBeGreaterThan(0);
    const m = s.firstMismatch;
    const replay = s.replay;
    expect(replay.waves).toBe(join(out, "verify", "first-mismatch.fst"));
    expect(replay.saveFile).toBe(join(out, "verify", "first-mismatch.gtkw"));
    expect(existsSync(replay.waves) && existsSync(replay.saveFile)).toBe(true);
    expect(replay.reproduced).toBe(true);
    expect(replay.vectors.last).toBe(m.vector);
    // The report names both files and the time of the failing output.
    expect(r.stderr).toContain(
      `first-mismatch.fst with GTKWave save file ${replay.saveFile}; the failing output is on out_sum at t = ${replay.time} (taken at the rising edge at t = ${replay.time + 4})`,
    );

    // The waves, read back: the failing column of out_sum holds the observed value at that time, a valid result.
    const waves = await readFst(replay.waves);
    const scope = `top.${manifest.top}`;
    const outSum = waves.valueAt(`${scope}.out_sum`, replay.time);
    expect(signedField(outSum, manifest.outputWidth, m.column)).toBe(m.observed);
    expect(m.observed).not.toBe(m.expected);
    expect(waves.valueAt(`${scope}.out_valid`, replay.time)).toBe(1n);
    expect(waves.valueAt(`${scope}.out_ready`, replay.time)).toBe(1n);
    // The rising edge 4 time units later takes it.
    expect(waves.valueAt(`${scope}.clk`, replay.time + 3)).toBe(0n);
    expect(waves.valueAt(`${scope}.clk`, replay.time + 4)).toBe(1n);

    // Every signal the save file shows exists in the waves (vectors under their name, ranges dropped).
    const save = await readFile(replay.saveFile, "utf8");
    expect(save).toContain(`[dumpfile] "${replay.waves}"`);
    const shown = save
      .split("\n")
      .filter((l) => l.startsWith("top.") || l.startsWith("#{"))
      .flatMap((l) =>
        l.startsWith("#{")
          ? l
              .split(" ")
              .slice(1)
              .map((b) => b.replace(/^\(\d+\)/, ""))
          : [l],
      )
      .map((n) => n.replace(/\[\d+:0\]$/, ""));
    expect(shown.length).toBeGreaterThan(10);
    for (const name of new Set(shown)) expect(waves.vars.has(name), name).toBe(true);
    expect(save).toContain(`${scope}.xbar_0_count_${m.column}[`);

    // The JUnit report fails the design's case with the same text, and is valid.
    const xml = await readFile(junit, "utf8");
    const schema = await readFile(join(import.meta.dirname, "..", "..", "cli", "fixtures", "JUnit.xsd"), "utf8");
    const check = await validateXML({ xml: [{ fileName: "results.xml", contents: xml }], schema: [schema] });
    expect(check.errors).toEqual([]);
    expect(xml).toMatch(/<failure message="[^"]*vectors differ from the golden model; first: vector \d+, column \d+[^"]*" type="mismatch">/);
    expect(xml).toContain("first-mismatch.gtkw");
  });

  it("replays a mismatch of a later shard and block from that shard's programming, with the vectors before it", async () => {
    const dir = await tempDir("debug-shard");
    const g = await generateDesign(resolveFlowConfig({ ...SMALL_INPUT, out: join(dir, "d") }));
    await writeDesign(g);
    // The golden model told wrong at vector 120: the hardware is right, so the replay gives its real output.
    const report = await verifyTarget(targetFromGenerated(g), {
      vectors: 100,
      jobs: 2,
      seed: 1,
      blockSize: 16,
      tamper: [{ vector: 120, column: 5, delta: 3 }],
      outDir: join(dir, "d", "verify"),
      replayVectors: 6,
    });
    expect(report.mismatches).toBe(1);
    const p = report.replay!;
    // Shards of 65: the second starts at 65 with a stalled block of 64, so vector 120 lies inside it.
    expect(p.vectors).toEqual({ first: 65, last: 120 });
    expect(p.reproduced).toBe(true);
    expect(p.observed).toBe(report.firstMismatch!.observed);
    const waves = await readFst(p.waves);
    const outSum = waves.valueAt(`top.${g.tile.name}.out_sum`, p.time);
    expect(signedField(outSum, g.tile.outputWidth, 5)).toBe(p.observed);
  });
});
