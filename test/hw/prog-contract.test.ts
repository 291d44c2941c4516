/**
 * The programming port outside what `sme generate` sends (design.md §4.5): transfers to slots or rows that do
 * not exist, row-map writes through a disabled slot and target-3 transfers are ignored in every mode;
 * transfers whose values no mapping produces (a shift above the mode's largest, a remap source row beyond R,
 * a base the mode cannot use) are ignored too and raise the sticky `prog_error` output until reset. Each case
 * sends the real image first and the odd words after it, so a word that was not ignored would change results;
 * the golden model (`applyProgramImage`, `ignoredTransfer`) must say the same of every word. No transfer takes
 * place while `rst` is high.
 */
import { afterAll, describe, expect, it } from "vitest";
import { buildTile, openTile, type ProgrammableTileDut, type ProgrammableTileHardware, programTile, streamVectors, TILE_PORTS } from "../../src/hw/index.js";
import { closeAllSimulations } from "../../src/sim/index.js";
import {
  applyProgramImage,
  buildProgramImage,
  compileTileModel,
  ignoredTransfer,
  isSqueezeMode,
  type MappingPlan,
  makeTileParams,
  mapTile,
  type ProgramImage,
  type ProgTransfer,
  packFields,
  seededRandom,
  type TileParams,
  tileFromCodes,
} from "../../src/sme/index.js";
import { verilatorLint } from "../../src/tools/index.js";
import { randomPlan, randomVectors } from "./tile-check.js";

afterAll(closeAllSimulations);

/** R = 6 leaves row addresses 6 and 7 that do not exist; N = 5 leaves shift and base values above any mapping's. */
const BASE = { rows: 6, cols: 4, weightBits: 5, window: 5, actBits: 3 } as const;
const MODES = [{ mode: "dense" }, { mode: "bitslice" }, { mode: "squeeze", squeeze: 2 }, { mode: "squeeze-min", squeeze: 2 }, { mode: "remap" }] as const;

/**
 * Positive weights only: the negative slots stay disabled, so a row-map write through one can be tried. Odd
 * rows hold small codes (their top bits empty, so they are not shifted): a write that shifted them would
 * change results.
 */
function positivePlan(p: TileParams, seed: number): MappingPlan {
  const rnd = seededRandom(seed);
  const codes = Array.from({ length: p.rows * p.cols }, (_, k) => Math.floor(rnd() * 2 ** (Math.floor(k / p.cols) % 2 === 1 ? 2 : p.weightBits)));
  return mapTile(tileFromCodes(p.rows, p.cols, p.weightBits, codes), p);
}

const word = (target: 0 | 1 | 2, xbar: number, row: number, data: bigint): ProgTransfer => ({ target, xbar, row, data });

/** The largest base a mode's crossbars can have (design.md §2.3). */
const maxBase = (p: TileParams): number => (isSqueezeMode(p.mode) ? p.weightBits - 1 - p.squeeze : p.weightBits - 1);

/** Transfers the contract says are ignored: addresses that do not exist, disabled slots, target 3. */
function ignoredWords(hw: ProgrammableTileHardware, plan: MappingPlan): ProgTransfer[] {
  const L = hw.layout;
  const ones = (1n << BigInt(L.PW)) - 1n;
  const words: ProgTransfer[] = [];
  for (let xbar = L.slots; xbar < 2 ** L.xbarWidth; xbar++) {
    for (let row = 0; row < L.rows; row++) for (const t of [0, 1, 2] as const) words.push(word(t, xbar, row, ones));
  }
  for (let row = L.rows; row < 2 ** L.rowWidth; row++) for (const t of [0, 1] as const) words.push(word(t, 0, row, ones));
  // A row-map write through a disabled slot: in the squeeze modes it has no sign to select, so it writes nothing.
  const disabled = plan.crossbars.length < L.slots ? plan.crossbars.length : -1;
  if (disabled >= 0 && L.rowMapScope === "per-sign") {
    const shift = hw.params.mode === "squeeze" ? 1 : hw.params.squeeze;
    for (let row = 0; row < L.rows; row++) words.push(word(1, disabled, row, packFields(L.target1, { shift })));
  }
  return words;
}

