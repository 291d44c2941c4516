import { describe, expect, it } from "vitest";
import { emitVerilog, toSimDesign } from "../../src/hdl/index.js";
import { iverilogCompile, verilatorLint, yosysCheck } from "../../src/tools/index.js";
import { Counter } from "../../src/examples/counter.js";

describe("counter", () => {
  it("emits a register named after its variable", async () => {
    const d = toSimDesign(Counter);
    const text = d.files[0]!.text;
    expect(text).toContain("reg  [7:0] value;");
    expect(text).toContain("value <= value + 8'd1;");
    expect(text).toMatch(/\/\/ src\/examples\/counter\.ts:\d+/);
    const lint = await verilatorLint(d.files, d.top);
    expect(lint).toMatchObject({ ok: true, output: "", version: expect.stringMatching(/^Verilator \d/) });
    expect(await iverilogCompile(d.files, d.top)).toMatchObject({ ok: true, output: "", version: expect.stringMatching(/^Icarus Verilog version \d/) });
    expect(await yosysCheck(d.files, d.top)).toMatchObject({ ok: true, latches: 0, version: expect.stringMatching(/^Yosys \d/) });
    expect(emitVerilog(Counter).modules.length).toBe(1);
  });
});
