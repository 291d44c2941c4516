import { describe, expect, it } from "vitest";
import { emitVerilog } from "../../src/hdl/index.js";
import { iverilogCompile, verilatorLint, yosysCheck } from "../../src/tools/index.js";
import { exampleDesigns } from "../../src/examples/index.js";

/** A fragment per example that shows it is the hardware it claims to be. */
const FRAGMENTS: Record<string, RegExp[]> = {
  counter: [/value <= value \+ 8'd1;/, /if \(rst\) begin\n\s+value <= 8'd0;/],
  popcount_width16: [/output wire \[4:0\] count/, /bits\[15\]/],
  fifo_depth4_width8: [/reg {2}\[7:0\] words \[0:3\];/, /words\[tail\] <= in_data;/, /assign out_data = words\[head\];/, /assign in_ready = level != 3'd4;/],
  regfile_width16_words8: [/regs\[waddr\] <= wdata;/, /assign rdata_a = regs\[raddr_a\];/, /assign rdata_b = regs\[raddr_b\];/],
  pipeline2_width8: [/add_stage_increment1_width8 first \(/, /add_stage_increment2_width8 second \(/, /\.in_valid\(first_out_valid\),/],
};

describe("example designs", () => {
  for (const def of exampleDesigns()) {
    it(`${def.name} emits lint-clean Verilog`, async () => {
      const d = emitVerilog(def);
      const files = d.modules.map((m) => ({ name: m.file, text: m.text }));
      const top = d.modules[d.modules.length - 1]!.text;
      for (const f of FRAGMENTS[def.name]!) expect(top).toMatch(f);
      for (const m of d.modules) {
        const own = await verilatorLint(files, m.name);
        expect(own.output, m.text).toBe("");
        expect(own.ok).toBe(true);
        expect(own.version).toMatch(/^Verilator \d/);
      }
      const iv = await iverilogCompile(files, d.top);
      expect(iv).toMatchObject({ ok: true, output: "", version: expect.stringMatching(/^Icarus Verilog version \d/) });
      const ys = await yosysCheck(files, d.top);
      expect(ys.output).toBe("");
      expect(ys.ok).toBe(true);
      expect(ys.version).toMatch(/^Yosys \d/);
    });
  }
});
