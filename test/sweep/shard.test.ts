import { describe, expect, it } from "vitest";
import { parseShard, selectShard } from "../../src/sweep/shard.js";

describe("shards", () => {
  it("parses i/n and splits items into disjoint shards that cover them all", () => {
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    const items = Array.from({ length: 10 }, (_, i) => i);
    const shards = [1, 2, 3].map((i) => selectShard(items, { index: i, count: 3 }));
    expect(shards[0]).toEqual([0, 3, 6, 9]);
    expect(shards.flat().sort((a, b) => a - b)).toEqual(items);
    expect(selectShard(items, undefined)).toEqual(items);
  });

  it("rejects malformed and out-of-range shards", () => {
    expect(() => parseShard("0/3")).toThrow(/between 1 and n/);
    expect(() => parseShard("4/3")).toThrow(/between 1 and n/);
    expect(() => parseShard("two")).toThrow(/--shard must be i\/n, e.g. 2\/8/);
  });
});
