import { afterAll, describe, expect, it } from "vitest";
import { popcountLeaf } from "../../src/hw/index.js";
import { toSimDesign } from "../../src/hdl/index.js";
import { closeAllSimulations } from "../../src/sim/index.js";
import { evalComb } from "./comb.js";
import { seededRandom } from "../../src/sme/index.js";

afterAll(closeAllSimulations);

function ones(v: bigint): bigint {
  let n = 0n;
  for (; v; v >>= 1n) n += v & 1n;
  return n;
}

async function countAll(width: number, values: bigint[]): Promise<bigint[]> {
  const rows = await evalComb(popcountLeaf({ width }) as never, values.map((bits) => ({ bits })), ["count"]);
  return rows.map((r) => r.count!);
}

describe("popcount leaf", () => {
  it("counts every value of a small adder-tree leaf and a SWAR leaf exhaustively", async () => {
    for (const width of [5, 13]) {
      const values = Array.from({ length: 2 ** width }, (_, i) => BigInt(i));
      expect(await countAll(width, values)).toEqual(values.map(ones));
    }
  });

  it("counts random and extreme 64-bit and 40-bit vectors", async () => {
    const rnd = seededRandom(11);
    for (const width of [40, 64]) {
      const all = (1n << BigInt(width)) - 1n;
      const values = [0n, all, all ^ 1n, 1n << BigInt(width - 1)];
      for (let i = 0; i < 3000; i++) {
        let v = 0n;
        const density = rnd();
        for (let b = 0; b < width; b++) if (rnd() < density) v |= 1n << BigInt(b);
        values.push(v);
      }
      expect(await countAll(width, values)).toEqual(values.map(ones));
    }
  });

  it("rejects widths it was not built for", () => {
    expect(() => toSimDesign(popcountLeaf({ width: 65 }))).toThrow(/1\.\.64/);
  });
});
