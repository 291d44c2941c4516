import { describe, expect, it } from "vitest";
import { mapTile } from "../../src/sme/mapping.js";
import { makeTileParams } from "../../src/sme/params.js";
import {
  applyProgramImage,
  buildProgramImage,
  ignoredTransfer,
  type ProgTransfer,
  type ProgramImage,
  programImageFromJson,
  programImageToHex,
  programImageToJson,
} from "../../src/sme/program-image.js";
import { packFields, progLayout, readField } from "../../src/sme/program-layout.js";
import { messageOf } from "../error-message.js";
import { tileFromCodes } from "../../src/sme/tile.js";
import { UserError } from "../../src/util/errors.js";

const transfers = (image: ProgramImage) => image.transfers.map((t) => [t.target, t.xbar, t.row, Number(t.data)]);

describe("programming images worked by hand (design.md §4.6)", () => {
  it("remap, 2 x 2, N = 2: codes 3, -1 / 0, 2", () => {
    // Positive bit-rows (row, k): (0,1), (1,1), (0,0) -> crossbar 0 (base 1) holds the first two, crossbar 1
    // (base 0) the third; negative (0,0) -> crossbar 2 (base 0). K = 2N = 4 slots, slot 3 stays disabled.
    const p = makeTileParams({ rows: 2, cols: 2, weightBits: 2, window: 2, mode: "remap" });
    const image = buildProgramImage(mapTile(tileFromCodes(2, 2, 2, [3, -1, 0, 2]), p));
    const L = image.layout;
    expect(L.target1.map((f) => [f.name, f.offset, f.width])).toEqual([
      ["shift", 0, 1],
      ["src", 1, 1],
      ["valid", 2, 1],
    ]);
    expect(L.target2.map((f) => [f.name, f.offset, f.width])).toEqual([
      ["base", 0, 1],
      ["sign", 1, 1],
      ["enable", 2, 1],
    ]);
    expect([L.slots, L.PW, L.xbarWidth, L.rowWidth, L.rowMapScope, L.rowMapStoredBits]).toEqual([4, 3, 2, 1, "per-crossbar", 3]);
    expect(L.hexWord).toEqual({ width: 8, dataOffset: 0, rowOffset: 3, xbarOffset: 4, targetOffset: 6 });
    expect(transfers(image)).toEqual([
      // descriptors {enable, sign, base}
      [2, 0, 0, 0b101],
      [2, 1, 0, 0b100],
      [2, 2, 0, 0b110],
      [2, 3, 0, 0],
      // row-map entries {valid, src, shift} of every row of every crossbar
      [1, 0, 0, 0b100],
      [1, 0, 1, 0b110],
      [1, 1, 0, 0b100],
      [1, 1, 1, 0],
      [1, 2, 0, 0b100],
      [1, 2, 1, 0],
      // cell rows, bit j = column j
      [0, 0, 0, 0b01],
      [0, 0, 1, 0b10],
      [0, 1, 0, 0b01],
      [0, 1, 1, 0],
      [0, 2, 0, 0b10],
      [0, 2, 1, 0],
    ]);
    expect(programImageToHex(image)).toBe(
      [
        "// sme programming image: mode remap, 2x2, N=2, K=4, 16 transfers",
        "// word 8 bits = {target[2] @6, xbar[2] @4, row[1] @3, data[3] @0}",
        ...["85", "94", "a6", "b0", "44", "4e", "54", "58", "64", "68", "01", "0a", "11", "18", "22", "28"],
        "",
      ].join("\n"),
    );
  });

  it("squeeze-min D = 1, 2 x 1, N = 3: codes 6 / -1; row maps go through each sign's first crossbar", () => {
    // 6 = 110 (top 2 > N-1-D = 1) shifts by 1: bases 0 and 1 hold its bits 1 and 2; -1 stays at base 0.
    const p = makeTileParams({ rows: 2, cols: 1, weightBits: 3, window: 3, mode: "squeeze-min", squeeze: 1 });
    const plan = mapTile(tileFromCodes(2, 1, 3, [6, -1]), p);
    const image = buildProgramImage(plan);
    const L = image.layout;
    expect(L.target2.map((f) => [f.name, f.offset, f.width])).toEqual([
      ["base", 0, 2],
      ["sign", 2, 1],
      ["enable", 3, 1],
    ]);
    expect([L.slots, L.PW, L.xbarWidth, L.rowWidth, L.rowMapScope, L.rowMapStoredBits]).toEqual([4, 4, 2, 1, "per-sign", 1]);
    expect(L.target1.map((f) => [f.name, f.stored, f.meaning])).toEqual([
      ["shift", true, "row shift"],
      ["src", false, "fixed to the physical row"],
      ["valid", false, "fixed 1"],
    ]);
    expect(transfers(image)).toEqual([
      [2, 0, 0, 0b1000],
      [2, 1, 0, 0b1001],
      [2, 2, 0, 0b1100],
      [2, 3, 0, 0],
      [1, 0, 0, 1],
      [1, 0, 1, 0],
      [1, 2, 0, 0],
      [1, 2, 1, 0],
      [0, 0, 0, 1],
      [0, 0, 1, 0],
      [0, 1, 0, 1],
      [0, 1, 1, 0],
      [0, 2, 0, 0],
      [0, 2, 1, 1],
    ]);
    expect(programImageToHex(image).split("\n")).toEqual([
      "// sme programming image: mode squeeze-min, 2x1, N=3, K=4, 14 transfers",
      "// word 9 bits = {target[2] @7, xbar[2] @5, row[1] @4, data[4] @0}",
      ...["108", "129", "14c", "160", "081", "090", "0c0", "0d0", "001", "010", "021", "030", "040", "051"],
      "",
    ]);
    const loaded = applyProgramImage(image);
    expect(loaded.crossbars.map((x) => [x.sign, x.base, Array.from(x.rowShift)])).toEqual([
      [1, 0, [1, 0]],
      [1, 1, [1, 0]],
      [-1, 0, [0, 0]],
    ]);
    expect(Array.from(loaded.rowShiftBySign![0])).toEqual([1, 0]);
    expect(Array.from(loaded.mappedCodes)).toEqual([6, -1]);
    expect([loaded.maxShift, loaded.modeMaxShift, loaded.squeeze, loaded.wordsPerRow]).toEqual([1, 1, 1, 1]);
    expect(loaded.dropped).toEqual({ cells: 0, bitRows: 0 });
  });

  it("squeeze stores the RCMR bit and loads it back as a shift of D", () => {
    // N = 4, D = 2: 12 = 1100 shifts by 2; a stored bit 1 reads back as a shift of D = 2.
    const p = makeTileParams({ rows: 1, cols: 1, weightBits: 4, window: 4, mode: "squeeze", squeeze: 2 });
    const image = buildProgramImage(mapTile(tileFromCodes(1, 1, 4, [12]), p));
    expect(image.layout.target1[0]).toEqual({ name: "shift", offset: 0, width: 1, stored: true, meaning: "RCMR bit: row shift = bit * 2" });
    expect(image.transfers.filter((t) => t.target === 1).map((t) => [t.xbar, t.row, Number(t.data)])).toEqual([[0, 0, 1]]);
    const loaded = applyProgramImage(image);
    expect(loaded.crossbars.map((x) => [x.sign, x.base, x.rowShift[0]])).toEqual([
      [1, 0, 2],
      [1, 1, 2],
    ]);
    expect(Array.from(loaded.rowShiftBySign![0])).toEqual([2]);
    expect(Array.from(loaded.mappedCodes)).toEqual([12]);
    expect(loaded.maxShift).toBe(2);
  });

  it("dense and bitslice store no row map", () => {
    const p = makeTileParams({ rows: 2, cols: 1, weightBits: 2, window: 2, mode: "bitslice" });
    const image = buildProgramImage(mapTile(tileFromCodes(2, 1, 2, [2, -2]), p));
    expect(image.layout.rowMapScope).toBe("none");
    expect(image.layout.target1.map((f) => [f.stored, f.meaning])).toEqual([
      [false, "fixed 0"],
      [false, "fixed to the physical row"],
      [false, "fixed 1"],
    ]);
    expect(transfers(image)).toEqual([
      [2, 0, 0, 0b101],
      [2, 1, 0, 0b111],
      [2, 2, 0, 0],
      [2, 3, 0, 0],
      [0, 0, 0, 1],
      [0, 0, 1, 0],
      [0, 1, 0, 0],
      [0, 1, 1, 1],
    ]);
    expect(applyProgramImage(image).rowShiftBySign).toBeNull();
  });
});

