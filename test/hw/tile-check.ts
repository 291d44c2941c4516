/** Shared by the tile tests: build a tile, run it in Verilator against the golden model, report mismatches. */
import { emitVerilog } from "../../src/hdl/index.js";
import { verilatorLint } from "../../src/tools/index.js";
import { buildTile, openTile, streamVectors, type TileHardware } from "../../src/hw/index.js";
import type { CyclePattern } from "../../src/sim/simulator.js";
import { buildProgramImage, compileTileModel, mapTile, seededRandom, tileFromCodes, type MappingPlan, type TileParams } from "../../src/sme/index.js";

/** A random tile of signed codes with some empty rows and bit-rows, so every mode has something to squeeze. */
export function randomPlan(p: TileParams, seed: number): MappingPlan {
  const rnd = seededRandom(seed);
  const N = p.weightBits;
  const lim = 2 ** N - 1;
  const codes: number[] = [];
  for (let r = 0; r < p.rows; r++) {
    const rowKind = rnd();
    for (let j = 0; j < p.cols; j++) {
      const u = rnd();
      let q: number;
      if (rowKind < 0.15 || u < 0.3) q = 0;
      else if (rowKind < 0.5) q = Math.floor(rnd() * 2 ** Math.max(1, N - 3)); // small: leaves top bits empty
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

/** Lints every module of the tile (zero warnings expected), simulates it and compares with the golden model. */
export async function checkTile(
  p: TileParams,
  kind: "programmable" | "baked",
  plan: MappingPlan,
  vectors: readonly number[][],
  options: { inputPattern?: CyclePattern; backpressure?: CyclePattern; lint?: boolean } = {},
): Promise<CheckResult> {
  const hw = kind === "programmable" ? buildTile(p, { kind }) : buildTile(p, { kind, plan });
  let lint = "";
  if (options.lint !== false) {
    const files = emitVerilog(hw.top).modules.map((m) => ({ name: m.file, text: m.text }));
    lint = (await verilatorLint(files, hw.name)).output; // a missing or silently failing Verilator throws
  }
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
