import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { solveBudget, type BudgetLeaf, type BudgetNode, type BudgetTree } from "../../../src/sme/budget/solver.js";
import { runs } from "../../property-runs.js";

const leaf = (options: Array<[number, number]>): BudgetLeaf => ({ kind: "leaf", crossbars: options.map((o) => o[0]), error: options.map((o) => o[1]) });
const node = (children: BudgetTree[], cap = Number.POSITIVE_INFINITY, fixedError = 0): BudgetNode => ({ kind: "node", children, fixedError, cap });

interface Combo {
  crossbars: number;
  error: number;
  choice: number[];
}

/**
 * Every choice of the subtree that meets its caps, where a cap nothing meets is raised to the least error the
 * subtree reaches (the solver's rule), by enumeration.
 */
function enumerate(t: BudgetTree): Combo[] {
  if (t.kind === "leaf") return Array.from(t.crossbars, (x, o) => ({ crossbars: x, error: t.error[o], choice: [o] }));
  let acc: Combo[] = [{ crossbars: 0, error: t.fixedError, choice: [] }];
  for (const c of t.children) {
    const next: Combo[] = [];
    for (const a of acc)
      for (const b of enumerate(c)) next.push({ crossbars: a.crossbars + b.crossbars, error: a.error + b.error, choice: [...a.choice, ...b.choice] });
    acc = next;
  }
  const least = Math.min(...acc.map((c) => c.error));
  const cap = Math.max(t.cap, least);
  return acc.filter((c) => c.error <= cap);
}

/**
 * Random trees up to two levels of nodes above the leaves (at most 9 leaves of at most 3 options, so
 * enumeration stays small), with integer errors (exact sums, many ties) and caps that may not be reachable.
 */
const treeArb = (depth: number): fc.Arbitrary<BudgetTree> => {
  const leafArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 40 })), { minLength: 1, maxLength: 3 }).map(leaf);
  if (depth === 0) return leafArb;
  return fc.oneof(
    { weight: 1, arbitrary: leafArb },
    {
      weight: 2,
      arbitrary: fc
        .record({
          children: fc.array(treeArb(depth - 1), { minLength: 1, maxLength: 3 }),
          cap: fc.oneof(fc.constant(Number.POSITIVE_INFINITY), fc.integer({ min: 0, max: 120 })),
          fixed: fc.integer({ min: 0, max: 5 }),
        })
        .map((r) => node(r.children, r.cap, r.fixed)),
    },
  );
};

/** Error energies on a grid of 1/1000 (rounded sums, no denormal breakpoints). */
const milli = (max: number) => fc.integer({ min: 0, max: max * 1000 }).map((v) => v / 1000);

