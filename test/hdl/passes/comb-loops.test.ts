import { describe, expect, it } from "vitest";
import type { ModuleIR } from "../../../src/hdl/ir.js";
import { Fixture, runPass } from "./ir-fixture.js";

/** A child whose output follows its input combinationally (checked, so its paths are known). */
function passThrough(): ModuleIR {
  const child = new Fixture("through");
  const i = child.input("i");
  const o = child.output("o");
  child.assign(o, child.ref(i), 2);
  const ir = child.done();
  expect(runPass("check-comb-loops", ir)).toEqual([]);
  return ir;
}

describe("pass check-comb-loops", () => {
  it("accepts feedback through a register and an instance without a loop", () => {
    const f = new Fixture("c_ok");
    const clk = f.input("clk");
    const a = f.input("a");
    const y = f.output("y");
    const w = f.wire("w", 1, 2);
    const r = f.reg("r", 1, 3, clk);
    const u = f.instance(passThrough(), "u", 4);
    const ui = u.get("i");
    const uo = u.get("o");
    if (!ui || !uo) throw new Error("fixture: no instance ports");
    f.assign(w, f.binary("xor", f.ref(r), f.ref(a)), 5);
    f.assign(r, f.ref(w), 6);
    f.assign(ui, f.ref(w), 7);
    f.assign(y, f.ref(uo), 8);
    expect(runPass("check-comb-loops", f.done())).toEqual([]);
  });

  it("reports a loop through wires, in the direction values flow, at the first assignment on it", () => {
    const f = new Fixture("c_loop");
    const a = f.wire("a", 1, 2);
    const b = f.wire("b", 1, 3);
    f.assign(a, f.ref(b), 4);
    f.assign(b, f.ref(a), 5);
    expect(runPass("check-comb-loops", f.done())).toEqual(["fixture.ts:4: combinational loop: wire 'b' -> wire 'a' -> wire 'b'; break it with a register"]);
  });

  it("reports a loop through an instance", () => {
    const f = new Fixture("c_inst");
    const u = f.instance(passThrough(), "u", 2);
    const ui = u.get("i");
    const uo = u.get("o");
    if (!ui || !uo) throw new Error("fixture: no instance ports");
    f.assign(ui, f.ref(uo), 3);
    expect(runPass("check-comb-loops", f.done())).toEqual([
      "fixture.ts:3: combinational loop: output 'o' of instance 'u' (module 'through') -> input 'i' of instance 'u' (module 'through') -> output 'o' of instance 'u' (module 'through'); break it with a register",
    ]);
  });

  it("reports every loop together", () => {
    const f = new Fixture("c_many");
    const a = f.wire("a", 1, 2);
    const b = f.wire("b", 1, 3);
    const c = f.wire("c", 1, 4);
    f.assign(a, f.ref(b), 5);
    f.assign(b, f.ref(a), 6);
    f.assign(c, f.binary("and", f.ref(c), f.ref(a)), 7);
    expect(runPass("check-comb-loops", f.done())).toEqual([
      "fixture.ts:5: combinational loop: wire 'b' -> wire 'a' -> wire 'b'; break it with a register",
      "fixture.ts:7: combinational loop: wire 'c' -> wire 'c'; break it with a register",
    ]);
  });

  it("names only the signals on the loop when the search reaches it from a signal outside it", () => {
    const f = new Fixture("c_tail");
    const x = f.wire("x", 1, 2);
    const a = f.wire("a", 1, 3);
    const b = f.wire("b", 1, 4);
    f.assign(x, f.ref(a), 5);
    f.assign(a, f.ref(b), 6);
    f.assign(b, f.ref(a), 7);
    expect(runPass("check-comb-loops", f.done())).toEqual(["fixture.ts:6: combinational loop: wire 'b' -> wire 'a' -> wire 'b'; break it with a register"]);
  });

  it("works out the paths of a child not loop-checked on its own, through its internal wires", () => {
    const child = new Fixture("chain");
    const i = child.input("i");
    const o = child.output("o");
    const mid = child.wire("mid", 1, 2);
    child.assign(mid, child.ref(i), 3);
    child.assign(o, child.ref(mid), 4);
    const childIr = child.done();
    expect(runPass("naming", childIr)).toEqual([]); // named, as every child is before its parent, but not loop-checked
    const f = new Fixture("c_unchecked");
    const u = f.instance(childIr, "u", 2);
    const ui = u.get("i");
    const uo = u.get("o");
    if (!ui || !uo) throw new Error("fixture: no instance ports");
    f.assign(ui, f.ref(uo), 3);
    expect(runPass("check-comb-loops", f.done())).toEqual([
      "fixture.ts:3: combinational loop: output 'o' of instance 'u' (module 'chain') -> input 'i' of instance 'u' (module 'chain') -> output 'o' of instance 'u' (module 'chain'); break it with a register",
    ]);
  });
});
