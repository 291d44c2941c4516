import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { outputWidth } from "../../src/sme/index.js";
import { rtlVectors } from "../../src/sweep/rtl.js";
import { runSweep } from "../../src/sweep/runner.js";
import { parseSweepSpec } from "../../src/sweep/spec.js";
import { toolVersion } from "../../src/tools/index.js";
import { tempModel, writeNpy } from "./helpers.js";

// nextpnr-ice40 is an optional Debian package (scripts/setup.sh); without it the iCE40 point is skipped.
const haveNextpnr = await toolVersion("nextpnr-ice40").then(
  () => true,
  (err: unknown) => {
    console.warn(`iCE40 sweep point skipped: ${(err as Error).message.split("\n")[0]}`);
    return false;
  },
);

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

  it.skipIf(!haveNextpnr)(
    "with --target ice40 also records the tile's iCE40 LUTs, flip-flops and placed-and-routed Fmax",
    async () => {
      const { dir } = await tempModel();
      const model = join(dir, "w.npy");
      await writeNpy(model, [
        [3, 0],
        [-1, 2],
      ]);
      const spec = parseSweepSpec({
        model,
        rows: 2,
        cols: 2,
        weightBits: 2,
        window: 2,
        actBits: 2,
        mode: "dense",
        rtl: true,
        rtlBudgetS: 200,
        target: "ice40",
      });
      expect(spec.fpga).toEqual({ target: "ice40", device: "hx8k" });
      const [r] = (await runSweep({ spec, outDir: join(dir, "out"), jobs: 1 })).results;
      expect(r!.rtl?.error).toBeUndefined();
      const f = r!.rtl!.fpga!;
      expect(f).toMatchObject({ target: "ice40", device: "hx8k-ct256", fits: true, note: null });
      expect(f.luts).toBeGreaterThan(5);
      expect(f.ffs).toBeGreaterThan(5);
      expect(f.fmaxMhz).toBeGreaterThan(10);
      expect(r!.key).toMatch(/\|rtl-ice40-hx8k\|/);
    },
    240_000,
  );

  it("--target without --rtl is an error that says so", () => {
    expect(() => parseSweepSpec({ model: "resnet", rows: 8, target: "xilinx" })).toThrow(/--target xilinx synthesizes each point's tile; it needs --rtl/);
  });
});
