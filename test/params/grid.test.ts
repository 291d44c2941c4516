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

describe("parseGridValues: every rejection with its message", () => {
  it("names the parameter and says how to write the value", () => {
    const err = (raw: unknown) => {
      try {
        parseGridValues(raw, "--rows");
      } catch (e) {
        return (e as Error).message;
      }
      return "accepted";
    };
    expect(err(true)).toBe("--rows: expected a number, a list or a range, got true");
    expect(err([1, null])).toBe("--rows: expected a number, a list or a range, got null");
    expect(err("1,,2")).toBe('--rows: empty item in "1,,2" (write a list as 1,2,3)');
    expect(err("")).toBe('--rows: empty item in "" (write a list as 1,2,3)');
    expect(err([])).toBe("--rows: the list is empty; give at least one value");
    expect(err("4..x")).toBe('--rows: cannot read range "4..x"; write a..b, a..b:step or a..b*factor');
    expect(err("1..4:0")).toBe('--rows: range "1..4:0" needs a step of at least 1');
    expect(err("3..2")).toBe('--rows: range "3..2" is empty (its end is below its start)');
    expect(err("0..8*2")).toBe('--rows: geometric range "0..8*2" needs a start above 0 and a factor of at least 2');
    expect(err("1..8*1")).toBe('--rows: geometric range "1..8*1" needs a start above 0 and a factor of at least 2');
  });

  it("keeps single-value ranges, steps that overshoot, negative numbers, words and first occurrences only", () => {
    expect(parseGridValues("5..5", "x")).toEqual([5]);
    expect(parseGridValues("1..10:4", "x")).toEqual([1, 5, 9]);
    expect(parseGridValues("3..40*3", "x")).toEqual([3, 9, 27]);
    expect(parseGridValues("-2..1", "x")).toEqual([-2, -1, 0, 1]);
    expect(parseGridValues("1.5,-3", "x")).toEqual([1.5, -3]);
    expect(parseGridValues(" dense , remap ", "x")).toEqual(["dense", "remap"]);
    expect(parseGridValues(["2", 2, "1..3", "lossless", "lossless"], "x")).toEqual([2, 1, 3, "lossless"]);
    // The number 2 and the word "2" read the same; a word that only looks numeric stays a word.
    expect(parseGridValues(["8", "R"], "x")).toEqual([8, "R"]);
  });
});
