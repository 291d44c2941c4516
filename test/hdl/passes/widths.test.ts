import { describe, expect, it } from "vitest";
import { Fixture, runPass, sint } from "./ir-fixture.js";

describe("pass infer-widths", () => {
  it("gives an unsized literal its target's type", () => {
    const f = new Fixture("lit_ok");
    const y = f.output("y", 8);
    f.assign(y, f.lit(5n, 3, false), 2);
    const ir = f.done();
    expect(runPass("infer-widths", ir)).toEqual([]);
    const value = ir.body[0]?.kind === "assign" ? ir.body[0].value : undefined;
    expect(value).toMatchObject({ kind: "const", type: { width: 8, signed: false }, value: 5n, sized: true });
  });

  it("reports a literal that does not fit its target", () => {
    const f = new Fixture("lit_bad");
    const y = f.output("y", 4);
    f.assign(y, f.lit(16n, 5, false), 2);
    expect(runPass("infer-widths", f.done())).toEqual(["fixture.ts:2: literal 16 does not fit in output 'y' of type uint(4)"]);
  });

  it("reports every literal that does not fit, including negative ones into unsigned targets", () => {
    const f = new Fixture("lit_many");
    const y = f.output("y", 4);
    const w = f.wire("w", 2, 2);
    f.assign(y, f.lit(20n, 5, false), 3);
    f.assign(w, f.lit(-1n, sint(1), false), 4);
    expect(runPass("infer-widths", f.done())).toEqual([
      "fixture.ts:3: literal 20 does not fit in output 'y' of type uint(4)",
      "fixture.ts:4: literal -1 does not fit in wire 'w' of type uint(2)",
    ]);
  });
});

describe("pass check-widths", () => {
  it("accepts assignments of exactly the target's width and signedness", () => {
    const f = new Fixture("w_ok");
    const a = f.input("a", 8);
    const y = f.output("y", 8);
    f.assign(y, f.ref(a), 2);
    expect(runPass("check-widths", f.done())).toEqual([]);
  });

  it("reports truncation, extension and a change of signedness", () => {
    const trunc = new Fixture("w_trunc");
    const a9 = trunc.input("a", 9);
    const y8 = trunc.output("y", 8);
    trunc.assign(y8, trunc.ref(a9), 2);
    expect(runPass("check-widths", trunc.done())).toEqual([
      "fixture.ts:2: assigning a 9-bit value to output 'y' of 8 bits would truncate it; use .trunc(8) or make the target wider",
    ]);

    const ext = new Fixture("w_ext");
    const a4 = ext.input("a", 4);
    const w8 = ext.wire("w", 8, 2);
    ext.assign(w8, ext.ref(a4), 3);
    expect(runPass("check-widths", ext.done())).toEqual([
      "fixture.ts:3: assigning a 4-bit value to wire 'w' of 8 bits would extend it; use .zext(8) or .sext(8)",
    ]);

    const sign = new Fixture("w_sign");
    const s = sign.input("s", sint(8));
    const u = sign.output("u", 8);
    sign.assign(u, sign.ref(s), 2);
    expect(runPass("check-widths", sign.done())).toEqual([
      "fixture.ts:2: assigning a sint(8) value to output 'u' of type uint(8); convert it with .asUnsigned()",
    ]);
  });

  it("reports every bad assignment, nested ones included, and leaves literals to infer-widths", () => {
    const f = new Fixture("w_many");
    const go = f.input("go");
    const a = f.input("a", 4);
    const y = f.output("y", 2);
    const z = f.output("z", sint(4));
    f.assign(y, f.ref(a), 3);
    f.when(f.ref(go), 4, () => f.assign(z, f.ref(a), 5));
    f.assign(y, f.lit(9n, 4, false), 6);
    expect(runPass("check-widths", f.done())).toEqual([
      "fixture.ts:3: assigning a 4-bit value to output 'y' of 2 bits would truncate it; use .trunc(2) or make the target wider",
      "fixture.ts:5: assigning a uint(4) value to output 'z' of type sint(4); convert it with .asSigned()",
    ]);
  });
});
