import { describe, expect, it } from "vitest";
import { nameScopeOf } from "../../../src/hdl/passes/naming.js";
import { Fixture, runPass } from "./ir-fixture.js";

describe("pass naming", () => {
  it("names ports by their names, signals by their explicit names (and element suffixes), fallbacks and collisions apart", () => {
    const f = new Fixture("named");
    const clk = f.input("clk");
    const a = f.input("a", 4);
    const y = f.output("y", 4);
    const sum = f.wire("sum", 4, 3);
    const again = f.wire("sum", 4, 4);
    const anonymous = f.wire(undefined, 4, 5);
    const reserved = f.wire("reg", 4, 6);
    const element = f.wire("lane", 4, 7, "3");
    const r = f.reg("a", 4, 8, clk);
    const child = new Fixture("leaf");
    child.input("i", 4);
    const ports = f.instance(child.done(), "u", 9);
    const ir = f.done();
    expect(runPass("naming", ir)).toEqual([]);
    expect([clk, a, y, sum, again, anonymous, reserved, element, r, ports.get("i")].map((s) => s?.name)).toEqual([
      "clk",
      "a",
      "y",
      "sum",
      "sum_1",
      "w",
      "reg_",
      "lane_3",
      "a_1",
      "u_i",
    ]);
    expect(nameScopeOf(ir)?.unique("sum")).toBe("sum_2");
  });

  it("reports a reserved port name, a '__' prefix and a duplicate port, at the module", () => {
    const reserved = new Fixture("m_reserved");
    reserved.input("module");
    expect(runPass("naming", reserved.done())).toEqual([
      "fixture.ts:1: port name 'module' of module 'm_reserved' is a reserved word in Verilog or C++; rename it",
    ]);
    const prefixed = new Fixture("m_prefix");
    prefixed.output("__y");
    expect(runPass("naming", prefixed.done())).toEqual([
      "fixture.ts:1: port name '__y' of module 'm_prefix' starts with '__', which Verilator reserves; rename it",
    ]);
    const twice = new Fixture("m_twice");
    twice.input("a_0");
    const second = twice.input("a_0");
    expect(runPass("naming", twice.done())).toEqual(["fixture.ts:1: module 'm_twice' declares port 'a_0' twice"]);
    expect(second.name).toBe("a_0_1");
  });

  it("reports every bad port of a module together", () => {
    const f = new Fixture("m_all");
    f.input("wire");
    f.input("__a");
    f.input("b");
    f.output("b");
    expect(runPass("naming", f.done())).toEqual([
      "fixture.ts:1: port name 'wire' of module 'm_all' is a reserved word in Verilog or C++; rename it",
      "fixture.ts:1: port name '__a' of module 'm_all' starts with '__', which Verilator reserves; rename it",
      "fixture.ts:1: module 'm_all' declares port 'b' twice",
    ]);
  });

  it("names an unnamed instance after its module and unnamed memories 'mem' (no declaration to take a name from)", () => {
    const f = new Fixture("fallbacks");
    const clk = f.input("clk");
    const child = new Fixture("leaf");
    child.input("i", 4);
    const ports = f.instance(child.done(), undefined, 3);
    const first = f.memory(undefined, 4, 2, 4, clk);
    const second = f.memory(undefined, 4, 2, 5, clk);
    const ir = f.done();
    expect(runPass("naming", ir)).toEqual([]);
    expect(ir.instances.map((i) => i.name)).toEqual(["u_leaf"]);
    expect(ports.get("i")?.name).toBe("u_leaf_i");
    expect([first.name, second.name]).toEqual(["mem", "mem_1"]);
  });
});
