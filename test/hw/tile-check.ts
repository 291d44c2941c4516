/** Shared by the tile tests: build a tile, run it in Verilator against the golden model, report mismatches. */
import { join } from "node:path";
import { lintDesign } from "../../src/flow/verify/lint.js";
import { withTempDir, writeFiles } from "../../src/tools/index.js";
import { buildTile, openTile, streamVectors, type TileHardware } from "../../src/hw/index.js";
import type { CyclePattern } from "../../src/sim/simulator.js";
import {
  buildProgramImage,
  compileTileModel,
  losslessAdcBits,
  mapTile,
  seededRandom,
  tileFromCodes,
  type MappingPlan,
  type TileParams,
} from "../../src/sme/index.js";

/**
 * A random tile of signed codes with some empty rows and bit-rows, so every mode has something to squeeze.
 * `fullColumns` leading columns hold the largest positive code in every row: with all inputs at full scale,
 * each of their bit-lines counts ouRows x (2^dacBits - 1), so a saturating ADC clips.
 */
export function randomPlan(p: TileParams, seed: number, options: { fullColumns?: number } = {}): MappingPlan {
  const rnd = seededRandom(seed);
  const N = p.weightBits;
  const lim = 2 ** N - 1;
  const codes: number[] = [];
  for (let r = 0; r < p.rows; r++) {
    const rowKind = rnd();
    for (let j = 0; j < p.cols; j++) {
      const u = rnd();
      let q: number;
      if (j < (options.fullColumns ?? 0)) {
        codes.push(lim);
        continue;
      }
      if (rowKind < 0.15 || u < 0.3) q = 0;
      else if (rowKind < 0.5)
        q = Math.floor(rnd() * 2 ** Math.max(1, N - 3)); // small: leaves top bits empty
      else if (u < 0.35) q = lim;
      else q = Math.floor(rnd() * (lim + 1));
      codes.push(rnd() < 0.4 ? -q : q);
    }
  }
  // Budget tiles get a random squeeze-min depth per sign (0 keeps every bit, N-1 the fewest).
  const depths = [Math.floor(rnd() * N), Math.floor(rnd() * N)] as const;
  return mapTile(tileFromCodes(p.rows, p.cols, N, codes), p.mode === "budget" ? { ...p, depths } : p);
}

export function randomVectors(p: TileParams, count: number, seed: number): number[][] {
  const rnd = seededRandom(seed);
  const max = 2 ** p.actBits - 1;
  return Array.from({ length: count }, (_, v) =>
    Array.from({ length: p.rows }, () => (v === 0 ? max : v === 1 ? 0 : rnd() < 0.2 ? max : Math.floor(rnd() * (max + 1)))),
  );
}

export interface CheckResult {
  readonly hw: TileHardware;
  readonly lint: string;
  readonly checked: number;
  readonly mismatches: string[];
  readonly cycles: number;
}

/**
 * `verilator --lint-only -Wall` over every module of the tile: "" when clean, else what Verilator printed. Clean
 * results are remembered by the Verilog's hash (as `sme verify` does), so a rerun lints only new designs; a
 * missing or silently failing Verilator throws.
 */
export async function lintTile(hw: TileHardware): Promise<string> {
  return withTempDir("tile-lint", async (dir) => {
    const names = await writeFiles(dir, hw.design.files);
    const r = await lintDesign(
      names.map((n) => join(dir, n)),
      hw.name,
    );
    return r.ok ? "" : r.output || r.messages.join("\n");
  });
}

/** Lints every module of the tile (zero warnings expected), simulates it and compares with the golden model. */
export async function checkTile(
  p: TileParams,
  kind: "programmable" | "baked",
  plan: MappingPlan,
  vectors: readonly number[][],
  options: { inputPattern?: CyclePattern; backpressure?: CyclePattern; lint?: boolean } = {},
): Promise<CheckResult> {
  const hw = kind === "programmable" ? buildTile(p, { kind }) : buildTile(p, { kind, plan });
  const lint = options.lint === false ? "" : await lintTile(hw);
  await using dut = (await openTile(hw, hw.design.files, hw.kind === "programmable" ? buildProgramImage(plan, hw.slots) : null)).dut;
  const { results, cycles } = await streamVectors(dut, hw, vectors, options);
  const model = compileTileModel(plan, p);
  const mismatches: string[] = [];
  vectors.forEach((x, v) => {
    const want = model.run(x);
    const got = results[v];
    if (!got) {
      mismatches.push(`vector ${v}: no result`);
      return;
    }
    for (let j = 0; j < p.cols; j++) {
      if (BigInt(want[j]!) !== got[j]) {
        mismatches.push(`vector ${v} column ${j}: expected ${want[j]}, observed ${got[j]} (x = [${x.join(", ")}])`);
        break;
      }
    }
  });
  return { hw, lint, checked: results.length, mismatches, cycles };
}

/** What a tile test simulates: parameters, kind, weights, the seed of its vectors and stalls, and whether the streams stall. */
export interface SimulatedTile {
  readonly p: TileParams;
  readonly kind: "programmable" | "baked";
  readonly plan: MappingPlan;
  readonly seed: number;
  readonly stalls: boolean;
}

/** {@link checkTile} on `count` random vectors of the case's seed, with random gaps on both streams when it stalls. */
export async function simulateCase(c: SimulatedTile, count: number, options: { lint?: boolean } = {}): Promise<CheckResult & { vectors: number[][] }> {
  const vectors = randomVectors(c.p, count, c.seed + 1);
  const stalls = c.stalls ? { inputPattern: { random: 0.6, seed: c.seed }, backpressure: { random: 0.5, seed: c.seed + 2 } } : {};
  return { ...(await checkTile(c.p, c.kind, c.plan, vectors, { ...stalls, ...options })), vectors };
}

/**
 * The vectors whose result the ADC's clipping changes: the golden model with the tile's ADC against the same
 * plan read by a lossless ADC. Zero means a "saturating" case never saturated.
 */
export function clippedVectors(plan: MappingPlan, p: TileParams, vectors: readonly number[][]): number {
  const clipped = compileTileModel(plan, p);
  const exact = compileTileModel(plan, { ...p, adcBits: losslessAdcBits(p.ouRows, p.dacBits) });
  return vectors.filter((x) => {
    const a = clipped.run(x);
    const b = exact.run(x);
    return a.some((v, j) => v !== b[j]);
  }).length;
}
