import { describe, expect, it } from "vitest";
import { emitVerilog } from "../../src/hdl/index.js";
import { iverilogCompile, verilatorLint, yosysCheck } from "../../src/hdl/tools.js";
import { exampleDesigns } from "../../src/examples/index.js";

describe("example designs", () => {
  for (const def of exampleDesigns()) {
    it(`${def.name} emits lint-clean Verilog`, async () => {
      const d = emitVerilog(def);
      const files = d.modules.map((m) => ({ name: m.file, text: m.text }));
      for (const m of d.modules) {
        const own = await verilatorLint(files, m.name);
        expect(own.output, m.text).toBe("");
      }
      const iv = await iverilogCompile(files, d.top);
      expect(iv.output).toBe("");
      const ys = await yosysCheck(files, d.top);
      expect(ys.output).toBe("");
      expect(ys.ok).toBe(true);
    });
  }
});
