/**
 * The configurations the tile tests simulate, as data:
 * - {@link productMatrix}: every mapping mode x design kind x {lossless, saturating ADC} x dacBits {1, 2, 3}, at
 *   small sizes; a mode enters the matrix with one row of {@link MATRIX_MODES};
 * - {@link WIDE_CASES}: N and A up to 16, and the default 128 x 128 tile;
 * - {@link tileCase}: a random configuration (fast-check) for the random tail and the lint fuzz.
 */
import fc from "fast-check";
import {
  DESIGN_KINDS,
  type DesignKind,
  isSqueezeMode,
  losslessAdcBits,
  MAPPING_MODES,
  type MappingPlan,
  makeBudgetParams,
  makeTileParams,
  mapBudgetTile,
  planForTile,
  type RowShifts,
  seededRandom,
  syntheticMatrix,
  type TileParams,
  type TileParamsInput,
  tileFromCodes,
} from "../../src/sme/index.js";
import { randomPlan } from "./tile-check.js";

export interface TileCase {
  readonly p: TileParams;
  readonly kind: DesignKind;
  readonly plan: MappingPlan;
  readonly seed: number;
  /** Random valid/ready gaps on the streams (exercises the handshakes) or back to back. */
  readonly stalls: boolean;
}

/** A mapping mode as the matrix simulates it: the tile parameters that select it (mode, D, and whatever else the mode reads). */
export interface MatrixMode {
  readonly label: string;
  readonly params: TileParamsInput;
}

/** One row per mapping mode; a new mode is simulated in every combination of the matrix by adding its row here. */
export const MATRIX_MODES: readonly MatrixMode[] = [
  { label: "dense", params: { mode: "dense" } },
  { label: "bitslice", params: { mode: "bitslice" } },
  { label: "squeeze D=1", params: { mode: "squeeze", squeeze: 1 } },
  { label: "squeeze-min D=2", params: { mode: "squeeze-min", squeeze: 2 } },
  { label: "remap", params: { mode: "remap" } },
  { label: "budget 23 dB", params: { mode: "budget" } },
];

export const MATRIX_ADCS = ["lossless", "saturating"] as const;
export type MatrixAdc = (typeof MATRIX_ADCS)[number];
export const MATRIX_DAC_BITS = [1, 2, 3] as const;

/** A case of the product matrix: which combination it stands for, and the configuration simulated. */
export interface ProductCase extends TileCase {
  readonly mode: string;
  readonly adc: MatrixAdc;
  readonly dacBits: number;
}

/**
 * A saturating ADC about half the lossless width (at least 1 bit), so that counts clip often at these sizes
 * (the matrix test checks that every saturating case does clip).
 */
export function saturatingAdcBits(ouRows: number, dacBits: number): number {
  return Math.max(1, Math.ceil(losslessAdcBits(ouRows, dacBits) / 2));
}

/**
 * Every combination once, 8 rows x 4 columns with N = 4 so that each Verilator build stays small. The other
 * parameters vary from case to case so that the matrix also covers two OU groups, S below and at N, A from 4 to
 * 6 (last digits partly filled), quantized synthetic weights and raw codes, and stalls on both streams.
 */
export function productMatrix(modes: readonly MatrixMode[] = MATRIX_MODES): ProductCase[] {
  const cases: ProductCase[] = [];
  for (const [m, mode] of modes.entries()) {
    for (const [k, kind] of DESIGN_KINDS.entries()) {
      for (const [a, adc] of MATRIX_ADCS.entries()) {
        for (const [d, dacBits] of MATRIX_DAC_BITS.entries()) {
          const i = cases.length;
          const ouRows = (m + k + d) % 2 === 0 ? 8 : 4;
          const p = makeTileParams({
            rows: 8,
            cols: 4,
            weightBits: 4,
            window: 1 + ((i + a) % 4),
            actBits: 3 + dacBits,
            dacBits,
            ouRows,
            adcBits: adc === "lossless" ? losslessAdcBits(ouRows, dacBits) : saturatingAdcBits(ouRows, dacBits),
            ...mode.params,
          });
          const seed = 1000 + i;
          // Raw codes with a column at full scale for the saturating cases, so the ADC clips; quantized synthetic
          // weights for half the lossless ones, raw codes for the other half.
          const plan =
            adc === "saturating"
              ? randomPlan(p, seed, { fullColumns: 1 })
              : i % 2 === 0
                ? planForTile(syntheticMatrix(p.rows, p.cols, seed), p).plan
                : randomPlan(p, seed);
          cases.push({ mode: mode.label, adc, dacBits, p, kind, plan, seed, stalls: i % 3 === 1 });
        }
      }
    }
  }
  return cases;
}

/** The combinations a list of cases covers, as `mode/kind/adc/dacBits` keys. */
export function combinations(cases: readonly ProductCase[]): string[] {
  return [...new Set(cases.map((c) => `${c.mode}/${c.kind}/${c.adc}/dac${c.dacBits}`))].sort();
}

