import { describe, expect, it } from "vitest";
import { Fixture, runPass } from "./ir-fixture.js";

describe("pass check-latches", () => {
  it("accepts combinational signals assigned on every path: a default, when/otherwise, a full switch", () => {
    const f = new Fixture("l_ok");
    const clk = f.input("clk");
    const go = f.input("go");
    const sel = f.input("sel");
    const y = f.output("y", 2);
    const w = f.wire("w", 2, 2);
    const v = f.wire("v", 2, 3);
    const r = f.reg("r", 2, 4, clk);
    f.assign(y, f.lit(0n, 2), 5);
    f.when(f.ref(go), 6, () => f.assign(y, f.lit(1n, 2), 7));
    f.when(
      f.ref(go),
      8,
      () => f.assign(w, f.lit(1n, 2), 9),
      () => f.assign(w, f.lit(2n, 2), 10),
    );
    f.switch(f.ref(sel), 11, [
      [[0n], () => f.assign(v, f.lit(1n, 2), 12)],
      [[1n], () => f.assign(v, f.lit(2n, 2), 13)],
    ]);
    f.when(f.ref(go), 14, () => f.assign(r, f.ref(v), 15)); // a register keeps its value: no latch
    expect(runPass("check-latches", f.done())).toEqual([]);
  });

  it("reports a wire assigned only inside a when, at the when", () => {
    const f = new Fixture("l_when");
    const go = f.input("go");
    const w = f.wire("w", 2, 2);
    f.when(f.ref(go), 3, () => f.assign(w, f.lit(1n, 2), 4));
    expect(runPass("check-latches", f.done())).toEqual([
      "fixture.ts:3: latch: wire 'w' is not assigned on every path; give it a default before the when/switch or add otherwise/default",
    ]);
  });

  it("reports every latch together: a when without otherwise, a switch that misses values", () => {
    const f = new Fixture("l_many");
    const go = f.input("go");
    const sel = f.input("sel", 2);
    const y = f.output("y", 2);
    const w = f.wire("w", 2, 2);
    f.when(f.ref(go), 3, () => f.assign(y, f.lit(1n, 2), 4));
    f.switch(f.ref(sel), 5, [[[0n, 1n], () => f.assign(w, f.lit(1n, 2), 6)]]);
    expect(runPass("check-latches", f.done())).toEqual([
      "fixture.ts:3: latch: output 'y' is not assigned on every path; give it a default before the when/switch or add otherwise/default",
      "fixture.ts:5: latch: wire 'w' is not assigned on every path; give it a default before the when/switch or add otherwise/default",
    ]);
  });
});
