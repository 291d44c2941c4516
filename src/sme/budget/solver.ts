/**
 * The budget problem as a tree: leaves are groups that each pick one option (crossbars, error energy); inner
 * nodes (tiles, layers, the model) sum their children's errors plus a fixed error and may cap that sum.
 * Minimise total crossbars subject to every cap: a multiple-choice knapsack with nested (laminar) constraints.
 *
 * `solveBudget` solves it exactly by dynamic programming over crossbar counts: each node's curve is the least
 * error for every total crossbar count of its subtree (a min-plus convolution of its children's curves), cut
 * at its cap. It also returns the Lagrangian dual bound of the same problem (equal to the bound of its
 * linear relaxation), so the integrality gap is visible next to the optimum.
 */

/** A group: option o costs `crossbars[o]` and leaves error energy `error[o]`. */
export interface BudgetLeaf {
  readonly kind: "leaf";
  readonly crossbars: ArrayLike<number>;
  readonly error: ArrayLike<number>;
}

/** A sum of children plus `fixedError`, whose error may not exceed `cap` (`Infinity`: no cap). */
export interface BudgetNode {
  readonly kind: "node";
  readonly children: readonly BudgetTree[];
  readonly fixedError: number;
  readonly cap: number;
}

export type BudgetTree = BudgetLeaf | BudgetNode;

export interface BudgetSolution {
  /** Least total crossbars meeting every cap (caps no choice can meet are raised to the least error reachable). */
  readonly crossbars: number;
  /** Total error energy of the chosen options plus the fixed errors (the least error at that crossbar count). */
  readonly error: number;
  /** Chosen option per leaf, leaves in depth-first order. */
  readonly choice: Int32Array;
  /** Nodes whose cap no choice meets; each was held to the least error it can reach instead. */
  readonly unmetCaps: readonly BudgetNode[];
  /** The Lagrangian dual value less its rounding allowance: no choice meeting the caps uses fewer crossbars. */
  readonly dualBound: number;
  /** `ceil(dualBound)`: the integer lower bound on crossbars. */
  readonly lowerBound: number;
}

/** Least error per crossbar count `lo .. lo + err.length - 1` (`Infinity`: not reachable). */
interface Curve {
  readonly lo: number;
  readonly err: Float64Array;
}

interface LeafState {
  readonly kind: "leaf";
  readonly index: number;
  readonly curve: Curve;
  /** Option chosen at each crossbar count of the curve. */
  readonly option: Int32Array;
  /** Lower convex hull of (crossbars, error) for the dual: points by crossbars ascending, breakpoints between them. */
  readonly hullX: Float64Array;
  readonly hullE: Float64Array;
  readonly hullNu: Float64Array;
}

interface NodeState {
  readonly kind: "node";
  readonly node: BudgetNode;
  readonly children: readonly State[];
  readonly curve: Curve;
  /** After adding child k: the curve's lo and, per entry, the index into child k's curve. */
  readonly accLo: Int32Array;
  readonly split: readonly Int32Array[];
  /** The cap in force (raised to the least reachable error when the node's own cap cannot be met). */
  readonly cap: number;
  /** The node's dual multiplier sum: the best nu for its subtree on its own (0 without a cap). */
  nuStar: number;
}

type State = LeafState | NodeState;

/** Solves the budget tree exactly and bounds it from below (see the module comment). Deterministic. */
export function solveBudget(root: BudgetTree): BudgetSolution {
  let leaves = 0;
  const unmet: BudgetNode[] = [];
  const build = (t: BudgetTree): State => (t.kind === "leaf" ? leafState(t, leaves++) : nodeState(t, build, unmet));
  const state = build(root);
  const { curve } = state;
  let best = -1;
  for (let i = 0; i < curve.err.length; i++) {
    if (curve.err[i] !== Number.POSITIVE_INFINITY) {
      best = i;
      break;
    }
  }
  const choice = new Int32Array(leaves);
  reconstruct(state, curve.lo + best, choice);
  prepareDual(state);
  const size = { magnitude: 0, terms: 0 };
  const dual = dualValue(state, 0, size);
  // Rounding of a sum of `terms` terms is at most terms * 2^-53 * sum |term|: take that off, so the bound holds.
  const dualBound = dual - (size.terms + 1) * 2 ** -51 * size.magnitude;
  return {
    crossbars: curve.lo + best,
    error: curve.err[best],
    choice,
    unmetCaps: unmet,
    dualBound,
    lowerBound: Math.ceil(dualBound),
  };
}

