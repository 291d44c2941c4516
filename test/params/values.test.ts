import { describe, expect, it } from "vitest";
import { choice, onOff, positiveSeconds, shardSpec, show, text, tileIndices, wholeNumber, wholeNumberOr } from "../../src/params/values.js";

/** The value a schema accepts, or the first message it rejects with. */
function read(schema: { safeParse(v: unknown): { success: boolean; data?: unknown; error?: { issues: Array<{ message: string }> } } }, v: unknown): unknown {
  const r = schema.safeParse(v);
  return r.success ? r.data : `error: ${r.error!.issues[0]!.message}`;
}

describe("parameter value schemas: what each accepts and how each rejects", () => {
  it("show quotes values as messages print them", () => {
    expect([show(undefined), show(3), show(true), show(null), show("x"), show([1, "a"]), show({ a: 1 })]).toEqual([
      "nothing",
      "3",
      "true",
      "null",
      '"x"',
      '[1,"a"]',
      '{"a":1}',
    ]);
  });

  it("wholeNumber reads numbers and numeric text in range, and says what is wrong otherwise", () => {
    const s = wholeNumber(1, 16);
    expect([read(s, 1), read(s, 16), read(s, "8"), read(s, " 12 "), read(s, "16.0")]).toEqual([1, 16, 8, 12, 16]);
    expect(read(s, 0)).toBe("error: must be at least 1, got 0");
    expect(read(s, "17")).toBe("error: must be at most 16, got 17");
    expect(read(s, 2.5)).toBe("error: must be a whole number, got 2.5");
    expect(read(s, "2.5")).toBe("error: must be a whole number, got 2.5");
    expect(read(s, "eight")).toBe('error: must be a whole number, got "eight"');
    expect(read(s, "")).toBe('error: must be a whole number, got ""');
    expect(read(s, true)).toBe("error: must be a whole number, got true");
    expect(read(wholeNumber(-3, 3), "-2")).toBe(-2);
  });

  it("wholeNumberOr takes its one word or a whole number", () => {
    const s = wholeNumberOr("lossless", 1, 32);
    expect([read(s, "lossless"), read(s, 7), read(s, "7")]).toEqual(["lossless", 7, 7]);
    expect(read(s, "Lossless")).toBe('error: must be a whole number or lossless, got "Lossless"');
    // A number out of range gets the range's own message.
    expect(read(s, 33)).toBe("error: must be at most 32, got 33");
    expect(read(s, true)).toBe("error: must be a whole number or lossless, got true");
  });

  it("positiveSeconds takes a number above 0", () => {
    const s = positiveSeconds();
    expect([read(s, 0.5), read(s, "120")]).toEqual([0.5, 120]);
    expect(read(s, 0)).toBe("error: must be above 0 seconds, got 0");
    expect(read(s, -1)).toBe("error: must be above 0 seconds, got -1");
    expect(read(s, "soon")).toBe('error: must be a number of seconds, got "soon"');
  });

  it("choice names every allowed word", () => {
    const s = choice(["a", "b"] as const);
    expect(read(s, "b")).toBe("b");
    expect(read(s, "c")).toBe('error: must be one of a, b, got "c"');
  });

  it("onOff takes booleans and the words true and false", () => {
    const s = onOff();
    expect([read(s, true), read(s, false), read(s, "true"), read(s, "false")]).toEqual([true, false, true, false]);
    expect(read(s, "yes")).toBe('error: must be true or false, got "yes"');
    expect(read(s, 1)).toBe("error: must be true or false, got 1");
  });

  it("text refuses anything but non-blank text", () => {
    const s = text("a file name");
    expect(read(s, "w.npy")).toBe("w.npy");
    expect(read(s, "  ")).toBe("error: must be a file name, not empty");
    expect(read(s, 3)).toBe("error: must be a file name, got 3");
  });

  it("tileIndices reads ROW,COL as text or a pair", () => {
    const s = tileIndices();
    expect([read(s, "1,2"), read(s, " 0 , 7 "), read(s, [3, 4]), read(s, [0, 1_000_000])]).toEqual([
      [1, 2],
      [0, 7],
      [3, 4],
      [0, 1_000_000],
    ]);
    const bad = (v: unknown) => `error: must be "ROW,COL" or [ROW, COL] with tile indices from 0 (e.g. "0,1"), got ${show(v)}`;
    for (const v of ["1", "1,2,3", "-1,0", "a,b", [1], [1, -1], [0, 1_000_001], [1.5, 0], 7]) expect(read(s, v)).toBe(bad(v));
  });

  it("shardSpec reads i/n with 1 <= i <= n or auto, and passes a checked value again", () => {
    const s = shardSpec();
    expect([read(s, "2/8"), read(s, " 1/1 "), read(s, "8/8"), read(s, { index: 3, count: 4 }), read(s, " auto ")]).toEqual([
      { index: 2, count: 8 },
      { index: 1, count: 1 },
      { index: 8, count: 8 },
      { index: 3, count: 4 },
      "auto",
    ]);
    expect(read(s, "0/4")).toBe('error: must have i between 1 and n (n >= 1), got "0/4"');
    expect(read(s, "5/4")).toBe('error: must have i between 1 and n (n >= 1), got "5/4"');
    expect(read(s, "1/0")).toBe('error: must have i between 1 and n (n >= 1), got "1/0"');
    expect(read(s, "2of8")).toBe('error: must be i/n, e.g. 2/8 for the second of eight shards, or auto inside an array job, got "2of8"');
    expect(read(s, 2)).toBe("error: must be i/n, e.g. 2/8 for the second of eight shards, or auto inside an array job, got 2");
    expect(read(s, null)).toBe("error: must be i/n, e.g. 2/8 for the second of eight shards, or auto inside an array job, got null");
  });
});
