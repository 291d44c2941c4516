import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapTile } from "../../src/sme/mapping.js";
import { matrixFromRows } from "../../src/sme/matrix.js";
import { analyzeLayer, analyzeModel, withBudget } from "../../src/sme/metrics.js";
import { makeBudgetParams } from "../../src/sme/budget/options.js";
import { digitCount, MAPPING_MODES, makeTileParams } from "../../src/sme/params.js";
import { progLayout } from "../../src/sme/program-layout.js";
import { quantizeMatrix, sqnrFromSums } from "../../src/sme/quantize.js";
import { syntheticMatrix } from "../../src/sme/synthetic.js";
import { extractTile, tileGrid } from "../../src/sme/tile.js";
import { messageOf } from "../error-message.js";
import { heavyRuns, runs } from "../property-runs.js";

describe("layer metrics (design.md §2.4)", () => {
  it("agree with the mapping plans of every tile, in every mode", () => {
    fc.assert(
      fc.property(
        fc.record({
          rows: fc.integer({ min: 1, max: 40 }),
          cols: fc.integer({ min: 1, max: 40 }),
          R: fc.integer({ min: 1, max: 16 }),
          C: fc.integer({ min: 1, max: 40 }),
          N: fc.integer({ min: 2, max: 8 }),
          seed: fc.nat(),
          scale: fc.constantFrom("layer" as const, "channel" as const, "pow2" as const),
          dPick: fc.nat(),
        }),
        ({ rows, cols, R, C, N, seed, scale, dPick }) => {
          const w = syntheticMatrix(rows, cols, seed, { zeroFraction: 0.3 });
          const D = 1 + (dPick % (N - 1));
          const p = makeTileParams({ rows: R, cols: C, weightBits: N, window: Math.min(3, N), squeeze: D });
          const m = analyzeLayer(w, p, scale);
          const q = quantizeMatrix(w, { weightBits: N, window: p.window, scale });
          const { tileRows, tileCols } = tileGrid(rows, cols, R, C);
          // Budget depths come from an optimisation over the whole model: test/sme/budget/analyze.test.ts checks them.
          for (const mode of MAPPING_MODES.filter((md) => md !== "budget")) {
            let xbars = 0;
            let dropped = 0;
            let maxShift = 0;
            let mapBits = 0;
            const mapped = new Int32Array(rows * cols);
            for (let tr = 0; tr < tileRows; tr++) {
              for (let tc = 0; tc < tileCols; tc++) {
                const plan = mapTile(extractTile(q, tr, tc, R, C), { ...p, mode });
                xbars += plan.crossbars.length;
                dropped += plan.dropped.cells;
                maxShift = Math.max(maxShift, plan.maxShift);
                const layout = progLayout({ ...p, mode }, 1);
                if (mode === "remap") mapBits += plan.crossbars.length * R * layout.rowMapStoredBits;
                if (mode === "squeeze" || mode === "squeeze-min") {
                  mapBits += new Set(plan.crossbars.map((x) => x.sign)).size * R * layout.rowMapStoredBits;
                }
                for (let i = 0; i < R && tr * R + i < rows; i++)
                  for (let j = 0; j < C && tc * C + j < cols; j++) mapped[(tr * R + i) * cols + tc * C + j] = plan.mappedCodes[i * C + j];
              }
            }
            const mm = m.modes[mode]!;
            expect(mm.crossbars).toBe(xbars);
            expect(mm.droppedCells).toBe(dropped);
            expect(mm.maxShift).toBe(maxShift);
            expect(mm.rowMapBits).toBe(mapBits);
            expect(mm.cells).toBe(xbars * R * C);
            let sig = 0;
            let err = 0;
            for (let k = 0; k < rows * cols; k++) {
              const v = w.data[k];
              const e = v - mapped[k] * q.delta[k % cols];
              sig += v * v;
              err += e * e;
            }
            const expected = sqnrFromSums(sig, err);
            if (Number.isFinite(expected)) expect(mm.sqnrMappedDb).toBeCloseTo(expected, 6);
            else expect(mm.sqnrMappedDb).toBe(expected);
          }
          expect(m.modes.dense!.crossbars).toBe(tileRows * tileCols * 2 * N);
        },
      ),
      { numRuns: heavyRuns(150) },
    );
  });

  it("counts non-empty bit-rows per bit position over tiles x signs x R", () => {
    // Codes (N=4, S=4, delta = 1/15): 15 = 1111 and -1 = 0001 in a 2x1 matrix, one 2x1 tile.
    const w = matrixFromRows("w", [[1], [-1 / 15]]);
    const p = makeTileParams({ rows: 2, cols: 1, weightBits: 4, window: 4, squeeze: 1 });
    const m = analyzeLayer(w, p);
    expect(m.nonEmptyBitRowFraction).toEqual([2 / 4, 1 / 4, 1 / 4, 1 / 4]);
    expect(m.modes.dense!.crossbars).toBe(8);
    expect(m.modes.bitslice!.crossbars).toBe(5);
    expect(m.modes.remap!.crossbars).toBe(2 + 1);
    expect(m.modes.squeeze!.droppedCells).toBe(1);
    expect(m.modes.squeeze!.inputCycles).toBe(9);
    expect(m.sqnrQuantDb).toBe(Number.POSITIVE_INFINITY);
  });

  it("marks the squeeze modes as not applicable when D is outside 1..N-1", () => {
    const p = makeTileParams({ rows: 2, cols: 2, weightBits: 2, window: 2, mode: "dense", squeeze: 2 });
    const m = analyzeModel(
      {
        source: "mem",
        layers: [
          matrixFromRows("w", [
            [1, -1],
            [0.5, 0],
          ]),
        ],
      },
      p,
    );
    expect(m.total.modes.squeeze).toBeNull();
    expect(m.total.modes.dense!.crossbars).toBe(4);
  });

  it("totals add crossbars over layers and take SQNR over all weights", () => {
    const a = syntheticMatrix(20, 30, 1);
    const b = syntheticMatrix(50, 10, 2);
    const p = makeTileParams({ rows: 16, cols: 16 });
    const m = analyzeModel({ source: "mem", layers: [a, b] }, p, { budget: makeBudgetParams({ targetSqnrDb: 20 }) });
    expect(m.total.layers).toBe(2);
    for (const mode of MAPPING_MODES) expect(m.total.modes[mode]!.crossbars).toBe(m.layers[0].modes[mode]!.crossbars + m.layers[1].modes[mode]!.crossbars);
    const sig = m.layers[0].signalEnergy + m.layers[1].signalEnergy;
    const err = m.layers[0].quantErrorEnergy + m.layers[1].quantErrorEnergy;
    expect(m.total.sqnrQuantDb).toBeCloseTo(10 * Math.log10(sig / err), 9);
    expect(() => analyzeModel({ source: "mem", layers: [a] }, p, { layer: "nope" })).toThrow(/has no kernel named nope/);
    expect(analyzeModel({ source: "mem", layers: [a, b] }, p, { layer: b.name }).layers.map((l) => l.name)).toEqual([b.name]);
  });

  it("model totals: sums of the layers' counts, the largest shift, SQNR over all weights, bit-row fractions weighted by tiles", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), fc.nat()), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 2, max: 6 }),
        fc.boolean(),
        (shapes, R, C, N, withBudgetMode) => {
          const layers = shapes.map(([r, c, seed], k) => ({ ...syntheticMatrix(r, c, seed, { zeroFraction: 0.3 }), name: `l${k}` }));
          const p = makeTileParams({ rows: R, cols: C, weightBits: N, window: Math.min(3, N), squeeze: 1 });
          const m = analyzeModel({ source: "mem", layers }, p, withBudgetMode ? { budget: makeBudgetParams({ targetSqnrDb: 15 }) } : {});
          const sum = (f: (l: (typeof m.layers)[number]) => number) => m.layers.reduce((a, l) => a + f(l), 0);
          const tiles = sum((l) => l.tileRows * l.tileCols);
          expect(m.total.layers).toBe(layers.length);
          expect(m.total.tiles).toBe(tiles);
          expect(m.total.weights).toBe(sum((l) => l.weights));
          expect(m.total.signalEnergy).toBeCloseTo(
            sum((l) => l.signalEnergy),
            9,
          );
          expect(m.total.quantErrorEnergy).toBeCloseTo(
            sum((l) => l.quantErrorEnergy),
            9,
          );
          m.total.nonEmptyBitRowFraction.forEach((f, k) => {
            expect(f).toBeCloseTo(sum((l) => l.nonEmptyBitRowFraction[k] * l.tileRows * l.tileCols) / tiles, 12);
          });
          const dense = sum((l) => l.modes.dense!.crossbars);
          for (const mode of MAPPING_MODES) {
            if (mode === "budget" && !withBudgetMode) {
              expect(m.total.modes.budget ?? null).toBeNull();
              continue;
            }
            const t = m.total.modes[mode]!;
            const of = (f: (x: NonNullable<(typeof m.layers)[number]["modes"][typeof mode]>) => number) => sum((l) => f(l.modes[mode]!));
            const maxShift = Math.max(...m.layers.map((l) => l.modes[mode]!.maxShift));
            expect(t, mode).toMatchObject({
              crossbars: of((x) => x.crossbars),
              ratioToDense: of((x) => x.crossbars) / dense,
              cells: of((x) => x.cells),
              droppedCells: of((x) => x.droppedCells),
              droppedBitRows: of((x) => x.droppedBitRows),
              maxShift,
              inputCycles: digitCount(p, maxShift),
              rowMapBits: of((x) => x.rowMapBits),
            });
            expect(t.errorEnergy, mode).toBeCloseTo(
              of((x) => x.errorEnergy),
              9,
            );
            const db = sqnrFromSums(m.total.signalEnergy, t.errorEnergy);
            if (Number.isFinite(db)) expect(t.sqnrMappedDb, mode).toBeCloseTo(db, 9);
            else expect(t.sqnrMappedDb, mode).toBe(db);
          }
        },
      ),
      { numRuns: runs(60) },
    );
  });

  it("names the kernels when the asked one is missing (the first 12, then the count), and refuses a budget of other layers", () => {
    const p = makeTileParams({ rows: 4, cols: 4 });
    const layers = Array.from({ length: 14 }, (_, k) => ({ ...syntheticMatrix(3, 3, k), name: `k${k}` }));
    expect(messageOf(() => analyzeModel({ source: "net.json", layers: layers.slice(0, 2) }, p, { layer: "x" }))).toBe(
      "net.json has no kernel named x; kernels: k0, k1",
    );
    expect(messageOf(() => analyzeModel({ source: "net.json", layers: layers.slice(0, 12) }, p, { layer: "x" }))).toBe(
      "net.json has no kernel named x; kernels: k0, k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11",
    );
    expect(messageOf(() => analyzeModel({ source: "net.json", layers }, p, { layer: "x" }))).toBe(
      "net.json has no kernel named x; kernels: k0, k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, ... (14 in all)",
    );
    expect(messageOf(() => analyzeModel({ source: "net.json", layers: [] }, p, { layer: "x" }))).toBe(
      "net.json has no kernel named x: it holds no kernels (no non-zero weight matrix); check the model file",
    );
    expect(messageOf(() => analyzeModel({ source: "net.json", layers: [] }, p))).toBe("net.json holds no non-zero 2-D or 4-D kernels to analyze");
    const two = analyzeModel({ source: "m", layers: layers.slice(0, 2) }, p);
    const budgetOf = (ls: typeof layers) => analyzeModel({ source: "m", layers: ls }, p, { budget: makeBudgetParams() }).budget!;
    expect(withBudget(two, budgetOf(layers.slice(0, 2))).total.modes.budget).toEqual(budgetOf(layers.slice(0, 2)).total);
    expect(messageOf(() => withBudget(two, budgetOf(layers.slice(0, 3))))).toBe("withBudget: the budget mapping is of other layers than the metrics");
    expect(messageOf(() => withBudget(two, budgetOf([layers[1], layers[0]])))).toBe("withBudget: the budget mapping is of other layers than the metrics");
    expect(messageOf(() => withBudget(two, budgetOf([layers[0], layers[2]])))).toBe("withBudget: the budget mapping is of other layers than the metrics");
  });
});