/** Wide words (N and A up to 16) at small sizes, and the default tile of design.md §5 (128 x 128, programmable). */
export function wideCases(): TileCase[] {
  const small = (input: TileParamsInput, kind: DesignKind, seed: number, stalls: boolean): TileCase => {
    const p = makeTileParams({ rows: 8, cols: 4, ...input });
    return { p, kind, plan: randomPlan(p, seed), seed, stalls };
  };
  const defaults = makeTileParams({});
  return [
    small({ weightBits: 16, window: 5, actBits: 16, dacBits: 2, mode: "dense" }, "programmable", 61, false),
    small({ weightBits: 16, window: 16, actBits: 9, dacBits: 3, ouRows: 4, mode: "remap" }, "baked", 62, true),
    small({ weightBits: 12, window: 4, actBits: 16, dacBits: 1, ouRows: 2, adcBits: 1, mode: "squeeze-min", squeeze: 7 }, "programmable", 63, false),
    small({ weightBits: 16, window: 3, actBits: 16, dacBits: 4, ouRows: 4, mode: "squeeze", squeeze: 13 }, "baked", 64, false),
    { p: defaults, kind: "programmable", plan: planForTile(syntheticMatrix(128, 128, 128), defaults).plan, seed: 128, stalls: false },
  ];
}

/** A configuration: sizes in [minSize, maxSize], every mode, D, dacBits, OU rows, lossless and saturating ADCs, both kinds. */
export function tileCase(minSize: number, maxSize: number): fc.Arbitrary<TileCase> {
  return fc
    .record({
      rows: fc.integer({ min: minSize, max: maxSize }),
      cols: fc.integer({ min: minSize, max: maxSize }),
      weightBits: fc.integer({ min: 1, max: 12 }),
      windowPick: fc.nat(),
      actBits: fc.integer({ min: 1, max: 12 }),
      dacBits: fc.integer({ min: 1, max: 4 }),
      mode: fc.constantFrom(...MAPPING_MODES),
      dPick: fc.nat(),
      ouPick: fc.nat(),
      saturating: fc.boolean(),
      adcPick: fc.nat(),
      kind: fc.constantFrom(...DESIGN_KINDS),
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
      // The squeeze modes need N >= 2.
      const weightBits = isSqueezeMode(r.mode) ? Math.max(2, r.weightBits) : r.weightBits;
      const p = makeTileParams({
        rows: r.rows,
        cols: r.cols,
        weightBits,
        window: 1 + (r.windowPick % weightBits),
        actBits: r.actBits,
        dacBits,
        ouRows,
        adcBits,
        mode: r.mode,
        squeeze: 1 + (r.dPick % Math.max(1, weightBits - 1)),
      });
      // Quantized synthetic weights (codes in the SME code set of N, S) or raw codes with empty MSB rows.
      const plan = r.synthetic ? planForTile(syntheticMatrix(r.rows, r.cols, r.seed), p).plan : randomPlan(p, r.seed);
      return { p, kind: r.kind, plan, seed: r.seed, stalls: r.stalls };
    });
}

export function describeCase(c: TileCase): string {
  const p = c.p;
  return `${c.kind} ${p.mode}${isSqueezeMode(p.mode) ? ` D=${p.squeeze}` : ""} R=${p.rows} C=${p.cols} N=${p.weightBits} S=${p.window} A=${p.actBits} dac=${p.dacBits} ou=${p.ouRows} adc=${p.adcBits} xbars=${c.plan.crossbars.length} seed=${c.seed}${c.stalls ? " stalls" : ""}`;
}

/**
 * Budget plans on the remap tile: both kinds, lossless and saturating ADCs, 1- and 2-bit DACs, OU groups,
 * plans chosen from weights at a target over the tile, at fixed per-sign depths, and with arbitrary shifts per
 * row (0..N). One case packs a bit-row of every significance into one crossbar, so a row shifts by N-1.
 */
export function budgetCases(): TileCase[] {
  const budgetParams = (o: Partial<TileParams> & { adcBits?: number }) =>
    makeTileParams({ rows: 16, cols: 12, weightBits: 6, window: 3, actBits: 5, ...o, mode: "budget" });
  const fromWeights = (p: TileParams, target: number, seed: number) =>
    planForTile(syntheticMatrix(p.rows, p.cols, seed), p, { budget: makeBudgetParams({ targetSqnrDb: target, scope: "tile" }) }).plan;
  const perRow = (p: TileParams, seed: number): MappingPlan => {
    const rnd = seededRandom(seed);
    const N = p.weightBits;
    const codes = Array.from({ length: p.rows * p.cols }, () => (rnd() < 0.3 ? 0 : Math.round((rnd() * 2 - 1) * (2 ** N - 1))));
    const shifts: RowShifts = [
      Uint8Array.from({ length: p.rows }, () => Math.floor(rnd() * (N + 1))),
      Uint8Array.from({ length: p.rows }, () => Math.floor(rnd() * (N + 1))),
    ];
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
