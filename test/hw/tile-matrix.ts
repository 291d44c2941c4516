/** The randomized configuration matrix of the tile tests (fast-check, seeded). */
import fc from "fast-check";
import { losslessAdcBits, makeTileParams, MAPPING_MODES, planForTile, syntheticMatrix, type MappingPlan, type TileParams } from "../../src/sme/index.js";
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
