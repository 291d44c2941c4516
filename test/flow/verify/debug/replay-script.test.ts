/** Which vectors the first-mismatch replay sends again, and the GTKWave save file it writes. */
import { describe, expect, it } from "vitest";
import type { Mismatch } from "../../../../src/flow/verify/compare.js";
import { renderSaveFile, traceName } from "../../../../src/flow/verify/debug/gtkw.js";
import { mainRunScript, traceGroups } from "../../../../src/flow/verify/debug/replay.js";
import { buildTile, tileInterface } from "../../../../src/hw/index.js";
import { buildProgramImage, makeTileParams, planForTile, syntheticMatrix } from "../../../../src/sme/index.js";

const vectors = Array.from({ length: 130 }, (_, v) => Uint32Array.from({ length: 8 }, () => v % 16));
const job = { vectors, blockSize: 16, firstBlock: { size: 64, backpressure: { random: 0.6, seed: 7 } }, program: null };
const p = makeTileParams({ rows: 8, cols: 8, weightBits: 4, window: 2, actBits: 4, squeeze: 1 });
const plan = planForTile(syntheticMatrix(8, 8, 1), p).plan;
const mismatch = (vector: number, column = 3): Mismatch => ({
  vector,
  column,
  expected: 5,
  observed: 4,
  columns: [column],
  input: Array.from(vectors[vector]),
});

describe("mainRunScript", () => {
  it("replays the vectors before the failing one, cut where the run cut its stream requests", () => {
    const s = mainRunScript(job, 1, mismatch(100), 8, plan);
    expect(s.firstVector).toBe(92);
    expect(s.blocks.map((b) => [b.vectors.length, b.backpressure])).toEqual([
      [4, "always"],
      [5, "always"],
    ]);
    expect(s.blocks[1].vectors.at(-1)).toBe(vectors[100]);
  });

  it("widens the window to the start of a block with random stalls, whose pattern counts from there", () => {
    const s = mainRunScript(job, 1, mismatch(10), 8, plan);
    expect(s.firstVector).toBe(0);
    expect(s.blocks).toHaveLength(1);
    expect(s.blocks[0].vectors).toHaveLength(11);
    expect(s.blocks[0].backpressure).toEqual({ random: 0.6, seed: 7 });
  });

  it("starts from the first vector of the shard that checked it", () => {
    // 130 vectors on 3 simulators: shards from 0, 44 and 88, each opening with its stalled block.
    const s = mainRunScript(job, 3, mismatch(50), 4, plan);
    expect(s.firstVector).toBe(44);
    expect(s.blocks[0].vectors[0]).toBe(vectors[44]);
    expect(s.blocks[0].vectors).toHaveLength(7);
  });
});

describe("the replay's GTKWave save file", () => {
  const hw = buildTile(p, { kind: "programmable" });
  const tile = tileInterface(hw);
  const image = buildProgramImage(plan, hw.slots);

  it("groups the handshakes, the controller, the failing column and the rows it holds, under the tile's scope", () => {
    const groups = traceGroups(tile, mismatch(3, 2), { slots: plan.crossbars.map((_, s) => s), plan });
    expect(groups.map((g) => g.title)).toEqual([
      "handshakes",
      "controller: digit, group, steps",
      "column 2: result, accumulator",
      "column 2: bit-line count and ADC code per crossbar",
      "column 2: rows with a set cell (activation, row-map entry)",
    ]);
    const scope = `top.${tile.name}`;
    expect(groups[0].traces.map((t) => t.name)).toContain(`${scope}.prog_target[1:0]`);
    expect(groups[2].traces[0]).toMatchObject({
      name: `${scope}.out_sum[${tile.ports.find((q) => q.name === "out_sum")!.width - 1}:0]`,
      radix: "signed",
      slice: { hi: 3 * tile.outputWidth - 1, lo: 2 * tile.outputWidth, alias: "y[2]" },
    });
    expect(groups[2].traces[2].name).toBe(`${scope}.column_2.acc[${tile.outputWidth - 1}:0]`);
    expect(groups[3].traces.map((t) => t.name)).toContain(`${scope}.xbar_0_count_2[3:0]`);
    expect(groups[4].traces.some((t) => /rcmr_(pos|neg)_row_\d+$/.test(t.name))).toBe(true);
    expect(image.transfers.length).toBeGreaterThan(0);
  });

  it("renders groups, radixes, the marker and bit slices as GTKWave writes them", () => {
    const text = renderSaveFile({
      dumpfile: "/d/verify/first-mismatch.fst",
      savefile: "/d/verify/first-mismatch.gtkw",
      timeStart: -40,
      marker: 1235,
      groups: [
        { title: "handshakes", traces: [{ name: traceName("top.t", "in_valid", 1), radix: "bin" }] },
        { title: "empty", traces: [] },
        { title: "column 1", traces: [{ name: traceName("top.t", "out_sum", 24), radix: "signed", slice: { hi: 23, lo: 12, width: 24, alias: "y[1]" } }] },
      ],
    });
    const lines = text.split("\n");
    expect(lines).toContain('[dumpfile] "/d/verify/first-mismatch.fst"');
    expect(lines).toContain("[timestart] 0");
    expect(lines.find((l) => l.startsWith("*"))!.split(" ")[1]).toBe("1235");
    expect(lines.slice(lines.indexOf("@800200"), lines.indexOf("@800200") + 5)).toEqual(["@800200", "-handshakes", "@28", "top.t.in_valid", "@1000200"]);
    expect(text).not.toContain("-empty");
    // Bits 23..12 of a [23:0] vector are positions 0..11 from its most significant end.
    const slice = lines.find((l) => l.startsWith("#{y[1]}"))!;
    expect(slice.split(" ").slice(1)).toEqual(Array.from({ length: 12 }, (_, k) => `(${k})top.t.out_sum[23:0]`));
    expect(lines[lines.indexOf(slice) - 1]).toBe("@424");
  });
});
