import { describe, expect, it } from "vitest";
import { Fixture, runPass } from "./ir-fixture.js";

describe("pass check-usage", () => {
  it("accepts a module that reads every bit of every input, wire, register and memory (clocks and resets included)", () => {
    const f = new Fixture("u_ok");
    const clk = f.input("clk");
    const rst = f.input("rst");
    const a = f.input("a", 4);
    const y = f.output("y", 4);
    const w = f.wire("w", 4, 2);
    const r = f.reg("r", 4, 3, clk, { signal: rst, value: 0n });
    const mem = f.memory("mem", 4, 2, 4, clk);
    f.assign(w, f.ref(a), 5);
    f.assign(r, f.ref(w), 6);
    f.write(mem, f.lit(0n, 1), f.ref(r), 7);
    f.assign(y, f.read(mem, f.lit(0n, 1)), 8);
    expect(runPass("check-usage", f.done())).toEqual([]);
  });

  it("reports an unread input (at the module), unread bits of a wire, an unread memory", () => {
    const input = new Fixture("u_in");
    input.input("a", 4);
    expect(runPass("check-usage", input.done())).toEqual(["fixture.ts:1: unused: input 'a' is never read; remove it or call .markUnused() on it"]);

    const bits = new Fixture("u_bits");
    const a = bits.input("a", 8);
    const y = bits.output("y", 2);
    const w = bits.wire("w", 8, 3);
    bits.assign(w, bits.ref(a), 4);
    bits.assign(y, bits.slice(bits.ref(w), 5, 4), 5);
    expect(runPass("check-usage", bits.done())).toEqual([
      "fixture.ts:3: unused: bits [7:6], [3:0] of wire 'w' are never read; read them or call .markUnused() on it",
    ]);

    const mem = new Fixture("u_mem");
    const clk = mem.input("clk");
    const words = mem.memory("words", 4, 2, 3, clk);
    mem.write(words, mem.lit(0n, 1), mem.lit(1n, 4), 4);
    expect(runPass("check-usage", mem.done())).toEqual(["fixture.ts:3: unused: memory 'words' is never read; add a read port or call .markUnused()"]);
  });

  it("skips signals marked unused and reports every other unread signal together", () => {
    const f = new Fixture("u_many");
    const a = f.input("a", 4);
    const spare = f.input("spare");
    spare.unused = true;
    const y = f.output("y");
    const w = f.wire("w", 4, 2);
    f.assign(w, f.ref(a), 3);
    f.assign(y, f.slice(f.ref(w), 0, 0), 4);
    f.input("b");
    const clk = f.input("clk");
    f.reg("r", 4, 5, clk);
    expect(runPass("check-usage", f.done())).toEqual([
      "fixture.ts:1: unused: input 'b' is never read; remove it or call .markUnused() on it",
      "fixture.ts:2: unused: bits [3:1] of wire 'w' are never read; read them or call .markUnused() on it",
      "fixture.ts:5: unused: register 'r' is never read; remove it or call .markUnused() on it",
    ]);
  });
});