describe("budget solver: multiple-choice knapsack with nested caps", () => {
  it("a hand-worked case: two groups under one cap, the optimum and the Lagrangian bound", () => {
    // Group A: 3 crossbars lose nothing, 2 lose 5, 1 loses 20; group B: 2/0, 1/4, 0/30. Cap 10.
    const root = node(
      [
        leaf([
          [3, 0],
          [2, 5],
          [1, 20],
        ]),
        leaf([
          [2, 0],
          [1, 4],
          [0, 30],
        ]),
      ],
      10,
    );
    const sol = solveBudget(root);
    expect(sol.crossbars).toBe(3);
    expect(sol.error).toBe(9);
    expect(Array.from(sol.choice)).toEqual([1, 1]);
    // max over nu of min_A(x + nu e) + min_B(x + nu e) - 10 nu is reached at nu = 1/15: 2 + 14/15.
    expect(sol.dualBound).toBeCloseTo(44 / 15, 12);
    expect(sol.lowerBound).toBe(3);
    expect(sol.unmetCaps).toEqual([]);
  });

  it("without caps the bound is the optimum: every group at its fewest crossbars", () => {
    const sol = solveBudget(
      node([
        leaf([
          [3, 0],
          [2, 5],
        ]),
        node(
          [
            leaf([
              [2, 1],
              [4, 0],
            ]),
          ],
          Number.POSITIVE_INFINITY,
          7,
        ),
      ]),
    );
    expect(sol.crossbars).toBe(4);
    expect(sol.error).toBe(13);
    expect(sol.dualBound).toBeCloseTo(4, 9);
    expect(sol.lowerBound).toBe(4);
  });

  it("raises a cap nothing can meet to the least reachable error and reports it", () => {
    const inner = node(
      [
        leaf([
          [2, 3],
          [1, 7],
        ]),
      ],
      1,
    );
    const sol = solveBudget(
      node(
        [
          inner,
          leaf([
            [4, 0],
            [0, 50],
          ]),
        ],
        60,
      ),
    );
    expect(sol.unmetCaps).toEqual([inner]);
    // The inner node keeps its least error (3, two crossbars); the other leaf may then take its 50.
    expect(sol.crossbars).toBe(2);
    expect(sol.error).toBe(53);
  });

  it("finds the least crossbars any choice meeting the caps reaches, and the least error among those", () => {
    fc.assert(
      fc.property(treeArb(2), (t) => {
        const all = enumerate(t);
        const best = Math.min(...all.map((c) => c.crossbars));
        const leastError = Math.min(...all.filter((c) => c.crossbars === best).map((c) => c.error));
        const sol = solveBudget(t);
        expect(sol.crossbars).toBe(best);
        expect(sol.error).toBe(leastError);
        // The choice it returns is one of those.
        expect(all.some((c) => c.crossbars === best && c.error === leastError && c.choice.every((o, k) => o === sol.choice[k]))).toBe(true);
        // The dual never exceeds the optimum.
        expect(sol.dualBound).toBeLessThanOrEqual(best + 1e-9);
        expect(sol.lowerBound).toBeLessThanOrEqual(best);
      }),
      { numRuns: runs(400) },
    );
  });

  it("crossbars and the bound never rise as a cap loosens, and the bound stays at or below the optimum", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: 8 }), milli(100)), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        milli(400),
        milli(200),
        (groups, cap, more) => {
          const a = solveBudget(node(groups.map(leaf), cap));
          const b = solveBudget(node(groups.map(leaf), cap + more));
          expect(b.crossbars).toBeLessThanOrEqual(a.crossbars);
          expect(a.lowerBound).toBeLessThanOrEqual(a.crossbars);
          expect(b.dualBound).toBeLessThanOrEqual(a.dualBound + 1e-9);
        },
      ),
      { numRuns: runs(300) },
    );
  });

  it("under one cap, the dual bound is the optimum of the linear relaxation (enumerated)", () => {
    // With one coupling constraint, an optimal vertex of the relaxation mixes two options of at most one group
    // and takes one option of every other: enumerate those, with the mix set where the error meets the cap.
    const relaxation = (groups: ReadonlyArray<ReadonlyArray<readonly [number, number]>>, cap: number, fixed: number): number => {
      const least = fixed + groups.reduce((s, g) => s + Math.min(...g.map((o) => o[1])), 0);
      const limit = Math.max(cap, least);
      let best = Number.POSITIVE_INFINITY;
      const walk = (k: number, x: number, e: number): void => {
        if (k === groups.length) {
          if (e <= limit + 1e-12) best = Math.min(best, x);
          return;
        }
        for (const [xa, ea] of groups[k]) {
          walk(k + 1, x + xa, e + ea);
          for (const [xb, eb] of groups[k]) {
            if (eb >= ea) continue;
            // Group k mixes a and b (t of b); groups before it are chosen by the walk, the ones after here.
            const rest = (r: number, rx: number, re: number): void => {
              if (r === groups.length) {
                const t = Math.min(1, Math.max(0, (limit - e - ea - re) / (eb - ea)));
                const err = e + re + ea + t * (eb - ea);
                if (err <= limit + 1e-9) best = Math.min(best, x + rx + xa + t * (xb - xa));
                return;
              }
              for (const [xr, er] of groups[r]) rest(r + 1, rx + xr, re + er);
            };
            rest(k + 1, 0, 0);
          }
        }
      };
      walk(0, 0, fixed);
      return best;
    };
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), milli(40)), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
        milli(120),
        milli(5),
        (groups, cap, fixed) => {
          const sol = solveBudget(node(groups.map(leaf), cap, fixed));
          const lp = relaxation(groups, cap, fixed);
          expect(Math.abs(sol.dualBound - lp), `dual ${sol.dualBound}, relaxation ${lp}`).toBeLessThan(1e-6 * (1 + lp));
          expect(sol.lowerBound).toBe(Math.ceil(sol.dualBound));
        },
      ),
      { numRuns: runs(400) },
    );
  });

  it("stays a valid, finite bound when errors differ by amounts near the smallest doubles", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.double({ min: 0, max: 1e-150, noNaN: true })), { minLength: 1, maxLength: 3 }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.double({ min: 0, max: 1e-150, noNaN: true }),
        (groups, cap) => {
          const sol = solveBudget(node(groups.map(leaf), cap));
          expect(Number.isFinite(sol.dualBound)).toBe(true);
          expect(sol.lowerBound).toBeLessThanOrEqual(sol.crossbars);
        },
      ),
      { numRuns: runs(300) },
    );
  });

  it("is deterministic: the same tree gives the same choice", () => {
    const t = node(
      [
        node(
          [
            leaf([
              [1, 1],
              [1, 1],
              [0, 3],
            ]),
            leaf([
              [2, 0],
              [1, 2],
            ]),
          ],
          4,
        ),
        node(
          [
            leaf([
              [3, 0],
              [1, 1],
            ]),
          ],
          5,
        ),
      ],
      6,
    );
    expect(Array.from(solveBudget(t).choice)).toEqual(Array.from(solveBudget(t).choice));
    // Equal options: the lowest index wins.
    expect(
      solveBudget(
        node([
          leaf([
            [1, 1],
            [1, 1],
          ]),
        ]),
      ).choice[0],
    ).toBe(0);
  });
});
