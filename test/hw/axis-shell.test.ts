/**
 * The AXI4-Stream shell (design.md §4.5) against the golden model, bit for bit: lint-clean, programmed through
 * `s_axis_prog` with the words of `program.hex`, activation beats gathered into vectors, result beats with
 * `tlast`, under random `tvalid` / `tready` stalls; and its cycle cost back to back.
 */
import { afterAll, describe, expect, it } from "vitest";
import { type AxisTileHardware, buildAxisShell, buildTile, openTile, programWords, streamVectors } from "../../src/hw/index.js";
import { closeAllSimulations } from "../../src/sim/index.js";
import { buildProgramImage, compileTileModel, type MappingPlan, makeTileParams, programImageToHex, type TileParams } from "../../src/sme/index.js";
import { verilatorLint } from "../../src/tools/index.js";
import { UserError } from "../../src/util/errors.js";
import { randomPlan, randomVectors } from "./tile-check.js";

afterAll(closeAllSimulations);

async function checkShell(p: TileParams, kind: "programmable" | "baked", widths: { act: number; sum: number }, stalls: boolean, seed: number) {
  const plan: MappingPlan = randomPlan(p, seed);
  const core = kind === "programmable" ? buildTile(p, { kind }) : buildTile(p, { kind, plan });
  const shell: AxisTileHardware = buildAxisShell(core, widths);
  const lint = await verilatorLint(shell.design.files, shell.name);
  const image = kind === "programmable" ? buildProgramImage(plan, core.slots) : null;
  await using dut = (await openTile(shell, shell.design.files, image)).dut;
  const xs = randomVectors(p, 40, seed + 1);
  const pattern = stalls ? { inputPattern: { random: 0.5, seed }, backpressure: { random: 0.4, seed: seed + 3 } } : {};
  const { results, cycles } = await streamVectors(dut, shell, xs, pattern);
  const model = compileTileModel(plan, p);
  const wrong = xs.flatMap((x, v) => {
    const want = Array.from(model.run(x), (y) => BigInt(y));
    return want.every((y, j) => results[v]?.[j] === y) ? [] : [`vector ${v}: expected [${want.join(", ")}], observed [${results[v]?.join(", ")}]`];
  });
  return { shell, lint, wrong, cycles, checked: results.length };
}

describe("AXI4-Stream shell", () => {
  const cases: { label: string; p: TileParams; kind: "programmable" | "baked"; widths: { act: number; sum: number } }[] = [
    {
      label: "8x8 squeeze-min programmable, 16-bit beats",
      p: makeTileParams({ rows: 8, cols: 8, weightBits: 4, window: 3, actBits: 8, mode: "squeeze-min", squeeze: 2 }),
      kind: "programmable",
      widths: { act: 16, sum: 16 },
    },
    {
      label: "6x5 remap programmable, 8-bit beats (padded last beats)",
      p: makeTileParams({ rows: 6, cols: 5, weightBits: 3, window: 3, actBits: 3, mode: "remap" }),
      kind: "programmable",
      widths: { act: 8, sum: 8 },
    },
    {
      label: "8x4 dense baked, one beat each way",
      p: makeTileParams({ rows: 8, cols: 4, weightBits: 4, window: 4, actBits: 4, mode: "dense" }),
      kind: "baked",
      widths: { act: 32, sum: 48 },
    },
  ];
  for (const c of cases) {
    it(`${c.label}: lint-clean and bit-exact under random stalls`, async () => {
      const r = await checkShell(c.p, c.kind, c.widths, true, 11);
      expect(r.lint.ok, r.lint.output).toBe(true);
      expect(r.wrong).toEqual([]);
      expect(r.checked).toBe(40);
    });
  }

  it("streams back to back at the tile's rate when the beats keep up", async () => {
    const p = makeTileParams({ rows: 8, cols: 8, weightBits: 4, window: 3, actBits: 8, mode: "bitslice" });
    const r = await checkShell(p, "programmable", { act: 32, sum: 64 }, false, 5);
    expect(r.wrong).toEqual([]);
    expect(r.shell.bus.actBeats).toBe(2);
    expect(r.cycles).toBeLessThanOrEqual(40 * r.shell.cyclesPerVector + 8);
  });

  it("s_axis_prog carries exactly the words of program.hex", () => {
    const p = makeTileParams({ rows: 8, cols: 8, weightBits: 4, window: 3, actBits: 8, mode: "squeeze-min", squeeze: 2 });
    const image = buildProgramImage(randomPlan(p, 3), buildTile(p, { kind: "programmable" }).slots);
    const hexWords = programImageToHex(image)
      .split("\n")
      .filter((l) => l !== "" && !l.startsWith("//"))
      .map((l) => BigInt(`0x${l}`));
    expect(programWords(image, image.layout.hexWord)).toEqual(hexWords);
  });

  it("refuses beat widths that are not whole bytes or exceed the bus", () => {
    const core = buildTile(makeTileParams({ rows: 4, cols: 4, weightBits: 4, window: 3, actBits: 4, mode: "dense" }), { kind: "programmable" });
    expect(() => buildAxisShell(core, { act: 12, sum: 16 })).toThrow(UserError);
    expect(() => buildAxisShell(core, { act: 12, sum: 16 })).toThrow(/--axis-act-width 12: .*multiple of 8/);
    expect(() => buildAxisShell(core, { act: 24, sum: 16 })).toThrow(/from 8 to 16 bits/);
  });
});
