/**
 * `sme synth` on tiny tiles (2 x 2, 2-bit weights and activations; each synthesis well under a minute): iCE40
 * resources and the Fmax nextpnr-ice40 achieves, Xilinx and generic resources, the fit check and the budget.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveFlowConfig } from "../../../src/flow/config.js";
import { generateDesign } from "../../../src/flow/generate/generate.js";
import { fpgaResources } from "../../../src/flow/synth/resources.js";
import { ice40Misfit, type SynthFigures, synthesize } from "../../../src/flow/synth/synth.js";
import { tileInterface } from "../../../src/hw/index.js";
import { toolVersion } from "../../../src/tools/index.js";
import { UserError } from "../../../src/util/errors.js";
import { runSme, tempDir } from "../helpers.js";

// nextpnr-ice40 is an optional Debian package (scripts/setup.sh); without it the place-and-route test is skipped.
const haveNextpnr = await toolVersion("nextpnr-ice40").then(
  () => true,
  (err: unknown) => {
    console.warn(`iCE40 place-and-route test skipped: ${(err as Error).message.split("\n")[0]}`);
    return false;
  },
);

const TINY = { rows: 2, cols: 2, weightBits: 2, window: 2, actBits: 2, mode: "dense" } as const;

async function tinyDesign(extra: Record<string, unknown>) {
  const g = await generateDesign(resolveFlowConfig({ ...TINY, ...extra }));
  return { name: g.name, tile: tileInterface(g.tile), files: g.tile.design.files };
}

describe("sme synth", () => {
  it.skipIf(!haveNextpnr)("iCE40: LUTs, flip-flops and carry from synth_ice40, placed and routed on the hx8k with an Fmax", async () => {
    const dir = await tempDir("synth");
    const r = await runSme([
      "synth",
      ...Object.entries(TINY).flatMap(([k, v]) => [`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, String(v)]),
      "--kind",
      "baked",
      "--bus",
      "axis",
      "--target",
      "ice40",
      "--out",
      join(dir, "d"),
      "--json",
    ]);
    expect(r.stderr).not.toMatch(/sme: .*error/i);
    expect(r.code).toBe(0);
    const f = JSON.parse(r.stdout) as SynthFigures;
    expect(f).toMatchObject({ target: "ice40", device: "hx8k-ct256", fits: true, note: null });
    expect(f.resources.luts).toBe(f.byType.SB_LUT4);
    expect(f.resources.ffs).toBeGreaterThan(4);
    expect(f.fmaxMhz).toBeGreaterThan(10);
    expect(f.utilization?.ICESTORM_LC?.used).toBeGreaterThan(0);
    expect(f.tools.nextpnr).toMatch(/nextpnr-ice40/);

    // The same folder through --design gives the same resources, as a table.
    const again = await runSme(["synth", "--design", join(dir, "d"), "--target", "ice40", "--device", "hx1k"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/ice40 hx1k-tq144/);
    expect(again.stdout).toMatch(/MHz/);
  });

  it("Xilinx and generic: resources by kind, no Fmax", async () => {
    const d = await tinyDesign({ kind: "baked" });
    const x = await synthesize(d, { target: "xilinx", device: "hx8k", budgetS: 300 });
    expect(x.resources.luts).toBeGreaterThan(0);
    expect(x.resources.luts).toBe(
      Object.entries(x.byType)
        .filter(([t]) => /^LUT[1-6]$/.test(t))
        .reduce((s, [, n]) => s + n, 0),
    );
    expect(x.resources.ffs).toBeGreaterThan(0);
    expect(x.fmaxMhz).toBeNull();
    expect(x.device).toBeNull();
    const gen = await synthesize(d, { target: "generic", device: "hx8k", budgetS: 300 });
    expect(gen.resources.ffs).toBeGreaterThan(0);
    expect(gen.resources.luts).toBeGreaterThan(0);
    expect(gen.resources.carry).toBe(0);
  });

  it("a bare tile with more I/O bits than the device's pins is reported as not fitting, without place and route", async () => {
    const d = await tinyDesign({ kind: "baked", rows: 8, cols: 8 }); // 16 + 64 data bits and the handshakes
    const f = await synthesize(d, { target: "ice40", device: "up5k", budgetS: 300 });
    expect(f.fits).toBe(false);
    expect(f.fmaxMhz).toBeNull();
    expect(f.note).toMatch(
      /^does not fit: has \d+ I\/O bits at its top; the up5k \(sg48\) has 39 I\/O pins \(the AXI4-Stream shell, --bus axis, narrows the top\)$/,
    );
  });

  it("a design over the time budget is a one-line error naming --synth-budget, exit status 3", async () => {
    const d = await tinyDesign({ kind: "baked" });
    const err = await synthesize(d, { target: "xilinx", device: "hx8k", budgetS: 0.05 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(3);
    expect((err as Error).message).toMatch(/synth_xilinx of dense-2x2-.* did not finish within the 0\.05 s budget; give more time with --synth-budget/);
  });
});

describe("the fit check and resource kinds", () => {
  it("sorts cells into kinds per target and checks logic cells, block RAM, DSP and pins", () => {
    expect(fpgaResources("ice40", { SB_LUT4: 10, SB_DFFE: 3, SB_DFFESR: 2, SB_CARRY: 4, SB_RAM40_4K: 1, SB_MAC16: 1, SB_IO: 7 })).toEqual({
      luts: 10,
      ffs: 5,
      carry: 4,
      bram: 1,
      dsp: 1,
      other: 7,
    });
    expect(fpgaResources("xilinx", { LUT2: 1, LUT6: 2, FDRE: 3, FDSE: 1, CARRY4: 2, RAMB18E1: 1, DSP48E1: 2, MUXF7: 5 })).toEqual({
      luts: 3,
      ffs: 4,
      carry: 2,
      bram: 1,
      dsp: 2,
      other: 5,
    });
    const r = { luts: 100, ffs: 50, carry: 0, bram: 0, dsp: 0, other: 0 };
    expect(ice40Misfit("hx1k", r, 20)).toBeNull();
    expect(ice40Misfit("hx1k", { ...r, luts: 2000 }, 20)).toMatch(/needs at least 2000 logic cells .* the hx1k has 1280/);
    expect(ice40Misfit("hx8k", { ...r, dsp: 1 }, 20)).toMatch(/needs 1 DSP blocks; the hx8k has 0/);
    expect(ice40Misfit("hx8k", r, 300)).toMatch(/300 I\/O bits/);
  });
});
