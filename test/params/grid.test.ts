import { describe, expect, it } from "vitest";
import { parseGridValues } from "../../src/params/grid.js";

describe("parseGridValues", () => {
  it("reads numbers, lists, ranges with steps, geometric ranges and mixtures", () => {
    expect(parseGridValues(128, "r")).toEqual([128]);
    expect(parseGridValues("32,64,128", "r")).toEqual([32, 64, 128]);
    expect(parseGridValues("1..4", "s")).toEqual([1, 2, 3, 4]);
    expect(parseGridValues("0..12:4", "s")).toEqual([0, 4, 8, 12]);
    expect(parseGridValues("32..256*2", "r")).toEqual([32, 64, 128, 256]);
    expect(parseGridValues("1..3,8,2", "s")).toEqual([1, 2, 3, 8]);
    expect(parseGridValues(["dense", "squeeze,remap"], "m")).toEqual(["dense", "squeeze", "remap"]);
  });

  it("rejects empty ranges and lists, and unreadable ranges, naming the parameter", () => {
    expect(() => parseGridValues("8..1", "--window (window)")).toThrow(/--window \(window\): range "8\.\.1" is empty/);
    expect(() => parseGridValues([], "--rows (rows)")).toThrow(/--rows \(rows\): the list is empty/);
    expect(() => parseGridValues("1,,2", "x")).toThrow(/empty item/);
    expect(() => parseGridValues("1..x", "x")).toThrow(/cannot read range/);
    expect(() => parseGridValues("0..8*2", "x")).toThrow(/geometric/);
  });
});