/** Transfers carrying values no mapping produces, to slots that exist (each raises `prog_error`). */
function outOfRangeWords(hw: ProgrammableTileHardware): ProgTransfer[] {
  const L = hw.layout;
  const p = hw.params;
  const words: ProgTransfer[] = [];
  for (let base = maxBase(p) + 1; base < 2 ** L.target2[0].width; base++) words.push(word(2, 0, 0, packFields(L.target2, { base, sign: 0, enable: 1 })));
  if (p.mode === "squeeze-min") {
    for (let shift = p.squeeze + 1; shift < 2 ** L.target1[0].width; shift++)
      for (let row = 0; row < L.rows; row++) words.push(word(1, 0, row, packFields(L.target1, { shift })));
  }
  if (p.mode === "remap") {
    for (let row = 0; row < L.rows; row++) {
      for (let shift = p.weightBits; shift < 2 ** L.target1[0].width; shift++)
        words.push(word(1, 0, row, packFields(L.target1, { shift, src: row, valid: 1 })));
      for (let src = p.rows; src < 2 ** L.target1[1].width; src++) words.push(word(1, 0, row, packFields(L.target1, { shift: 0, src, valid: 1 })));
    }
  }
  return words;
}

async function expectComputes(dut: ProgrammableTileDut, hw: ProgrammableTileHardware, plan: MappingPlan, seed: number): Promise<void> {
  const vectors = randomVectors(hw.params, 40, seed);
  const { results } = await streamVectors(dut, hw, vectors);
  const model = compileTileModel(plan, hw.params);
  expect(results.map((r) => r.map(Number))).toEqual(vectors.map((x) => Array.from(model.run(x))));
}

const withWords = (image: ProgramImage, words: readonly ProgTransfer[]): ProgramImage => ({ layout: image.layout, transfers: [...image.transfers, ...words] });

