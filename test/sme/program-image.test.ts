import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapTile, storedRowMap } from "../../src/sme/mapping.js";
import { makeTileParams, worstCaseCrossbars } from "../../src/sme/params.js";
import {
  applyProgramImage,
  buildProgramImage,
  ignoredTransfer,
  type ProgTransfer,
  programImageFromJson,
  programImageToHex,
  programImageToJson,
} from "../../src/sme/program-image.js";
import { packFields, progLayout, readField } from "../../src/sme/program-layout.js";
import { compileTileModel } from "../../src/sme/tile-model.js";
import { tileFromCodes } from "../../src/sme/tile.js";
import { tileCase } from "./arbitraries.js";
import { heavyRuns } from "../property-runs.js";

describe("programming image (design.md §4)", () => {
  it("loading the image into a reset tile reproduces the plan's results, in every mode and with spare slots", () => {
    fc.assert(
      fc.property(tileCase({ saturating: true }), fc.nat({ max: 3 }), ({ p, tile, x }, spare) => {
        const plan = mapTile(tile, p);
        const image = buildProgramImage(plan, plan.crossbars.length + spare);
        const loaded = applyProgramImage(image);
        expect(loaded.crossbars.length).toBe(plan.crossbars.length);
        expect(Array.from(loaded.mappedCodes)).toEqual(Array.from(plan.mappedCodes));
        expect(Array.from(compileTileModel(loaded, p).run(x))).toEqual(Array.from(compileTileModel(plan, p).run(x)));
        // The worst-case slot count always fits.
        expect(plan.crossbars.length).toBeLessThanOrEqual(worstCaseCrossbars(p));
      }),
      { numRuns: heavyRuns(300) },
    );
  });

  it("writes descriptors, then the stored row maps, then every cell row of every enabled crossbar", () => {
    const tile = tileFromCodes(2, 3, 4, [12, -3, 0, 1, 0, 5]);
    for (const mode of ["dense", "bitslice", "squeeze", "squeeze-min", "remap"] as const) {
      const p = makeTileParams({ rows: 2, cols: 3, weightBits: 4, window: 4, mode, squeeze: 1 });
      const plan = mapTile(tile, p);
      const K = worstCaseCrossbars(p);
      const image = buildProgramImage(plan);
      const targets = image.transfers.map((t) => t.target);
      expect(targets).toEqual([...targets].sort((a, b) => b - a));
      expect(targets.filter((t) => t === 2).length).toBe(K);
      expect(targets.filter((t) => t === 0).length).toBe(plan.crossbars.length * 2);
      const rowMaps = targets.filter((t) => t === 1).length;
      const signsUsed = new Set(plan.crossbars.map((c) => c.sign)).size;
      expect(rowMaps).toBe(mode === "remap" ? plan.crossbars.length * 2 : mode.startsWith("squeeze") ? signsUsed * 2 : 0);
      const disabled = image.transfers.filter((t) => t.target === 2 && t.xbar >= plan.crossbars.length);
      for (const t of disabled) expect(t.data).toBe(0n);
    }
  });

  it("field layouts: {valid, src, shift} and {enable, sign, base} in the low bits, PW the widest", () => {
    const sq = progLayout({ mode: "squeeze", rows: 128, cols: 128, weightBits: 8, squeeze: 2 });
    expect(sq.target1.map((f) => [f.name, f.offset, f.width, f.stored])).toEqual([
      ["shift", 0, 1, true],
      ["src", 1, 7, false],
      ["valid", 8, 1, false],
    ]);
    expect(sq.target2.map((f) => [f.name, f.offset, f.width])).toEqual([
      ["base", 0, 3],
      ["sign", 3, 1],
      ["enable", 4, 1],
    ]);
    expect(sq.PW).toBe(128);
    expect(sq.slots).toBe(12);
    expect(sq.xbarWidth).toBe(4);
    expect(sq.rowMapStoredBits).toBe(1);
    const sm = progLayout({ mode: "squeeze-min", rows: 4, cols: 2, weightBits: 8, squeeze: 3 });
    expect(sm.target1[0].width).toBe(2);
    expect(sm.PW).toBe(2 + 2 + 1);
    const rm = progLayout({ mode: "remap", rows: 4, cols: 2, weightBits: 8, squeeze: 3 });
    expect(rm.target1.map((f) => f.width)).toEqual([3, 2, 1]);
    expect(rm.rowMapStoredBits).toBe(6);
    expect(rm.squeeze).toBe(0);
    expect(progLayout({ mode: "dense", rows: 1, cols: 1, weightBits: 1, squeeze: 2 }).rowMapScope).toBe("none");
    const p = makeTileParams({ rows: 2, cols: 1, weightBits: 2, window: 2, mode: "dense" });
    expect(storedRowMap(mapTile(tileFromCodes(2, 1, 2, [1, 2]), p)).scope).toBe("none");
    const remap = storedRowMap(mapTile(tileFromCodes(2, 1, 2, [1, 2]), { ...p, mode: "remap" }));
    expect(remap.scope === "per-crossbar" && remap.entries.map((e) => [Array.from(e.valid), Array.from(e.src), Array.from(e.shift)])).toEqual([
      [
        [1, 1],
        [1, 0],
        [1, 0],
      ],
    ]);
  });

  it("squeeze stores the RCMR bit; squeeze-min stores the shift", () => {
    const tile = tileFromCodes(2, 1, 4, [8, 4]);
    for (const [mode, expected] of [
      ["squeeze", [1, 1]],
      ["squeeze-min", [2, 1]],
    ] as const) {
      const p = makeTileParams({ rows: 2, cols: 1, weightBits: 4, window: 4, mode, squeeze: 2 });
      const image = buildProgramImage(mapTile(tile, p));
      const rows = image.transfers.filter((t) => t.target === 1).map((t) => readField(t.data, image.layout.target1[0]));
      expect(rows).toEqual(expected);
      const stored = storedRowMap(mapTile(tile, p));
      expect(stored.scope).toBe("per-sign");
      if (stored.scope === "per-sign") expect(Array.from(stored.positive)).toEqual(expected);
    }
  });

  it("JSON round-trips and the hex file has one word per transfer", () => {
    const p = makeTileParams({ rows: 4, cols: 40, weightBits: 4, window: 4, mode: "remap" });
    const tile = tileFromCodes(
      4,
      40,
      4,
      Array.from({ length: 160 }, (_, k) => ((k * 7) % 31) - 15),
    );
    const image = buildProgramImage(mapTile(tile, p));
    const json = JSON.parse(JSON.stringify(programImageToJson(image)));
    expect(programImageFromJson(json).transfers).toEqual(image.transfers);
    const hex = programImageToHex(image).trim().split("\n");
    const words = hex.filter((l) => !l.startsWith("//"));
    expect(words.length).toBe(image.transfers.length);
    const h = image.layout.hexWord;
    words.forEach((w, k) => {
      const v = BigInt(`0x${w}`);
      const t = image.transfers[k];
      expect(w.length).toBe(Math.ceil(h.width / 4));
      expect(Number(v >> BigInt(h.targetOffset))).toBe(t.target);
      expect(Number((v >> BigInt(h.xbarOffset)) & ((1n << BigInt(image.layout.xbarWidth)) - 1n))).toBe(t.xbar);
      expect(Number((v >> BigInt(h.rowOffset)) & ((1n << BigInt(image.layout.rowWidth)) - 1n))).toBe(t.row);
      expect(v & ((1n << BigInt(image.layout.PW)) - 1n)).toBe(t.data);
    });
  });

  it("refuses a plan that needs more crossbars than the tile has", () => {
    const p = makeTileParams({ rows: 1, cols: 1, weightBits: 2, window: 2, mode: "dense" });
    expect(() => buildProgramImage(mapTile(tileFromCodes(1, 1, 2, [1]), p), 3)).toThrow(/needs 4 crossbars but the tile has only K = 3/);
  });

  it("ignores what the tile ignores (design.md §4.5): absent addresses, disabled slots, target 3, values no mapping produces", () => {
    // Positive weights leave the negative slots disabled; N = 5 and D = 2 leave base and shift values above any mapping's.
    const tile = tileFromCodes(2, 2, 5, [5, 3, 6, 1]);
    for (const mode of ["dense", "squeeze-min", "remap"] as const) {
      const p = makeTileParams({ rows: 2, cols: 2, weightBits: 5, window: 5, mode, squeeze: 2 });
      const plan = mapTile(tile, p);
      const image = buildProgramImage(plan);
      const L = image.layout;
      const descs = image.transfers.filter((t) => t.target === 2).map((t) => t.data);
      const disabled = plan.crossbars.length;
      const odd = [
        { target: 0, xbar: L.slots, row: 0, data: 3n },
        { target: 3, xbar: 0, row: 0, data: 3n },
        { target: 2, xbar: 0, row: 0, data: packFields(L.target2, { enable: 1, sign: 0, base: 2 ** L.target2[0].width - 1 }) },
        { target: 1, xbar: disabled, row: 0, data: packFields(L.target1, { shift: 1, src: 0, valid: 1 }) },
        { target: 1, xbar: 0, row: 1, data: packFields(L.target1, { shift: 2 ** L.target1[0].width - 1, src: 0, valid: 1 }) },
      ] as unknown as ProgTransfer[];
      const flags = odd.map((t) => ignoredTransfer(L, t, descs)?.flagged);
      expect(flags, mode).toEqual([false, false, true, mode === "remap" ? undefined : false, mode !== "dense"]);
      const loaded = applyProgramImage({ layout: L, transfers: [...image.transfers, ...odd] });
      expect(Array.from(loaded.mappedCodes)).toEqual(Array.from(plan.mappedCodes));
      expect(() => applyProgramImage({ layout: L, transfers: [...image.transfers, odd[0]] }, { strict: true })).toThrow(
        `programming image: transfer ${image.transfers.length} (target 0) addresses crossbar ${L.slots} row 0, outside the ${L.slots}x2 tile; the tile ignores it`,
      );
    }
  });
});
