/**
 * The tile against the golden model, bit for bit: every mode with stalls on both streams, tall tiles, and a
 * random tail whose seed changes from run to run (printed; `SME_SEED=<seed>` replays it): random
 * configurations of every parameter, and random weights on the programmable designs of the product matrix
 * (`tile-matrix.test.ts`), whose builds are already cached. Each design is linted with
 * `verilator --lint-only -Wall` (zero warnings), built, programmed through `prog_*` (programmable) and fed
 * random activation vectors, every output compared with `compileTileModel`. `SME_LARGE=1` adds a larger random
 * matrix (up to 128 x 128), the baked default tile and the 256 x 256 default-mode tile.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { buildTile } from "../../src/hw/index.js";
import { closeAllSimulations } from "../../src/sim/index.js";
import { emitVerilog } from "../../src/hdl/index.js";
import { losslessAdcBits, makeTileParams, planForTile, syntheticMatrix } from "../../src/sme/index.js";
import { randomPlan, simulateCase, type SimulatedTile } from "./tile-check.js";
import { budgetCases, describeCase, productMatrix, tileCase } from "./tile-matrix.js";

afterAll(closeAllSimulations);

const LARGE = process.env.SME_LARGE === "1";

/** The random tail's seed: `SME_SEED` when given (to replay a failure), else a new one each run. */
const SEED = process.env.SME_SEED !== undefined ? Number(process.env.SME_SEED) : Date.now() % 2 ** 31;
const replay = `replay with SME_SEED=${SEED}`;

async function runCase(c: SimulatedTile, vectors: number, note = ""): Promise<void> {
  const r = await simulateCase(c, vectors);
  const label = `${describeCase(c)}${note}`;
  expect(r.lint, `${label}: verilator -Wall`).toBe("");
  expect(r.mismatches, label).toEqual([]);
  expect(r.checked, label).toBe(vectors);
  if (LARGE) console.log(`${label}: ${r.checked} vectors, ${r.mismatches.length} mismatches, ${r.cycles} cycles`);
  // Back to back: one vector per G*T cycles, plus a cycle to accept the first and one to hand over the last result.
  if (!c.stalls) expect(r.cycles, label).toBe(vectors * r.hw.cyclesPerVector + 2);
}

