import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveFlowConfig } from "../../../src/flow/config.js";
import { loadDesignFolder } from "../../../src/flow/generate/design-folder.js";
import { generateDesign, writeDesign } from "../../../src/flow/generate/generate.js";
import { targetFromFolder, targetFromGenerated } from "../../../src/flow/verify/targets.js";
import { assertNoMismatch, verifyTarget } from "../../../src/flow/verify/verify.js";
import { closeAllSimulations } from "../../../src/sim/index.js";
import { MismatchError } from "../../../src/util/errors.js";
import { DEMO_LAYER } from "../../../src/flow/demo/demo-layer.js";
import { runSme, SMALL, SMALL_INPUT, tempDir } from "../helpers.js";

afterAll(closeAllSimulations);

interface VerifyJson {
  design: string;
  lint: string;
  programTransfers: number;
  programCycles: number;
  vectors: { checked: number; corner: number; random: number; layerLike: number };
  mismatches: number;
  firstMismatch: { vector: number; column: number; expected: number; observed: number; input: number[] } | null;
  streamMs: number;
  compareMs: number;
  checkMs: number;
  vectorsPerSecond: number;
  checkedPerSecond: number;
  jobs: number;
  editedFiles?: string[];
}

/** `count / ms` per second as the summary rounds it, for a time the summary gives rounded to whole milliseconds. */
function expectRate(rate: number, count: number, ms: number): void {
  expect(rate).toBeGreaterThanOrEqual(Math.floor((count * 1000) / (ms + 0.5)));
  expect(rate).toBeLessThanOrEqual(Math.ceil((count * 1000) / Math.max(ms - 0.5, 1e-3)));
}

