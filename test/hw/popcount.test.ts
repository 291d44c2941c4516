import { afterAll, describe, expect, it } from "vitest";
import { popcount, popcountLeaf } from "../../src/hw/index.js";
import { clog2, defineModule, input, output, toSimDesign, uint, type Expr, type PortSpec, type Signal } from "../../src/hdl/index.js";
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
  const rows = await evalComb(
    popcountLeaf({ width }) as never,
    values.map((bits) => ({ bits })),
    ["count"],
  );
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

  it("counts over several chunks: byte lanes, 16-bit lanes above 255 bits, and more than 30 chunks", async () => {
    const rnd = seededRandom(5);
    for (const widths of [[64, 64], [64, 36], [64, 64, 64], [64, 64, 64, 5], [64, 64, 64, 64, 64], Array.from({ length: 33 }, () => 64)]) {
      const total = widths.reduce((a, b) => a + b, 0);
      const ports: Record<string, PortSpec> = Object.fromEntries(widths.map((w, i) => [`c${i}`, input(uint(w))]));
      ports.count = output(uint(clog2(total + 1)));
      const def = defineModule(`pc_chunks_${widths.length}_${total}`, ports, (_m, io) => {
        const pins = io as unknown as Record<string, Signal & { set(v: Expr): void }>;
        pins.count!.set(popcount(widths.map((_w, i) => pins[`c${i}`]!)));
      });
      const full = (w: number): bigint => (1n << BigInt(w)) - 1n;
      const rows: Record<string, bigint>[] = [
        Object.fromEntries(widths.map((w, i) => [`c${i}`, full(w)])),
        Object.fromEntries(widths.map((_w, i) => [`c${i}`, 0n])),
      ];
      for (let r = 0; r < 200; r++) {
        const density = rnd();
        rows.push(
          Object.fromEntries(
            widths.map((w, i) => {
              let v = 0n;
              for (let b = 0; b < w; b++) if (rnd() < density) v |= 1n << BigInt(b);
              return [`c${i}`, v];
            }),
          ),
        );
      }
      const got = await evalComb(def as never, rows, ["count"]);
      expect(
        got.map((g) => g.count),
        widths.join(","),
      ).toEqual(rows.map((row) => Object.values(row).reduce((a, v) => a + ones(v), 0n)));
    }
  });

  it("rejects widths it was not built for", () => {
    expect(() => toSimDesign(popcountLeaf({ width: 65 }))).toThrow(/1\.\.64/);
  });
});
