import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { outputWidth } from "../../src/sme/index.js";
import { rtlVectors } from "../../src/sweep/rtl.js";
import { runSweep } from "../../src/sweep/runner.js";
import { parseSweepSpec } from "../../src/sweep/spec.js";
import { tempModel, writeNpy } from "./helpers.js";

describe("--rtl points", () => {
  it("synthesizes the baked tile with Yosys and streams verified vectors through Verilator", async () => {
    const { dir } = await tempModel();
    const model = join(dir, "w.npy");
    await writeNpy(model, [
      [8, 0, 0, 1],
      [1, 0, 5, 0],
      [0, 2, 0, -3],
      [0, 0, 0, 15],
    ]);
    const spec = parseSweepSpec({ model, rows: 4, cols: 4, weightBits: 4, window: 4, mode: "squeeze", squeeze: 1, rtl: true, rtlBudgetS: 150 });
    const started = performance.now();
    const [r] = (await runSweep({ spec, outDir: join(dir, "out"), jobs: 1 })).results;
    const wallS = (performance.now() - started) / 1000;
    expect(r!.rtl?.error).toBeUndefined();
    // At least one flip-flop per bit of the output register: C columns of OW = A + N + ceil(log2 R) + 1 bits.
    expect(r!.rtl?.yosysCells).toBeGreaterThanOrEqual(4 * outputWidth({ actBits: 8, weightBits: 4, rows: 4 }));
    // rtlVectors vectors streamed within the run: no slower than the whole run would make them.
    expect(r!.rtl?.vectorsPerSecond).toBeGreaterThanOrEqual(rtlVectors / wallS);
    expect(r!.key).toMatch(/\|rtl\|/);
  }, 240_000);
});
