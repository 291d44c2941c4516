import { describe, expect, it } from "vitest";
import { type MappingPlan, mapTile, storedRowMap } from "../../src/sme/mapping.js";
import { matrixFromRows } from "../../src/sme/matrix.js";
import { analyzeLayer } from "../../src/sme/metrics.js";
import { makeTileParams } from "../../src/sme/params.js";
import { tileFromCodes } from "../../src/sme/tile.js";

/** Each crossbar as [sign, base, valid rows, source rows, shifts], for comparing a plan with a hand-worked one. */
const layout = (plan: MappingPlan) => plan.crossbars.map((x) => [x.sign, x.base, Array.from(x.rowValid), Array.from(x.rowSrc), Array.from(x.rowShift)]);
/** The cells of each crossbar, one array of 0/1 per physical row. */
const cells = (plan: MappingPlan) =>
  plan.crossbars.map((x) =>
    Array.from({ length: plan.rows }, (_, r) => Array.from({ length: plan.cols }, (_, j) => (x.cells[r * plan.wordsPerRow + (j >> 5)] >>> (j & 31)) & 1)),
  );

describe("hand-worked mappings (design.md §2.3): every mode on one 4 x 2 tile, N = 4, D = 2", () => {
  // Row magnitudes per sign (N = 4, so keepTop = N - 1 - D = 1: a row shifts when its top bit is above 1):
  //   row 0: +4 (0100)         positive top 2 -> squeeze 2, squeeze-min 1
  //   row 1: +2 (0010)         positive top 1 -> no shift
  //   row 2: +8 (1000), -3     positive top 3 -> 2 and 2; negative 0011 top 1 -> no shift
  //   row 3: -5 (0101)         negative top 2 -> squeeze 2, squeeze-min 1
  const tile = tileFromCodes(4, 2, 4, [4, 0, 2, 0, 8, -3, 0, -5]);
  const p = makeTileParams({ rows: 4, cols: 2, weightBits: 4, window: 4, squeeze: 2, mode: "squeeze" });

  it("dense: 2N crossbars, every row valid, no shift, nothing lost", () => {
    const plan = mapTile(tile, { ...p, mode: "dense" });
    expect(plan.crossbars.map((x) => [x.sign, x.base])).toEqual([
      [1, 0],
      [1, 1],
      [1, 2],
      [1, 3],
      [-1, 0],
      [-1, 1],
      [-1, 2],
      [-1, 3],
    ]);
    expect(plan.maxShift).toBe(0);
    expect(plan.modeMaxShift).toBe(0);
    expect(plan.squeeze).toBe(0);
    expect(plan.rowShiftBySign).toBeNull();
    expect(plan.dropped).toEqual({ cells: 0, bitRows: 0 });
    // Bit 2 of the positive set: only row 0 (4); bit 0 of the negative set: rows 2 (3) and 3 (5).
    expect(cells(plan)[2]).toEqual([
      [1, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    expect(cells(plan)[4]).toEqual([
      [0, 0],
      [0, 0],
      [0, 1],
      [0, 1],
    ]);
    expect(storedRowMap(plan)).toEqual({ scope: "none" });
  });

  it("bitslice: only the bit positions a sign uses (positive 1, 2, 3; negative 0, 1, 2)", () => {
    const plan = mapTile(tile, { ...p, mode: "bitslice" });
    expect(plan.crossbars.map((x) => [x.sign, x.base])).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
      [-1, 0],
      [-1, 1],
      [-1, 2],
    ]);
    expect(cells(plan)).toEqual([
      [
        [0, 0],
        [1, 0],
        [0, 0],
        [0, 0],
      ],
      [
        [1, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ],
      [
        [0, 0],
        [0, 0],
        [1, 0],
        [0, 0],
      ],
      [
        [0, 0],
        [0, 0],
        [0, 1],
        [0, 1],
      ],
      [
        [0, 0],
        [0, 0],
        [0, 1],
        [0, 0],
      ],
      [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 1],
      ],
    ]);
    expect(plan.dropped).toEqual({ cells: 0, bitRows: 0 });
  });

  it("squeeze D = 2: shifts 2,0,2,0 (positive) and 0,0,0,2 (negative), four crossbars, -5 loses its bit 0", () => {
    const plan = mapTile(tile, { ...p, mode: "squeeze" });
    expect(Array.from(plan.rowShiftBySign![0])).toEqual([2, 0, 2, 0]);
    expect(Array.from(plan.rowShiftBySign![1])).toEqual([0, 0, 0, 2]);
    // Positive rows shifted down: 4>>2 = 01, 2, 8>>2 = 10, 0 -> bits 0 and 1 used: bases 0 and 1.
    // Negative: 3, 5>>2 = 01 -> bases 0 and 1.
    expect(layout(plan)).toEqual([
      [1, 0, [1, 1, 1, 1], [0, 1, 2, 3], [2, 0, 2, 0]],
      [1, 1, [1, 1, 1, 1], [0, 1, 2, 3], [2, 0, 2, 0]],
      [-1, 0, [1, 1, 1, 1], [0, 1, 2, 3], [0, 0, 0, 2]],
      [-1, 1, [1, 1, 1, 1], [0, 1, 2, 3], [0, 0, 0, 2]],
    ]);
    expect(cells(plan)).toEqual([
      [
        [1, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ],
      [
        [0, 0],
        [1, 0],
        [1, 0],
        [0, 0],
      ],
      [
        [0, 0],
        [0, 0],
        [0, 1],
        [0, 1],
      ],
      [
        [0, 0],
        [0, 0],
        [0, 1],
        [0, 0],
      ],
    ]);
    expect(Array.from(plan.mappedCodes)).toEqual([4, 0, 2, 0, 8, -3, 0, -4]);
    expect(plan.dropped).toEqual({ cells: 1, bitRows: 1 });
    expect(plan.maxShift).toBe(2);
    expect(plan.modeMaxShift).toBe(2);
    expect(plan.squeeze).toBe(2);
    // The hardware stores one RCMR bit per row and sign.
    const stored = storedRowMap(plan);
    expect(stored.scope === "per-sign" && [Array.from(stored.positive), Array.from(stored.negative)]).toEqual([
      [1, 0, 1, 0],
      [0, 0, 0, 1],
    ]);
  });

  it("squeeze-min D = 2: shifts 1,0,2,0 and 0,0,0,1 need one positive crossbar fewer than squeeze", () => {
    const plan = mapTile(tile, { ...p, mode: "squeeze-min" });
    expect(Array.from(plan.rowShiftBySign![0])).toEqual([1, 0, 2, 0]);
    expect(Array.from(plan.rowShiftBySign![1])).toEqual([0, 0, 0, 1]);
    // Positive rows shifted: 4>>1 = 10, 2 = 10, 8>>2 = 10 -> only bit 1: one crossbar at base 1.
    // Negative: 3 = 11, 5>>1 = 10 -> bases 0 and 1.
    expect(layout(plan)).toEqual([
      [1, 1, [1, 1, 1, 1], [0, 1, 2, 3], [1, 0, 2, 0]],
      [-1, 0, [1, 1, 1, 1], [0, 1, 2, 3], [0, 0, 0, 1]],
      [-1, 1, [1, 1, 1, 1], [0, 1, 2, 3], [0, 0, 0, 1]],
    ]);
    expect(cells(plan)).toEqual([
      [
        [1, 0],
        [1, 0],
        [1, 0],
        [0, 0],
      ],
      [
        [0, 0],
        [0, 0],
        [0, 1],
        [0, 0],
      ],
      [
        [0, 0],
        [0, 0],
        [0, 1],
        [0, 1],
      ],
    ]);
    expect(Array.from(plan.mappedCodes)).toEqual([4, 0, 2, 0, 8, -3, 0, -4]);
    expect(plan.dropped).toEqual({ cells: 1, bitRows: 1 });
    expect(plan.maxShift).toBe(2);
    const stored = storedRowMap(plan);
    expect(stored.scope === "per-sign" && [Array.from(stored.positive), Array.from(stored.negative)]).toEqual([
      [1, 0, 2, 0],
      [0, 0, 0, 1],
    ]);
  });

  it("remap: bit-rows by k descending then row, R = 4 per crossbar, one crossbar per sign", () => {
    const plan = mapTile(tile, { ...p, mode: "remap" });
    // Positive bit-rows (row, k): (2,3), (0,2), (1,1) -> base 1, shifts 2, 1, 0, last row unused.
    // Negative: (3,2), (2,1), (2,0), (3,0) -> base 0, shifts 2, 1, 0, 0.
    expect(layout(plan)).toEqual([
      [1, 1, [1, 1, 1, 0], [2, 0, 1, 0], [2, 1, 0, 0]],
      [-1, 0, [1, 1, 1, 1], [3, 2, 2, 3], [2, 1, 0, 0]],
    ]);
    expect(cells(plan)).toEqual([
      [
        [1, 0],
        [1, 0],
        [1, 0],
        [0, 0],
      ],
      [
        [0, 1],
        [0, 1],
        [0, 1],
        [0, 1],
      ],
    ]);
    expect(plan.maxShift).toBe(2);
    expect(plan.modeMaxShift).toBe(3);
    expect(Array.from(plan.mappedCodes)).toEqual(Array.from(tile.codes));
    expect(plan.dropped).toEqual({ cells: 0, bitRows: 0 });
    const stored = storedRowMap(plan);
    expect(stored.scope === "per-crossbar" && stored.entries.map((e) => Array.from(e.src))).toEqual([
      [2, 0, 1, 0],
      [3, 2, 2, 3],
    ]);
  });

  it("a sign without codes gets no crossbar in the sparse modes", () => {
    const positiveOnly = tileFromCodes(2, 1, 4, [6, 1]);
    const q = { ...p, rows: 2, cols: 1 };
    expect(mapTile(positiveOnly, { ...q, mode: "bitslice" }).crossbars.map((x) => [x.sign, x.base])).toEqual([
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    // squeeze D = 2: 6 = 0110 (top 2) shifts by 2 -> 01, 1 stays -> base 0 only; squeeze-min shifts 6 by 1 -> 11.
    expect(mapTile(positiveOnly, { ...q, mode: "squeeze" }).crossbars.map((x) => [x.sign, x.base])).toEqual([[1, 0]]);
    expect(mapTile(positiveOnly, { ...q, mode: "squeeze-min" }).crossbars.map((x) => [x.sign, x.base])).toEqual([
      [1, 0],
      [1, 1],
    ]);
    // remap: bit-rows (0,2), (0,1) fill the first crossbar (base 1), (1,0) the second (base 0).
    expect(mapTile(positiveOnly, { ...q, mode: "remap" }).crossbars.map((x) => [x.sign, x.base])).toEqual([
      [1, 1],
      [1, 0],
    ]);
    expect(mapTile(tileFromCodes(2, 1, 4, [0, 0]), { ...q, mode: "remap" }).crossbars).toEqual([]);
  });
});

describe("hand-worked layer metrics (design.md §2.4): codes 15, -5 / 4, 2 in one 2 x 2 tile, N = S = 4, D = 2", () => {
  // The largest magnitude is 15 = qmax, so delta = 1 and the codes are the weights themselves.
  // Positive rows: 15 = 1111 (top 3), 4 | 2 = 0110 (top 2); negative rows: 5 = 0101 (top 2), none.
  const w = matrixFromRows("hand", [
    [15, -5],
    [4, 2],
  ]);
  const m = analyzeLayer(w, makeTileParams({ rows: 2, cols: 2, weightBits: 4, window: 4, squeeze: 2 }));
  const signal = 15 ** 2 + 5 ** 2 + 4 ** 2 + 2 ** 2;

  it("counts the quantization and the non-empty bit-rows per bit position over 1 tile x 2 signs x 2 rows", () => {
    expect([m.fanIn, m.fanOut, m.tileRows, m.tileCols, m.weights]).toEqual([2, 2, 1, 1, 4]);
    expect(m.signalEnergy).toBe(signal);
    expect(m.quantErrorEnergy).toBe(0);
    expect(m.sqnrQuantDb).toBe(Number.POSITIVE_INFINITY);
    // Bit 0: +15 and -5; bit 1: +15 and +6; bit 2: +15, +6 and -5; bit 3: +15.
    expect(m.nonEmptyBitRowFraction).toEqual([2 / 4, 2 / 4, 3 / 4, 1 / 4]);
  });

  it("dense, bitslice and remap: crossbars, shifts, input cycles and row-map bits", () => {
    expect(m.modes.dense).toEqual({
      crossbars: 8,
      ratioToDense: 1,
      cells: 32,
      droppedCells: 0,
      droppedBitRows: 0,
      sqnrMappedDb: Number.POSITIVE_INFINITY,
      maxShift: 0,
      inputCycles: 8,
      rowMapBits: 0,
      errorEnergy: 0,
    });
    // Positive bits used: all four; negative: bits 0 and 2.
    expect(m.modes.bitslice).toMatchObject({ crossbars: 6, ratioToDense: 6 / 8, cells: 24, maxShift: 0, inputCycles: 8, rowMapBits: 0 });
    // Remap: positive bit-rows k = 3, 2, 2, 1, 1, 0 in crossbars of 2 (shifts 1, 1, 1); negative k = 2, 0 (shift 2).
    // Each physical row stores {valid, src (1 bit), shift (2 bits)} = 4 bits: 4 crossbars x 2 rows x 4.
    expect(m.modes.remap).toEqual({
      crossbars: 4,
      ratioToDense: 4 / 8,
      cells: 16,
      droppedCells: 0,
      droppedBitRows: 0,
      sqnrMappedDb: Number.POSITIVE_INFINITY,
      maxShift: 2,
      inputCycles: 10,
      rowMapBits: 32,
      errorEnergy: 0,
    });
  });

  it("squeeze D = 2: every non-empty row shifts by 2 and loses its two low bit-rows", () => {
    // Positive: 15 -> 12 (2 cells), 6 -> 4 (the 2 goes: 1 cell); negative: 5 -> 4 (1 cell).
    // Kept bits >> 2: positive 11 | 01 -> 2 crossbars; negative 01 -> 1. Errors 3^2 + 1^2 + 2^2 = 14.
    expect(m.modes.squeeze).toEqual({
      crossbars: 3,
      ratioToDense: 3 / 8,
      cells: 12,
      droppedCells: 4,
      droppedBitRows: 4,
      sqnrMappedDb: 10 * Math.log10(signal / 14),
      maxShift: 2,
      inputCycles: 10,
      rowMapBits: 4,
      errorEnergy: 14,
    });
  });

  it("squeeze-min D = 2: each row shifts only as far as its top bit needs", () => {
    // Positive: 15 shifts 2 (-> 12), 6 shifts 1 (keeps 4 and 2); negative: 5 shifts 1 (-> 4).
    // Kept bits >> shift: positive 11 | 11 -> 2 crossbars; negative 10 -> 1. Errors 3^2 + 1^2 = 10.
    // Stored shifts are ceil(log2(D + 1)) = 2 bits per row and sign with a crossbar: 2 signs x 2 rows x 2.
    expect(m.modes["squeeze-min"]).toEqual({
      crossbars: 3,
      ratioToDense: 3 / 8,
      cells: 12,
      droppedCells: 3,
      droppedBitRows: 3,
      sqnrMappedDb: 10 * Math.log10(signal / 10),
      maxShift: 2,
      inputCycles: 10,
      rowMapBits: 8,
      errorEnergy: 10,
    });
  });
});
