import { describe, expect, it } from "vitest";
import { HdlError, HdlErrorList } from "../../../src/hdl/errors.js";
import { checkModule, PASSES } from "../../../src/hdl/passes/index.js";
import { Fixture } from "./ir-fixture.js";

describe("the pass list", () => {
  it("is every pass, in the order docs/hdl.md lists them", () => {
    expect(PASSES.map((p) => p.name)).toEqual(["naming", "infer-widths", "check-widths", "check-drivers", "check-latches", "check-usage", "check-comb-loops"]);
  });

  it("fails a module with all its errors at once; the error reads as its first one", () => {
    const f = new Fixture("all_errors");
    const a = f.input("a", 8);
    const y = f.output("y", 4);
    f.wire("w", 2, 2);
    f.assign(y, f.ref(a), 3);
    let err: unknown;
    try {
      checkModule(f.done());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HdlErrorList);
    const list = err as HdlErrorList;
    expect(list).toBeInstanceOf(HdlError);
    expect(list.detail).toBe("assigning a 8-bit value to output 'y' of 4 bits would truncate it; use .trunc(4) or make the target wider");
    expect(list.loc?.line).toBe(3);
    expect(list.errors.map((e) => e.message)).toEqual([
      "fixture.ts:3: assigning a 8-bit value to output 'y' of 4 bits would truncate it; use .trunc(4) or make the target wider",
      "fixture.ts:2: undriven: wire 'w' is never assigned; assign it with .set(...)",
      "fixture.ts:2: unused: wire 'w' is never read; remove it or call .markUnused() on it",
    ]);
    expect(list.message).toBe(
      [
        "fixture.ts:3: assigning a 8-bit value to output 'y' of 4 bits would truncate it; use .trunc(4) or make the target wider",
        "2 more design errors in module 'all_errors':",
        "  fixture.ts:2: undriven: wire 'w' is never assigned; assign it with .set(...)",
        "  fixture.ts:2: unused: wire 'w' is never read; remove it or call .markUnused() on it",
      ].join("\n"),
    );
  });

  it("throws a module's only error as itself", () => {
    const f = new Fixture("one_error");
    f.output("y");
    let err: unknown;
    try {
      checkModule(f.done());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HdlError);
    expect(err).not.toBeInstanceOf(HdlErrorList);
    expect((err as HdlError).message).toBe("fixture.ts:1: undriven: output 'y' is never assigned; assign it with .set(...)");
  });
});
