/**
 * yosysSynth's black boxes: the wrapper is synthesized alone, the boxed module's instance counted as one cell
 * (how the AXI4-Stream shell's own cost is measured around a tile).
 */
import { describe, expect, it } from "vitest";
import { yosysSynth } from "../../src/tools/index.js";

const inner = { name: "inner.v", text: "module inner(input clk, input [7:0] a, output reg [7:0] y);\n  always @(posedge clk) y <= a * a;\nendmodule\n" };
const outer = {
  name: "outer.v",
  text: "module outer(input clk, input [7:0] a, output reg [7:0] y);\n  wire [7:0] t;\n  inner u(.clk(clk), .a(a), .y(t));\n  always @(posedge clk) y <= t;\nendmodule\n",
};

describe("yosysSynth", () => {
  it("synthesizes the wrapper alone around a black box, and the whole design without one", async () => {
    const boxed = await yosysSynth([inner, outer], "outer", "generic", { blackBoxes: ["inner.v"] });
    expect(boxed.byType.inner).toBe(1);
    expect(
      Object.keys(boxed.byType)
        .filter((t) => /DFF/.test(t))
        .reduce((s, t) => s + boxed.byType[t]!, 0),
    ).toBe(8);
    const whole = await yosysSynth([inner, outer], "outer", "generic");
    expect(whole.byType.inner).toBeUndefined();
    expect(whole.cells).toBeGreaterThan(boxed.cells + 8);
  });
});
