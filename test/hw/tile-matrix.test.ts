/**
 * The tile against the golden model, bit for bit, in every combination of mapping mode x design kind x
 * {lossless, saturating ADC} x dacBits {1, 2, 3} (small tiles, `productMatrix`), then with N and A up to 16 and
 * the default 128 x 128 tile (`wideCases`). Each design is linted (`-Wall`, zero warnings), built in Verilator
 * (builds are cached by their Verilog, so a rerun builds nothing), programmed through `prog_*` when
 * programmable, and fed random vectors. Two cases run at a time: a cold build is one Verilator process and
 * one compiler process, and the machine has two cores.
 */
import { afterAll, describe, expect, it } from "vitest";
import { closeAllSimulations } from "../../src/sim/index.js";
import { MAPPING_MODES } from "../../src/sme/index.js";
import { clippedVectors, type SimulatedTile, simulateCase } from "./tile-check.js";
import { combinations, describeCase, MATRIX_ADCS, MATRIX_DAC_BITS, MATRIX_MODES, productMatrix, wideCases } from "./tile-matrix.js";

afterAll(closeAllSimulations);

/** At most `n` bodies at a time (vitest starts up to 5 concurrent tests). */
function limiter(n: number): <T>(body: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (body) => {
    while (running >= n) await new Promise<void>((go) => waiting.push(go));
    running++;
    try {
      return await body();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
const twoAtATime = limiter(2);

const VECTORS = 24;

async function check(c: SimulatedTile, vectors: number, options: { lint?: boolean } = {}) {
  const r = await twoAtATime(() => simulateCase(c, vectors, options));
  const label = describeCase(c);
  expect(r.lint, `${label}: verilator -Wall`).toBe("");
  expect(r.mismatches, label).toEqual([]);
  expect(r.checked, label).toBe(vectors);
  // Back to back: one vector per G*T cycles, plus a cycle to accept the first and one to hand over the last result.
  if (!c.stalls) expect(r.cycles, label).toBe(vectors * r.hw.cyclesPerVector + 2);
  return r;
}

const cases = productMatrix();

describe("SME tile vs golden model: every mode x kind x ADC x dacBits", () => {
  it("has one case per combination, and a row for every mapping mode", () => {
    expect(MATRIX_MODES.map((m) => m.params.mode).sort()).toEqual([...MAPPING_MODES].sort());
    const expected = MATRIX_MODES.length * 2 * MATRIX_ADCS.length * MATRIX_DAC_BITS.length;
    expect(combinations(cases)).toHaveLength(expected);
    expect(cases).toHaveLength(expected);
  });

  describe.concurrent("combinations", () => {
    for (const c of cases) {
      it(`${c.mode} ${c.kind} ${c.adc} ADC dacBits ${c.dacBits}`, async () => {
        const r = await check(c, VECTORS);
        // A saturating case must really clip, or it would test the lossless path again.
        const clipped = clippedVectors(c.plan, c.p, r.vectors);
        if (c.adc === "saturating") expect(clipped, describeCase(c)).toBeGreaterThan(0);
        else expect(clipped).toBe(0);
      });
    }
  });
});

describe.concurrent("SME tile vs golden model: wide words and the default tile", () => {
  for (const c of wideCases()) {
    const large = c.p.rows >= 128;
    // A cold build of the default tile takes tens of seconds on an idle machine, minutes on a busy one.
    it(describeCase(c), { timeout: large ? 1_800_000 : undefined }, async () => {
      await check(c, large ? 12 : VECTORS);
    });
  }
});
