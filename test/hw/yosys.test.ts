/** Yosys structural checks: the default tile and small tiles of every mode have no latches and no combinational loops. */
import { describe, expect, it } from "vitest";
import { buildTile } from "../../src/hw/index.js";
import { makeTileParams, planForTile, syntheticMatrix } from "../../src/sme/index.js";
import { parseStat, yosysCheck } from "../../src/tools/index.js";

describe("yosys structural check", () => {
  it("passes on the default design (128 x 128, squeeze-min D=2, programmable)", async () => {
    const hw = buildTile(makeTileParams({}), { kind: "programmable" });
    const r = await yosysCheck(hw.design.files, hw.name);
    expect(r.version).toMatch(/^Yosys \d/);
    expect(r.latches).toBe(0);
    expect(r.ok, r.log.slice(-2000)).toBe(true);
  }, 300_000);

  it("passes on small tiles of every mode, programmable and baked", async () => {
    for (const mode of ["dense", "bitslice", "squeeze", "squeeze-min", "remap"] as const) {
      const p = makeTileParams({ rows: 12, cols: 6, mode, squeeze: 3, ouRows: 4, dacBits: 2, adcBits: 3 });
      const plan = planForTile(syntheticMatrix(12, 6, 3), p).plan;
      for (const hw of [buildTile(p, { kind: "programmable" }), buildTile(p, { kind: "baked", plan })]) {
        const r = await yosysCheck(hw.design.files, hw.name);
        expect(r.ok, `${hw.name}\n${r.log.slice(-2000)}`).toBe(true);
        expect(r.latches).toBe(0);
      }
    }
  }, 300_000);

  it("finds the latch in hand-written Verilog that infers one (negative control)", async () => {
    const text = "module l(input wire en, input wire d, output reg q);\n  always @* if (en) q = d;\nendmodule\n";
    const r = await yosysCheck([{ name: "l.v", text }], "l");
    expect(r.version).toMatch(/^Yosys \d/);
    expect(r.latches).toBe(1);
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/ERROR: Assertion failed: selection is not empty/);
  });

  it("parses the cell table of a stat report", () => {
    const text = "=== design ===\n\n   Number of wires:  10\n   Number of cells:  7\n     $_AND_   4\n     $_DFF_P_   3\n\n";
    expect(parseStat(text)).toEqual({ cells: 7, byType: { $_AND_: 4, $_DFF_P_: 3 } });
  });
});
