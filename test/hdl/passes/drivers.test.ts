import { describe, expect, it } from "vitest";
import { Fixture, runPass } from "./ir-fixture.js";

function leaf() {
  const child = new Fixture("leaf");
  const i = child.input("i", 4);
  const o = child.output("o", 4);
  child.assign(o, child.ref(i), 2);
  return child.done();
}

describe("pass check-drivers", () => {
  it("accepts a module whose every output, wire, register, instance input and memory is driven once per block", () => {
    const f = new Fixture("d_ok");
    const clk = f.input("clk");
    const go = f.input("go");
    const a = f.input("a", 4);
    const y = f.output("y", 4);
    const w = f.wire("w", 4, 2);
    const r = f.reg("r", 4, 3, clk);
    const mem = f.memory("mem", 4, 2, 4, clk);
    const u = f.instance(leaf(), "u", 5);
    f.assign(w, f.ref(a), 6);
    f.when(f.ref(go), 7, () => f.assign(w, f.lit(0n, 4), 8));
    f.assign(r, f.ref(w), 9);
    f.write(mem, f.lit(0n, 1), f.ref(r), 10);
    const ui = u.get("i");
    const uo = u.get("o");
    if (!ui || !uo) throw new Error("fixture: no instance ports");
    f.assign(ui, f.ref(r), 11);
    f.assign(y, f.binary("add", f.ref(uo), f.read(mem, f.lit(1n, 1))), 12);
    expect(runPass("check-drivers", f.done())).toEqual([]);
  });

  it("reports an undriven output (at the module), wire and register, an unconnected instance input, an unwritten memory", () => {
    const out = new Fixture("d_out");
    out.output("y", 4);
    expect(runPass("check-drivers", out.done())).toEqual(["fixture.ts:1: undriven: output 'y' is never assigned; assign it with .set(...)"]);

    const wire = new Fixture("d_wire");
    wire.wire("w", 4, 3);
    expect(runPass("check-drivers", wire.done())).toEqual(["fixture.ts:3: undriven: wire 'w' is never assigned; assign it with .set(...)"]);

    const reg = new Fixture("d_reg");
    reg.reg("r", 4, 3, reg.input("clk"));
    expect(runPass("check-drivers", reg.done())).toEqual([
      "fixture.ts:3: undriven: register 'r' is never assigned; assign it with .set(...) (a register that never changes is a constant)",
    ]);

    const inst = new Fixture("d_inst");
    inst.instance(leaf(), "u", 4);
    expect(runPass("check-drivers", inst.done())).toEqual([
      "fixture.ts:4: input 'i' of instance 'u' (module 'leaf') is not connected; assign it with u.io.i.set(...) or pass it in { connect }",
    ]);

    const mem = new Fixture("d_mem");
    mem.memory("words", 8, 4, 5, mem.input("clk"));
    expect(runPass("check-drivers", mem.done())).toEqual(["fixture.ts:5: undriven: memory 'words' is never written; add a write port with .write(addr, data)"]);
  });

  it("reports a second unconditional assignment in one block, with the line of the first", () => {
    const f = new Fixture("d_twice");
    const a = f.input("a", 4);
    const y = f.output("y", 4);
    f.assign(y, f.ref(a), 2);
    f.assign(y, f.lit(1n, 4), 3);
    expect(runPass("check-drivers", f.done())).toEqual([
      "fixture.ts:3: multiple drivers: output 'y' is already assigned in this block (at line 2); assign it once, or use when/otherwise",
    ]);
  });

  it("reports every undriven signal and every extra driver together", () => {
    const f = new Fixture("d_many");
    const go = f.input("go");
    const y = f.output("y", 4);
    f.wire("w", 4, 2);
    f.when(f.ref(go), 3, () => {
      f.assign(y, f.lit(1n, 4), 4);
      f.assign(y, f.lit(2n, 4), 5);
      f.assign(y, f.lit(3n, 4), 6);
    });
    f.output("z");
    expect(runPass("check-drivers", f.done())).toEqual([
      "fixture.ts:5: multiple drivers: output 'y' is already assigned in this block (at line 4); assign it once, or use when/otherwise",
      "fixture.ts:6: multiple drivers: output 'y' is already assigned in this block (at line 5); assign it once, or use when/otherwise",
      "fixture.ts:1: undriven: output 'z' is never assigned; assign it with .set(...)",
      "fixture.ts:2: undriven: wire 'w' is never assigned; assign it with .set(...)",
    ]);
  });
});