describe.each(MODES)("programming outside the contract is ignored: $mode", (mode) => {
  const p = makeTileParams({ ...BASE, ...mode });
  const hw = buildTile(p, { kind: "programmable" });

  it("the checks lint clean, with rows that do not exist (R = 6) and without (R = 4)", async () => {
    expect((await verilatorLint(hw.design.files, hw.name)).output).toBe("");
    const p4 = buildTile(makeTileParams({ ...BASE, ...mode, rows: 4 }), { kind: "programmable" });
    expect((await verilatorLint(p4.design.files, p4.name)).output).toBe("");
  });

  it.each([
    ["positive weights only (disabled slots)", positivePlan(p, 11)],
    ["mixed signs", randomPlan(p, 12)],
  ])("writes to slots and rows that do not exist, through disabled slots and to target 3 change nothing (%s)", async (_label, plan) => {
    const image = buildProgramImage(plan, hw.slots);
    const words = ignoredWords(hw, plan);
    expect(words.length).toBeGreaterThan(0);
    // Target 3 writes nothing, whatever it carries (the payload encoder takes any target number).
    const target3 = words.map((w) => ({ ...w, target: 3 }) as unknown as ProgTransfer);
    // The model ignores the same words, unflagged, and computes the plan.
    const descs = image.transfers
      .filter((t) => t.target === 2)
      .sort((a, b) => a.xbar - b.xbar)
      .map((t) => t.data);
    for (const w of [...words, ...target3])
      expect(ignoredTransfer(hw.layout, w, descs), JSON.stringify({ ...w, data: String(w.data) })).toMatchObject({ flagged: false });
    expect(Array.from(applyProgramImage(withWords(image, [...words, ...target3])).mappedCodes)).toEqual(Array.from(plan.mappedCodes));
    await using dut = (await openTile(hw, hw.design.files, withWords(image, [...words, ...target3]))).dut as ProgrammableTileDut;
    expect(dut[TILE_PORTS.programError].value).toBe(0n); // all of it is within the contract
    await expectComputes(dut, hw, plan, 21);
  });

  it("values no mapping produces are ignored and raise prog_error until reset", async () => {
    const plan = randomPlan(p, 13);
    const image = buildProgramImage(plan, hw.slots);
    const words = outOfRangeWords(hw);
    expect(words.length).toBeGreaterThan(0);
    const descs = image.transfers
      .filter((t) => t.target === 2)
      .sort((a, b) => a.xbar - b.xbar)
      .map((t) => t.data);
    for (const w of words) expect(ignoredTransfer(hw.layout, w, descs)).toMatchObject({ flagged: true });
    expect(Array.from(applyProgramImage(withWords(image, words)).mappedCodes)).toEqual(Array.from(plan.mappedCodes));
    expect(() => applyProgramImage(withWords(image, words), { strict: true })).toThrow(
      /^programming image: transfer \d+ \(target [12]\) .*; the tile ignores it$/,
    );
    await using dut = (await openTile(hw, hw.design.files, image)).dut as ProgrammableTileDut;
    expect(dut[TILE_PORTS.programError].value).toBe(0n);
    for (const w of words) {
      await dut.reset({ port: TILE_PORTS.reset });
      await programTile(dut, hw, image);
      expect(dut[TILE_PORTS.programError].value).toBe(0n);
      await programTile(dut, hw, { transfers: [w] });
      expect(dut[TILE_PORTS.programError].value, `after ${JSON.stringify({ ...w, data: `0x${w.data.toString(16)}` })}`).toBe(1n);
      // Still sticky after a good transfer.
      await programTile(dut, hw, { transfers: [image.transfers[0]!] });
      expect(dut[TILE_PORTS.programError].value).toBe(1n);
    }
    await expectComputes(dut, hw, plan, 22);
    await dut.reset({ port: TILE_PORTS.reset });
    expect(dut[TILE_PORTS.programError].value).toBe(0n);
  });
});

describe.each(MODES)("reset: $mode", (mode) => {
  const p = makeTileParams({ ...BASE, ...mode });
  const hw = buildTile(p, { kind: "programmable" });

  it("no programming transfer or vector is taken while rst is high; the cells keep their values", async () => {
    const plan = randomPlan(p, 14);
    const image = buildProgramImage(plan, hw.slots);
    await using dut = (await openTile(hw, hw.design.files, image)).dut as ProgrammableTileDut;
    const [target, xbar, row, data] = TILE_PORTS.program.data;
    const ones = (1n << BigInt(hw.layout.PW)) - 1n;
    // Hold rst with every cell row of every slot offered as all ones, and a vector offered.
    dut[TILE_PORTS.reset].value = 1n;
    dut[TILE_PORTS.input.valid].value = 1n;
    dut[TILE_PORTS.program.valid].value = 1n;
    for (let s = 0; s < hw.layout.slots; s++) {
      for (let r = 0; r < hw.layout.rows; r++) {
        dut[target].value = 0n;
        dut[xbar].value = BigInt(s);
        dut[row].value = BigInt(r);
        dut[data].value = ones;
        await dut.tick();
      }
    }
    dut[TILE_PORTS.program.valid].value = 0n;
    dut[TILE_PORTS.input.valid].value = 0n;
    dut[TILE_PORTS.reset].value = 0n;
    await dut.tick(hw.cyclesPerVector + 2);
    expect(dut[TILE_PORTS.output.valid].value).toBe(0n); // the vector offered during reset was not taken
    // Reset cleared descriptors and row maps; the cells are the image's, not the ones offered during reset.
    await programTile(dut, hw, { transfers: image.transfers.filter((t) => t.target !== 0) });
    await expectComputes(dut, hw, plan, 23);
  });
});