describe("SME tile vs golden model", () => {
  it("matches bit for bit on a random tail: new configurations and new weights each run (seed printed)", async () => {
    console.log(`tile random tail: SME_SEED=${SEED}`);
    const seen: string[] = [];
    // Random configurations of every parameter (each a new design to build).
    await fc.assert(
      fc.asyncProperty(tileCase(4, 32), async (c) => {
        seen.push(describeCase(c));
        await runCase(c, 32, ` (${replay})`);
      }),
      { seed: SEED, numRuns: 4, endOnFailure: true },
    );
    // Random weights and vectors on the product matrix's programmable designs (built already: only the weights differ).
    const programmable = productMatrix().filter((c) => c.kind === "programmable");
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: programmable.length - 1 }), fc.nat({ max: 1_000_000 }), fc.boolean(), async (k, seed, stalls) => {
        const c = programmable[k]!;
        const plan =
          seed % 2 ? randomPlan(c.p, seed, { fullColumns: seed % 3 === 0 ? 1 : 0 }) : planForTile(syntheticMatrix(c.p.rows, c.p.cols, seed), c.p).plan;
        seen.push(`${c.mode} ${c.adc}`);
        await runCase({ ...c, plan, seed, stalls }, 32, ` (${replay})`);
      }),
      { seed: SEED, numRuns: 8, endOnFailure: true },
    );
    expect(seen).toHaveLength(12);
  }, 3_600_000);

  it("every mode at 32 x 24 (kinds alternating, saturating ADC for two), with stalls on both streams", async () => {
    const modes = ["dense", "bitslice", "squeeze", "squeeze-min", "remap"] as const;
    for (const [i, mode] of modes.entries()) {
      const adcBits = mode === "squeeze" || mode === "remap" ? 4 : undefined;
      const p = makeTileParams({ rows: 32, cols: 24, mode, squeeze: 2, weightBits: 6, window: 3, actBits: 5, ouRows: 16, dacBits: 2, adcBits });
      const plan = planForTile(syntheticMatrix(32, 24, 77 + i), p).plan;
      await runCase({ p, kind: i % 2 ? "baked" : "programmable", plan, seed: 5 + i, stalls: true }, 24);
    }
  }, 3_600_000);

  it("tall tiles whose columns span several 64-row chunks (R = 136 and 200), with full columns of ones", async () => {
    for (const [i, rows] of [136, 200].entries()) {
      const p = makeTileParams({ rows, cols: 6, mode: i ? "squeeze-min" : "dense" });
      const m = syntheticMatrix(rows, 6, rows);
      // Half the columns all at full scale: with an all-ones input every bit-line count reaches R.
      for (let r = 0; r < rows; r++) for (let j = 0; j < 3; j++) m.data[r * 6 + j] = 1;
      const plan = planForTile(m, p).plan;
      await runCase({ p, kind: i ? "baked" : "programmable", plan, seed: rows, stalls: false }, 24);
    }
  }, 3_600_000);

  it("budget plans on the remap tile: both kinds, lossless and saturating ADCs, shifts up to N-1", async () => {
    const cases = budgetCases();
    expect(cases.some((c) => c.plan.maxShift === c.p.weightBits - 1)).toBe(true);
    expect(cases.some((c) => c.p.adcBits < losslessAdcBits(c.p.ouRows, c.p.dacBits))).toBe(true);
    for (const c of cases) {
      expect(c.plan.mode, describeCase(c)).toBe("budget");
      await runCase(c, 32);
    }
  }, 3_600_000);

  it("a programmable budget tile is the remap tile: same Verilog but for its module names", () => {
    const budget = buildTile(makeTileParams({ rows: 12, cols: 10, weightBits: 6, mode: "budget" }), { kind: "programmable" });
    const remap = buildTile(makeTileParams({ rows: 12, cols: 10, weightBits: 6, mode: "remap" }), { kind: "programmable" });
    expect(budget.name).toBe("sme_tile_budget_r12c10n6a8dac1ou12adc4_prog");
    expect([budget.slots, budget.digits, budget.layout.target1]).toEqual([remap.slots, remap.digits, remap.layout.target1]);
    const text = (hw: typeof budget) =>
      emitVerilog(hw.top).modules.map((m) =>
        m.text
          .replaceAll(hw.name, "TOP")
          .split("\n")
          .filter((l) => !/^\s*\/\//.test(l))
          .join("\n"),
      );
    expect(text(budget)).toEqual(text(remap));
  });

  it("derives names from the parameters and the weights", () => {
    const p = makeTileParams({ rows: 8, cols: 8, mode: "squeeze", squeeze: 3 });
    const plan = planForTile(syntheticMatrix(8, 8, 1), p).plan;
    const other = planForTile(syntheticMatrix(8, 8, 2), p).plan;
    const prog = buildTile(p, { kind: "programmable" });
    expect(prog.name).toBe("sme_tile_squeeze3_r8c8n8a8dac1ou8adc4_prog");
    expect(prog.slots).toBe(10);
    expect(prog.digits).toBe(11);
    // The widest programming word is a cell row (C = 8 bits): a row-map entry {valid, src, shift} needs at most
    // 1 + 3 + 1 bits here and a descriptor {enable, sign, base} 1 + 1 + 3.
    expect(prog.layout.PW).toBe(8);
    expect(prog.ports.map((q) => q.name)).toEqual([
      "clk",
      "rst",
      "in_valid",
      "in_ready",
      "in_act",
      "out_valid",
      "out_ready",
      "out_sum",
      "prog_valid",
      "prog_ready",
      "prog_target",
      "prog_xbar",
      "prog_row",
      "prog_data",
      "prog_error",
    ]);
    const a = buildTile(p, { kind: "baked", plan });
    const b = buildTile(p, { kind: "baked", plan: other });
    expect(a.name).toMatch(/^sme_tile_squeeze3_r8c8n8a8dac1ou8adc4_baked_[0-9a-f]{8}$/);
    expect(a.name).not.toBe(b.name);
    expect(a.ports.some((q) => q.name.startsWith("prog_"))).toBe(false);
    expect(buildTile(p, { kind: "baked", plan })).toBe(a);
  });

  it("rejects a plan mapped with other parameters", () => {
    const p = makeTileParams({ rows: 8, cols: 8, mode: "remap" });
    const plan = planForTile(syntheticMatrix(8, 8, 1), makeTileParams({ rows: 8, cols: 8, mode: "dense" })).plan;
    expect(() => buildTile(p, { kind: "baked", plan })).toThrow(/plan's mode \(dense\) differs/);
  });

  it.runIf(LARGE)(
    "SME_LARGE: larger random matrix (R, C 32..128), the default tile at 128 x 128 (both kinds) and 256 x 256",
    async () => {
      await fc.assert(
        fc.asyncProperty(tileCase(32, 128), async (c) => runCase(c, 64)),
        { seed: 4242, numRuns: 6, endOnFailure: true },
      );
      for (const size of [128, 256]) {
        const p = makeTileParams({ rows: size, cols: size });
        const plan = planForTile(syntheticMatrix(size, size, size), p).plan;
        await runCase({ p, kind: "programmable", plan, seed: size, stalls: false }, 200);
        if (size === 128) await runCase({ p, kind: "baked", plan, seed: size, stalls: true }, 100);
      }
    },
    6 * 3_600_000,
  );
});
