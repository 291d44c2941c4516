import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapBudgetTile, squeezeMinRowShifts } from "../../../src/sme/budget/plan.js";
import { layerBudgetTable, packedMaxShift } from "../../../src/sme/budget/tables.js";
import { makeTileParams } from "../../../src/sme/params.js";
import { quantizeMatrix } from "../../../src/sme/quantize.js";
import { syntheticMatrix } from "../../../src/sme/synthetic.js";
import { extractTile } from "../../../src/sme/tile.js";
import { runs } from "../../property-runs.js";

describe("budget tables: every depth of every (tile, sign) group", () => {
  it("agree with the budget plan of every tile at every depth: crossbars, drops, largest shift and error energy", () => {
    fc.assert(
      fc.property(
        fc.record({
          rows: fc.integer({ min: 1, max: 30 }),
          cols: fc.integer({ min: 1, max: 30 }),
          R: fc.integer({ min: 1, max: 12 }),
          C: fc.integer({ min: 1, max: 36 }),
          N: fc.integer({ min: 2, max: 8 }),
          S: fc.integer({ min: 1, max: 8 }),
          seed: fc.nat(),
          scale: fc.constantFrom("layer" as const, "channel" as const, "pow2" as const),
        }),
        ({ rows, cols, R, C, N, S, seed, scale }) => {
          const w = syntheticMatrix(rows, cols, seed, { zeroFraction: 0.3 });
          const p = makeTileParams({ rows: R, cols: C, weightBits: N, window: Math.min(S, N), mode: "remap" });
          const q = quantizeMatrix(w, { weightBits: N, window: p.window, scale });
          const t = layerBudgetTable(w, q, p);
          let signal = 0;
          for (let tr = 0; tr < t.tileRows; tr++) {
            for (let tc = 0; tc < t.tileCols; tc++) {
              const ti = tr * t.tileCols + tc;
              const tile = extractTile(q, tr, tc, R, C);
              for (let D = 0; D < N; D++) {
                const plan = mapBudgetTile(tile, p, squeezeMinRowShifts(tile, [D, D]));
                // The error of the mapped weights over the tile, straight from the plan.
                let direct = 0;
                let tileSignal = 0;
                for (let i = 0; i < R && tr * R + i < rows; i++) {
                  for (let j = 0; j < C && tc * C + j < cols; j++) {
                    const v = w.data[(tr * R + i) * cols + tc * C + j];
                    const e = v - plan.mappedCodes[i * C + j] * q.delta[tc * C + j];
                    direct += e * e;
                    tileSignal += v * v;
                  }
                }
                let droppedCells = 0;
                let droppedBitRows = 0;
                let fromTable = t.tileFixedError[ti];
                for (const s of [0, 1]) {
                  const o = (ti * 2 + s) * N + D;
                  const mine = plan.crossbars.filter((xb) => xb.sign === (s === 0 ? 1 : -1));
                  expect(mine.length).toBe(Math.ceil(t.bitRows[o] / R));
                  const shifts = mine.flatMap((xb) => Array.from(xb.rowShift).filter((_, r) => xb.rowValid[r] === 1));
                  expect(packedMaxShift(t.survivingPerBit.subarray(o * N, (o + 1) * N), R)).toBe(Math.max(0, ...shifts));
                  droppedCells += t.droppedCells[o];
                  droppedBitRows += t.droppedBitRows[o];
                  fromTable += t.errorEnergy[o];
                }
                expect(fromTable).toBeCloseTo(direct, 12);
                expect(droppedCells).toBe(plan.dropped.cells);
                expect(droppedBitRows).toBe(plan.dropped.bitRows);
                if (D === 0) {
                  expect(t.tileSignal[ti]).toBeCloseTo(tileSignal, 12);
                  signal += tileSignal;
                }
              }
            }
          }
          expect(t.signalEnergy).toBeCloseTo(signal, 10);
          let quantError = 0;
          w.data.forEach((v, k) => {
            quantError += (v - q.codes[k] * q.delta[k % cols]) ** 2;
          });
          expect(t.quantErrorEnergy).toBeCloseTo(quantError, 10);
        },
      ),
      { numRuns: runs(150) },
    );
  });

  it("packedMaxShift: bit-rows by k descending, R per crossbar, shift = first k - last k", () => {
    // 3 bit-rows at k = 7, 2 at k = 5, 4 at k = 0; R = 4: crossbars {7,7,7,5}, {5,0,0,0}, {0}.
    expect(packedMaxShift([4, 0, 0, 0, 0, 2, 0, 3], 4)).toBe(5);
    expect(packedMaxShift([0, 0, 0, 0, 0, 0, 0, 0], 4)).toBe(0);
    expect(packedMaxShift([1, 1, 1, 1], 8)).toBe(3);
  });
});
