import { describe, expect, it } from "vitest";
import { wavesFromEnvironment } from "../../src/sim/index.js";
import { UserError } from "../../src/util/errors.js";

describe("WAVES in the environment", () => {
  it("asks vitest runs of the harness for FST on 1, true or fst, and VCD on vcd", () => {
    for (const v of ["1", "true", "fst", "FST", " 1 "]) expect(wavesFromEnvironment({ VITEST: "true", WAVES: v })).toBe("fst");
    expect(wavesFromEnvironment({ VITEST: "true", WAVES: "vcd" })).toBe("vcd");
  });

  it("asks for nothing when unset, empty, 0 or false, or outside vitest", () => {
    for (const v of [undefined, "", "0", "false"]) expect(wavesFromEnvironment({ VITEST: "true", ...(v === undefined ? {} : { WAVES: v }) })).toBeUndefined();
    expect(wavesFromEnvironment({ WAVES: "1" })).toBeUndefined();
  });

  it("rejects a value that is no wave format with a message saying what to write", () => {
    expect(() => wavesFromEnvironment({ VITEST: "true", WAVES: "lxt" })).toThrow(UserError);
    expect(() => wavesFromEnvironment({ VITEST: "true", WAVES: "lxt" })).toThrow(/WAVES=lxt is not a wave format: use WAVES=1 \(FST\)/);
  });
});