describe("programming layouts and their bad input", () => {
  it("sizes every field from R, C, N and D", () => {
    const remap = progLayout({ mode: "remap", rows: 100, cols: 3, weightBits: 9, squeeze: 2 });
    // src ceil(log2 100) = 7 bits, shift bitsFor(8) = 4, base bitsFor(8) = 4; PW = max(3, 4+7+1, 4+2) = 12.
    expect(remap.target1.map((f) => [f.offset, f.width])).toEqual([
      [0, 4],
      [4, 7],
      [11, 1],
    ]);
    expect(remap.target2.map((f) => [f.offset, f.width])).toEqual([
      [0, 4],
      [4, 1],
      [5, 1],
    ]);
    expect([remap.PW, remap.slots, remap.xbarWidth, remap.rowWidth, remap.target0.width]).toEqual([12, 18, 5, 7, 3]);
    expect(progLayout({ mode: "squeeze-min", rows: 4, cols: 2, weightBits: 8, squeeze: 4 }).target1[0].width).toBe(3);
    expect(progLayout({ mode: "dense", rows: 4, cols: 2, weightBits: 8, squeeze: 4 }).squeeze).toBe(0);
    expect(progLayout({ mode: "dense", rows: 4, cols: 64, weightBits: 8, squeeze: 4 }, 1)).toMatchObject({ slots: 1, xbarWidth: 1, PW: 64 });
    expect(progLayout({ mode: "bitslice", rows: 4, cols: 2, weightBits: 8, squeeze: 4 }, 0).slots).toBe(0);
    expect(Object.isFrozen(remap)).toBe(true);
  });

  it("refuses a slot count that is not a whole number >= 0", () => {
    for (const K of [-1, 2.5, Number.NaN]) {
      expect(() => progLayout({ mode: "dense", rows: 2, cols: 2, weightBits: 2, squeeze: 1 }, K)).toThrow(UserError);
      expect(() => progLayout({ mode: "dense", rows: 2, cols: 2, weightBits: 2, squeeze: 1 }, K)).toThrow(
        `programming layout: slot count K = ${K} must be a whole number >= 0`,
      );
    }
  });

  it("packs and reads fields, and refuses a value that does not fit its field", () => {
    const fields = progLayout({ mode: "remap", rows: 4, cols: 2, weightBits: 4, squeeze: 1 }).target1;
    const word = packFields(fields, { shift: 3, src: 2, valid: 1 });
    expect(word).toBe(0b1_10_11n);
    expect(fields.map((f) => readField(word, f))).toEqual([3, 2, 1]);
    expect(packFields(fields, {})).toBe(0n);
    expect(() => packFields(fields, { src: 4 })).toThrow("field src = 4 does not fit 2 bits");
    expect(() => packFields(fields, { shift: -1 })).toThrow("field shift = -1 does not fit 2 bits");
  });

  it("refuses transfers outside the tile, bits outside N, and JSON of another format", () => {
    const p = makeTileParams({ rows: 2, cols: 1, weightBits: 2, window: 2, mode: "remap" });
    const image = buildProgramImage(mapTile(tileFromCodes(2, 1, 2, [1, 0]), p));
    // The tile ignores a transfer to an address that does not exist (design.md §4.5), and so does the model;
    // strict (a design folder's image) refuses it.
    const outside = (xbar: number, row: number, strict = true) => applyProgramImage({ ...image, transfers: [{ target: 0, xbar, row, data: 1n }] }, { strict });
    expect(() => outside(4, 0)).toThrow("programming image: transfer 0 (target 0) addresses crossbar 4 row 0, outside the 4x2 tile; the tile ignores it");
    expect(() => outside(-1, 0)).toThrow("programming image: transfer 0 (target 0) addresses crossbar -1 row 0; the tile ignores it");
    expect(() => outside(0, 2)).toThrow("programming image: transfer 0 (target 0) addresses crossbar 0 row 2, outside the 4x2 tile; the tile ignores it");
    expect(() => outside(0, -1)).toThrow(UserError);
    expect(outside(4, 0, false).mappedCodes).toEqual(new Int32Array(2));
    expect(outside(3, 1).crossbars).toEqual([]);
    // Crossbar 0 enabled at base 1 with a row shifted by 1: its cell would be bit 2 of a 2-bit weight.
    const tooHigh = applyProgramImage.bind(null, {
      ...image,
      transfers: [
        { target: 2, xbar: 0, row: 0, data: 0b101n },
        { target: 1, xbar: 0, row: 0, data: 0b101n },
        { target: 0, xbar: 0, row: 0, data: 1n },
      ],
    });
    expect(tooHigh).toThrow("programming image: crossbar row 0 holds bit 2 of input 0, outside N = 2, R = 2");
    const json = programImageToJson(image);
    expect(json.format).toBe("sme-program-image/1");
    expect(json.transfers[0]).toEqual({ target: 2, xbar: 0, row: 0, data: "0x4" });
    expect(() => programImageFromJson({ ...json, format: "v2" as never })).toThrow("programming image: unknown format v2; expected sme-program-image/1");
    expect(() => buildProgramImage(mapTile(tileFromCodes(2, 1, 2, [1, 0]), p), 0)).toThrow(
      "programming image: the plan needs 1 crossbars but the tile has only K = 0 slots",
    );
  });

  it("says why the tile ignores each out-of-contract transfer, and which ones raise prog_error (design.md §4.5)", () => {
    // R = 3, N = 5, D = 2: the largest base is N-1-D = 2 in the squeeze modes and N-1 = 4 otherwise.
    const none = null;
    for (const mode of ["dense", "bitslice", "squeeze", "squeeze-min", "remap", "budget"] as const) {
      const L = progLayout({ mode, rows: 3, cols: 2, weightBits: 5, squeeze: 2 }, 4);
      const squeezing = mode === "squeeze" || mode === "squeeze-min";
      const maxBase = squeezing ? 2 : 4;
      const desc = (enable: number, base: number) => packFields(L.target2, { enable, sign: 0, base });
      const descs = [desc(1, 0), 0n, 0n, 0n];
      const t = (target: number, xbar: number, row: number, data: bigint) => ignoredTransfer(L, { target, xbar, row, data } as ProgTransfer, descs);
      const label = (what: string) => `${mode}: ${what}`;
      expect(t(3, 0, 0, 0n), label("target 3")).toEqual({ why: "is target 3, which writes nothing", flagged: false });
      expect(t(0, 4, 0, 1n), label("slot 4")).toEqual({ why: "addresses crossbar 4 row 0, outside the 4x3 tile", flagged: false });
      expect(t(0, 0, 3, 1n), label("row 3")).toEqual({ why: "addresses crossbar 0 row 3, outside the 4x3 tile", flagged: false });
      expect(t(1, 0, 3, 0n), label("row map row 3")).toEqual({ why: "addresses crossbar 0 row 3, outside the 4x3 tile", flagged: false });
      // A descriptor has no row: any row number writes it.
      expect(t(2, 3, 7, desc(1, maxBase)), label("descriptor, row 7")).toBe(none);
      expect(t(2, 0, 0, desc(1, maxBase + 1)), label("base above the largest")).toEqual({
        why: `enables a crossbar with base ${maxBase + 1}, above the mode's largest ${maxBase}`,
        flagged: true,
      });
      // A disabled slot may carry any base.
      expect(t(2, 0, 0, desc(0, maxBase + 1)), label("disabled, base above")).toBe(none);
      expect(t(0, 1, 2, 3n), label("cell row")).toBe(none);
      const rowMap = (xbar: number, fields: Record<string, number>) => t(1, xbar, 0, packFields(L.target1, fields));
      if (mode === "dense" || mode === "bitslice") {
        expect(rowMap(0, {}), label("row map")).toEqual({ why: "writes a row map, which this mode does not store", flagged: false });
      } else if (squeezing) {
        const top = mode === "squeeze" ? 1 : 2;
        expect(rowMap(0, { shift: top }), label("shift at the top")).toBe(none);
        expect(rowMap(1, { shift: 0 }), label("through a disabled crossbar")).toEqual({
          why: "writes a row map through crossbar 1, which is disabled (write descriptors first)",
          flagged: false,
        });
        if (mode === "squeeze-min") expect(rowMap(0, { shift: 3 }), label("shift above D")).toEqual({ why: "writes shift 3, above D = 2", flagged: true });
      } else {
        expect(rowMap(1, { valid: 1, shift: 4, src: 2 }), label("largest shift and source, any slot")).toBe(none);
        expect(rowMap(0, { valid: 1, shift: 5, src: 0 }), label("shift above N-1")).toEqual({ why: "writes shift 5, above N-1 = 4", flagged: true });
        expect(rowMap(0, { valid: 1, shift: 0, src: 3 }), label("source outside R")).toEqual({ why: "writes source row 3, outside R = 3", flagged: true });
        // An invalid entry is never read: whatever it holds.
        expect(rowMap(0, { valid: 0, shift: 7, src: 3 }), label("invalid entry")).toBe(none);
      }
    }
  });

  it("loads each sign's row shifts back as the plan's", () => {
    const tile = tileFromCodes(3, 2, 5, [12, -3, 1, 0, -24, 7]);
    for (const mode of ["squeeze", "squeeze-min"] as const) {
      const plan = mapTile(tile, makeTileParams({ rows: 3, cols: 2, weightBits: 5, window: 5, mode, squeeze: 2 }));
      expect(
        plan.rowShiftBySign!.some((s) => s.some((v) => v > 1)),
        mode,
      ).toBe(true);
      expect(applyProgramImage(buildProgramImage(plan)).rowShiftBySign, mode).toEqual(plan.rowShiftBySign);
    }
  });

  it("names the first field a malformed JSON image gets wrong", () => {
    const p = makeTileParams({ rows: 2, cols: 1, weightBits: 2, window: 2, mode: "remap" });
    const json = programImageToJson(buildProgramImage(mapTile(tileFromCodes(2, 1, 2, [1, 0]), p)));
    expect(messageOf(() => programImageFromJson({ ...json, transfers: "none" } as never))).toMatch(
      /^programming image: transfers: .+; write it with sme generate$/,
    );
    expect(messageOf(() => programImageFromJson({ ...json, transfers: [{ ...json.transfers[0], xbar: -1 }] }))).toMatch(
      /^programming image: transfers\.0\.xbar: .+; write it with sme generate$/,
    );
  });
});
