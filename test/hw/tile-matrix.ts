/** The randomized configuration matrix of the tile tests (fast-check, seeded). */
import fc from "fast-check";
import {
  losslessAdcBits,
  makeBudgetParams,
  makeTileParams,
  mapBudgetTile,
  MAPPING_MODES,
  planForTile,
  seededRandom,
  syntheticMatrix,
  tileFromCodes,
  type MappingPlan,
  type RowShifts,
  type TileParams,
} from "../../src/sme/index.js";
import { randomPlan } from "./tile-check.js";

export interface TileCase {
  readonly p: TileParams;
  readonly kind: "programmable" | "baked";
  readonly plan: MappingPlan;
  readonly seed: number;
  /** Random valid/ready gaps on the streams (exercises the handshakes) or back to back. */
  readonly stalls: boolean;
}

/** A configuration: sizes in [minSize, maxSize], every mode, D, dacBits, OU rows, lossless and saturating ADCs, both kinds. */
export function tileCase(minSize: number, maxSize: number): fc.Arbitrary<TileCase> {
  return fc
    .record({
      rows: fc.integer({ min: minSize, max: maxSize }),
      cols: fc.integer({ min: minSize, max: maxSize }),
      weightBits: fc.integer({ min: 4, max: 8 }),
      windowPick: fc.nat(),
      actBits: fc.integer({ min: 1, max: 8 }),
      dacBits: fc.constantFrom(1, 2),
      mode: fc.constantFrom(...MAPPING_MODES),
      dPick: fc.nat(),
      ouPick: fc.nat(),
      saturating: fc.boolean(),
      adcPick: fc.nat(),
      kind: fc.constantFrom("programmable" as const, "baked" as const),
      synthetic: fc.boolean(),
      stalls: fc.boolean(),
      seed: fc.nat({ max: 1_000_000 }),
    })
    .map((r) => {
      const divisors = Array.from({ length: r.rows }, (_, k) => k + 1).filter((d) => r.rows % d === 0);
      const ouRows = divisors[r.ouPick % divisors.length]!;
      const dacBits = Math.min(r.dacBits, r.actBits);
      const lossless = losslessAdcBits(ouRows, dacBits);
      const adcBits = r.saturating && lossless > 1 ? 1 + (r.adcPick % (lossless - 1)) : lossless;
      const p = makeTileParams({
        rows: r.rows,
        cols: r.cols,
        weightBits: r.weightBits,
        window: 1 + (r.windowPick % r.weightBits),
        actBits: r.actBits,
        dacBits,
        ouRows,
        adcBits,
        mode: r.mode,
        squeeze: 1 + (r.dPick % (r.weightBits - 1)),
      });
      // Quantized synthetic weights (codes in the SME code set of N, S) or raw codes with empty MSB rows.
      const plan = r.synthetic ? planForTile(syntheticMatrix(r.rows, r.cols, r.seed), p).plan : randomPlan(p, r.seed);
      return { p, kind: r.kind, plan, seed: r.seed, stalls: r.stalls };
    });
}

export function describeCase(c: TileCase): string {
  const p = c.p;
  return `${c.kind} ${p.mode}${p.mode.startsWith("squeeze") ? ` D=${p.squeeze}` : ""} R=${p.rows} C=${p.cols} N=${p.weightBits} S=${p.window} A=${p.actBits} dac=${p.dacBits} ou=${p.ouRows} adc=${p.adcBits} xbars=${c.plan.crossbars.length} seed=${c.seed}${c.stalls ? " stalls" : ""}`;
}

/**
 * Budget plans on the remap tile: both kinds, lossless and saturating ADCs, 1- and 2-bit DACs, OU groups,
 * plans chosen from weights at a target over the tile, at fixed per-sign depths, and with arbitrary shifts per
 * row (0..N). One case packs a bit-row of every significance into one crossbar, so a row shifts by N-1.
 */
export function budgetCases(): TileCase[] {
  const budgetParams = (o: Partial<TileParams> & { adcBits?: number }) => makeTileParams({ rows: 16, cols: 12, weightBits: 6, window: 3, actBits: 5, ...o, mode: "budget" });
  const fromWeights = (p: TileParams, target: number, seed: number) =>
    planForTile(syntheticMatrix(p.rows, p.cols, seed), p, { budget: makeBudgetParams({ targetSqnrDb: target, scope: "tile" }) }).plan;
  const perRow = (p: TileParams, seed: number): MappingPlan => {
    const rnd = seededRandom(seed);
    const N = p.weightBits;
    const codes = Array.from({ length: p.rows * p.cols }, () => (rnd() < 0.3 ? 0 : Math.round((rnd() * 2 - 1) * (2 ** N - 1))));
    const shifts: RowShifts = [Uint8Array.from({ length: p.rows }, () => Math.floor(rnd() * (N + 1))), Uint8Array.from({ length: p.rows }, () => Math.floor(rnd() * (N + 1)))];
    return mapBudgetTile(tileFromCodes(p.rows, p.cols, N, codes), p, shifts);
  };
  // Row i holds 2^(i mod N) in column 0: N bit-rows of every significance share the first crossbar.
  const everyShift = (p: TileParams): MappingPlan => {
    const codes = new Array<number>(p.rows * p.cols).fill(0);
    for (let i = 0; i < p.weightBits; i++) codes[i * p.cols] = 2 ** i;
    return mapBudgetTile(tileFromCodes(p.rows, p.cols, p.weightBits, codes), p, [new Uint8Array(p.rows), new Uint8Array(p.rows)]);
  };
  const cases: Array<Omit<TileCase, "plan"> & { plan: (p: TileParams) => MappingPlan }> = [
    { p: budgetParams({}), kind: "programmable", plan: (p) => fromWeights(p, 18, 31), seed: 31, stalls: false },
    { p: budgetParams({ dacBits: 2, ouRows: 8, adcBits: 3 }), kind: "baked", plan: (p) => fromWeights(p, 15, 32), seed: 32, stalls: true },
    { p: budgetParams({ rows: 12, cols: 20, weightBits: 5, adcBits: 2, ouRows: 4 }), kind: "programmable", plan: (p) => perRow(p, 33), seed: 33, stalls: true },
    { p: budgetParams({ rows: 10, cols: 9, weightBits: 8, actBits: 4 }), kind: "baked", plan: (p) => perRow(p, 34), seed: 34, stalls: false },
    { p: budgetParams({ rows: 8, cols: 6, weightBits: 8, actBits: 3 }), kind: "programmable", plan: everyShift, seed: 35, stalls: false },
  ];
  return cases.map((c) => ({ ...c, plan: c.plan(c.p) }));
}