function leafState(leaf: BudgetLeaf, index: number): LeafState {
  const n = leaf.crossbars.length;
  if (n === 0 || leaf.error.length !== n) throw new Error("budget leaf needs at least one option and one error per option");
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let o = 0; o < n; o++) {
    lo = Math.min(lo, leaf.crossbars[o]);
    hi = Math.max(hi, leaf.crossbars[o]);
  }
  const err = new Float64Array(hi - lo + 1).fill(Number.POSITIVE_INFINITY);
  const option = new Int32Array(hi - lo + 1).fill(-1);
  // Per crossbar count, the option with the least error; the lowest index on a tie.
  for (let o = 0; o < n; o++) {
    const i = leaf.crossbars[o] - lo;
    if (leaf.error[o] < err[i]) {
      err[i] = leaf.error[o];
      option[i] = o;
    }
  }
  // Lower convex hull for min_o (x_o + nu * e_o): Pareto points by x ascending, then slopes increasing.
  const hx: number[] = [];
  const he: number[] = [];
  for (let i = 0; i < err.length; i++) {
    if (err[i] === Number.POSITIVE_INFINITY || (he.length > 0 && err[i] >= he[he.length - 1])) continue;
    // A point whose error is lower only by an amount that rounds its breakpoint to infinity wins at no finite nu.
    if (hx.length > 0 && !Number.isFinite((lo + i - hx[hx.length - 1]) / (he[he.length - 1] - err[i]))) continue;
    // Drop hull points that a chord from their left neighbour to this point passes below.
    while (hx.length >= 2) {
      const a = hx.length - 2;
      const b = hx.length - 1;
      const nuAB = (hx[b] - hx[a]) / (he[a] - he[b]);
      const nuBC = (lo + i - hx[b]) / (he[b] - err[i]);
      if (nuBC > nuAB) break;
      hx.pop();
      he.pop();
    }
    hx.push(lo + i);
    he.push(err[i]);
  }
  const nu = new Float64Array(hx.length - 1);
  for (let k = 0; k < nu.length; k++) nu[k] = (hx[k + 1] - hx[k]) / (he[k] - he[k + 1]);
  return { kind: "leaf", index, curve: { lo, err }, option, hullX: Float64Array.from(hx), hullE: Float64Array.from(he), hullNu: nu };
}

function nodeState(node: BudgetNode, build: (t: BudgetTree) => State, unmet: BudgetNode[]): NodeState {
  const children: State[] = [];
  const accLo = new Int32Array(node.children.length);
  const split: Int32Array[] = [];
  let acc: Curve = { lo: 0, err: Float64Array.of(node.fixedError) };
  node.children.forEach((child, k) => {
    const cs = build(child);
    children.push(cs);
    const b = cs.curve;
    const out = new Float64Array(acc.err.length + b.err.length - 1).fill(Number.POSITIVE_INFINITY);
    const pick = new Int32Array(out.length);
    const A = acc.err;
    const B = b.err;
    for (let i = 0; i < A.length; i++) {
      const ai = A[i];
      if (ai === Number.POSITIVE_INFINITY) continue;
      for (let j = 0; j < B.length; j++) {
        const v = ai + B[j];
        if (v < out[i + j]) {
          out[i + j] = v;
          pick[i + j] = j;
        }
      }
    }
    acc = { lo: acc.lo + b.lo, err: out };
    accLo[k] = acc.lo;
    split.push(pick);
  });
  let least = Number.POSITIVE_INFINITY;
  for (const e of acc.err) least = Math.min(least, e);
  let cap = node.cap;
  if (!(least <= cap)) {
    cap = least;
    unmet.push(node);
  }
  const err = acc.err.map((e) => (e <= cap ? e : Number.POSITIVE_INFINITY));
  return { kind: "node", node, children, curve: { lo: acc.lo, err }, accLo, split, cap, nuStar: 0 };
}