describe("sme verify (Verilator)", () => {
  it("generates, lints, builds, programs and checks a small programmable design bit-exactly (exit 0)", async () => {
    const dir = await tempDir("verify");
    const started = performance.now();
    const r = await runSme(["verify", ...SMALL, "--vectors", "400", "--out", join(dir, "d"), "--json"]);
    const wallMs = performance.now() - started;
    expect(r.stderr).not.toMatch(/sme: .*error/i);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as VerifyJson;
    expect(s.lint).toBe("clean");
    expect(s.mismatches).toBe(0);
    expect(s.firstMismatch).toBeNull();
    expect(s.vectors).toEqual({ checked: 5 + 400 + 100, corner: 5, random: 400, layerLike: 100 });
    // The speeds are the counts over the times reported beside them, and the times fit in the run.
    expectRate(s.vectorsPerSecond, 505, s.streamMs);
    expectRate(s.checkedPerSecond, 505, s.checkMs);
    expect(Math.abs(s.checkMs - (s.streamMs + s.compareMs))).toBeLessThanOrEqual(1);
    expect(s.checkMs).toBeLessThanOrEqual(wallMs);
    // The folder it verified is a complete design; every line of program.hex was one programming transfer.
    expect(await readdir(join(dir, "d"))).toContain("program.hex");
    const transfers = (await readFile(join(dir, "d", "program.hex"), "utf8")).split("\n").filter((l) => l && !l.startsWith("//"));
    expect(s.programTransfers).toBe(transfers.length);
    expect(s.programCycles).toBe(transfers.length); // one transfer per cycle: the tile is idle while it is programmed

    // The same folder again through --design, sharded over two simulators, human-readable output.
    const again = await runSme(["verify", "--design", join(dir, "d"), "--vectors", "300", "--jobs", "2", "--seed", "5"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/vectors checked\s+380 \(5 corner, 300 random, 75 layer-like\)/);
    expect(again.stdout).toMatch(/mismatches\s+0/);
    expect(again.stdout).toMatch(/vectors\/s simulated on 2 simulator\(s\)/);
  });

  it("checks a baked design in a squeeze mode with a saturating ADC and 2-bit DAC digits", async () => {
    const dir = await tempDir("verify-baked");
    const g = await generateDesign(
      resolveFlowConfig({ ...SMALL_INPUT, mode: "squeeze", kind: "baked", dacBits: 2, ouRows: 4, adcBits: 3, out: join(dir, "d") }),
    );
    await writeDesign(g);
    const report = await verifyTarget(targetFromGenerated(g), { vectors: 300, jobs: 1, seed: 3 });
    expect(report.mismatches).toBe(0);
    expect(report.vectors.checked).toBe(5 + 300 + 75);
    // Read back from the folder, the golden model runs the baked image and agrees too.
    const folder = await loadDesignFolder(join(dir, "d"));
    expect(Array.from(folder.plan.mappedCodes)).toEqual(Array.from(g.plan.mappedCodes));
    expect((await verifyTarget(targetFromFolder(folder), { vectors: 50, jobs: 1, seed: 4 })).mismatches).toBe(0);
  });

  it("reports the first differing vector when the expectation is wrong (MismatchError, exit status 1)", async () => {
    const g = await generateDesign(resolveFlowConfig({ ...SMALL_INPUT, out: join(await tempDir("verify-tamper"), "d") }));
    await writeDesign(g);
    const report = await verifyTarget(targetFromGenerated(g), {
      vectors: 100,
      jobs: 1,
      seed: 1,
      tamper: [{ vector: 42, column: 3, delta: 1 }],
    });
    expect(report.mismatches).toBe(1);
    expect(report.firstMismatch).toMatchObject({ vector: 42, column: 3, columns: [3] });
    expect(report.firstMismatch!.observed).toBe(report.firstMismatch!.expected - 1);
    expect(() => assertNoMismatch(report)).toThrow(MismatchError);
    expect(() => assertNoMismatch(report)).toThrow(
      /1 of 130 vectors differ from the golden model; first: vector 42, column 3: expected -?\d+, observed -?\d+ .*input x = \[/,
    );
  });

  it("reports the globally first mismatch and counts every one when the vectors are sharded over threads", async () => {
    const g = await generateDesign(resolveFlowConfig({ ...SMALL_INPUT, out: join(await tempDir("verify-tamper-shards"), "d") }));
    await writeDesign(g);
    // 3 simulators over 130 vectors: shards of 44, 44 and 42; the third runs in a worker thread.
    const report = await verifyTarget(targetFromGenerated(g), {
      vectors: 100,
      jobs: 3,
      seed: 1,
      blockSize: 16,
      tamper: [
        { vector: 120, column: 0, delta: -2 },
        { vector: 50, column: 7, delta: 1 },
        { vector: 50, column: 2, delta: 5 },
        { vector: 90, column: 1, delta: 1 },
      ],
    });
    expect(report.jobs).toBe(3);
    expect(report.threads).toBe(2);
    expect(report.vectors.checked).toBe(130);
    expect(report.mismatches).toBe(3);
    expect(report.firstMismatch).toMatchObject({ vector: 50, column: 2, columns: [2, 7] });
    expect(report.firstMismatch!.observed).toBe(report.firstMismatch!.expected - 5);
    // Host time is summed over the two threads; each thread's share fits in the time the checking took.
    expect(report.hostMs).toBeGreaterThan(0);
    expect(report.hostMs).toBeLessThanOrEqual(report.threads * report.checkMs);
    expect(report.checkedPerSecond).toBeCloseTo(130 / (report.checkMs / 1000), 6);
  });

  it("exits 1 with the mismatch report when the design is corrupted", async () => {
    const dir = await tempDir("verify-corrupt");
    const out = join(dir, "d");
    expect((await runSme(["generate", ...SMALL, "--out", out])).code).toBe(0);
    const manifest = JSON.parse(await readFile(join(out, "manifest.json"), "utf8")) as { top: string; outputWidth: number };
    const topFile = join(out, `${manifest.top}.v`);
    const text = await readFile(topFile, "utf8");
    const W = 8 * manifest.outputWidth;
    // Flip the least significant bit of column 0: every vector must now disagree with the golden model.
    const corrupted = text.replace(/assign out_sum = (\w+);/, (_m, v: string) => `assign out_sum = {${v}[${W - 1}:1], ~${v}[0]};`);
    expect(corrupted).not.toBe(text);
    await writeFile(topFile, corrupted);
    const r = await runSme(["verify", "--design", out, "--vectors", "20", "--json"]);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout) as VerifyJson;
    expect(s.mismatches).toBe(s.vectors.checked);
    expect(s.firstMismatch).toMatchObject({ vector: 0, column: 0, expected: 0, observed: 1 });
    expect(s.firstMismatch!.input).toHaveLength(8);
    // An edited .v is simulated as it is, and the summary names it (the manifest holds what generate wrote).
    expect(s.editedFiles).toEqual([`${manifest.top}.v`]);
    expect(r.stderr).toMatch(/sme: .*: 30 of 30 vectors differ from the golden model; first: vector 0, column 0: expected 0, observed 1/);
  });

  it("exits 1 when Verilator lint reports any warning", async () => {
    const out = join(await tempDir("verify-lint"), "d");
    expect((await runSme(["generate", ...SMALL, "--out", out])).code).toBe(0);
    const top = (JSON.parse(await readFile(join(out, "manifest.json"), "utf8")) as { top: string }).top;
    const file = join(out, `${top}.v`);
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace(/\n\s*endmodule/, "\n  reg [1:0] lint_probe;\n  always @(posedge clk) lint_probe <= rst;\nendmodule"));
    const r = await runSme(["verify", "--design", out, "--vectors", "10"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/verilator --lint-only -Wall reported \d+ message\(s\):\n\s+%Warning-WIDTH/);
  });

  it("verifies budget tiles of a real layer bit-exactly: programmable (the remap tile, programmed) and baked", async () => {
    const dir = await tempDir("verify-budget");
    const tile = ["--weights", DEMO_LAYER.file, "--tile", "2,1", "--rows", "24", "--cols", "16", "--act-bits", "5", "--mode", "budget"];
    const prog = await runSme(["verify", ...tile, "--target-sqnr", "19", "--vectors", "300", "--jobs", "1", "--out", join(dir, "p"), "--json"]);
    expect(prog.stderr).not.toMatch(/sme: .*error/i);
    expect(prog.code).toBe(0);
    expect((JSON.parse(prog.stdout) as VerifyJson).mismatches).toBe(0);
    const baked = await runSme([
      "verify",
      ...tile,
      "--target-sqnr",
      "22",
      "--kind",
      "baked",
      "--dac-bits",
      "2",
      "--ou-rows",
      "8",
      "--adc-bits",
      "3",
      "--vectors",
      "300",
      "--jobs",
      "1",
      "--out",
      join(dir, "b"),
      "--json",
    ]);
    expect(baked.code).toBe(0);
    expect((JSON.parse(baked.stdout) as VerifyJson).mismatches).toBe(0);
    const m = JSON.parse(await readFile(join(dir, "p", "manifest.json"), "utf8")) as { budget: { targetSqnrDb: number; sqnrDb: number; targetMet: boolean } };
    expect(m.budget.targetMet).toBe(true);
    expect(m.budget.sqnrDb).toBeGreaterThanOrEqual(19);
    // Read back from its folder, the programmed image is the budget plan again.
    const folder = await loadDesignFolder(join(dir, "p"));
    expect(folder.plan.mode).toBe("budget");
    expect((await verifyTarget(targetFromFolder(folder), { vectors: 50, jobs: 1, seed: 4 })).mismatches).toBe(0);
  }, 1_200_000); // two Verilator builds of their own
});
