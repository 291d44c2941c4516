import { describe, expect, it } from "vitest";
import { defineFunction, defineModule, emitVerilog, input, output, toSimDesign, uint } from "../../src/hdl/index.js";

const parity = defineFunction("parity4", { a: uint(4) }, ({ a }) => a.xorR());

const Leaf = defineModule("purity_leaf", { a: input(uint(4)), y: output() }, (_m, io) => {
  io.y.set(parity(io.a));
});

const Top = defineModule("purity_top", { a: input(uint(4)), b: input(uint(4)), y: output(), z: output() }, (m, io) => {
  const leaf = m.instance(Leaf);
  leaf.io.a.set(io.a); // connected in the port map directly
  io.y.set(leaf.io.y);
  io.z.set(parity(io.b));
});

describe("the printer leaves the IR as the passes left it", () => {
  it("keeps every signal's and every function argument's name, and toSimDesign lists no port-map connection", () => {
    const ir = Top.elaborate();
    emitVerilog(Top);
    const names = () => ({ signals: ir.signals.map((s) => s.name), args: parity.ir.args.map((a) => a.name) });
    const before = names();
    expect(before.signals).toEqual(["leaf_a", "leaf_y"]);
    expect(before.args).toEqual(["a"]);
    // Printing again (another module calls the function under a renamed argument) changes nothing.
    const text = emitVerilog(Top)
      .modules.map((m) => m.text)
      .join("\n");
    expect(text).toContain("input [3:0] a_1;");
    expect(names()).toEqual(before);
    expect(toSimDesign(Top).signals.map((s) => s.verilogName)).toEqual(["leaf_y"]);
  });
});