function reconstruct(s: State, crossbars: number, choice: Int32Array): void {
  if (s.kind === "leaf") {
    choice[s.index] = s.option[crossbars - s.curve.lo];
    return;
  }
  let c = crossbars;
  for (let k = s.children.length - 1; k >= 0; k--) {
    const child = s.children[k];
    const take = child.curve.lo + s.split[k][c - s.accLo[k]];
    reconstruct(child, take, choice);
    c -= take;
  }
}

/*
 * The dual. Relax every cap with a multiplier; with nu_n the sum of the multipliers from node n up to the root
 * (nu_n >= nu_parent), the Lagrangian is
 *   sum_leaves min_o (x_o + nu_leaf * e_o) + sum_nodes (nu_n * fixed_n - (nu_n - nu_parent) * cap_n).
 * Per node, h_n(lam) = max over nu >= lam of [F_n(nu) - (nu - lam) * cap_n], F_n(nu) = nu * fixed_n +
 * sum_children h_c(nu), is concave; its unconstrained maximiser nu*_n (the first nu where the right slope of F_n
 * drops to cap_n) does not depend on lam, so h_n(lam) = F_n(max(lam, nu*_n)) - (max(lam, nu*_n) - lam) * cap_n.
 * The bound is h_root(0). Any nu >= lam gives a valid bound, so an imprecise nu* only weakens it; the
 * rounding of the sums themselves is taken off the value returned.
 */

/** Computes nu* of every node bottom-up. */
function prepareDual(s: State): void {
  if (s.kind === "leaf") return;
  for (const c of s.children) prepareDual(c);
  if (s.cap === Number.POSITIVE_INFINITY) {
    s.nuStar = 0;
    return;
  }
  if (fSlope(s, 0) <= s.cap) {
    s.nuStar = 0;
    return;
  }
  const cand: number[] = [];
  collectKinks(s, cand, true);
  const sorted = Float64Array.from(cand).sort();
  // First kink where the right slope is within the cap; F_n's slope only changes at kinks.
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (fSlope(s, sorted[mid]) <= s.cap) hi = mid;
    else lo = mid + 1;
  }
  s.nuStar = sorted.length === 0 ? 0 : sorted[Math.min(lo, sorted.length - 1)];
}

/** Points where the slope of F_n (top) or of a descendant's h can change. */
function collectKinks(s: State, out: number[], top: boolean): void {
  if (s.kind === "leaf") {
    for (const v of s.hullNu) out.push(v);
    return;
  }
  if (!top && s.nuStar > 0) out.push(s.nuStar);
  for (const c of s.children) collectKinks(c, out, false);
}

/** Right slope of F_n at nu: the subtree's error at the Lagrangian choice. */
function fSlope(s: NodeState, nu: number): number {
  let slope = s.node.fixedError;
  for (const c of s.children) slope += hSlope(c, nu);
  return slope;
}

function hSlope(s: State, nu: number): number {
  if (s.kind === "leaf") return s.hullE[hullIndex(s, nu)];
  return nu < s.nuStar ? s.cap : fSlope(s, nu);
}

/** Index of the hull point that minimises x + nu * e just right of nu. */
function hullIndex(s: LeafState, nu: number): number {
  let lo = 0;
  let hi = s.hullNu.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s.hullNu[mid] <= nu) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** h_s(lam), adding the magnitude and number of the terms summed to `size` (for the rounding allowance). */
function dualValue(s: State, lam: number, size: { magnitude: number; terms: number }): number {
  if (s.kind === "leaf") {
    const i = hullIndex(s, lam);
    size.magnitude += s.hullX[i] + lam * s.hullE[i];
    size.terms += 2;
    return s.hullX[i] + lam * s.hullE[i];
  }
  const nu = Math.max(lam, s.nuStar);
  let f = nu * s.node.fixedError;
  for (const c of s.children) f += dualValue(c, nu, size);
  size.magnitude += nu * s.node.fixedError;
  size.terms += s.children.length + 2;
  if (nu === lam) return f;
  size.magnitude += (nu - lam) * s.cap;
  return f - (nu - lam) * s.cap;
}
