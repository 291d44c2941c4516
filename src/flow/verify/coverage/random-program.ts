/**
 * Constrained-random stimulus for coverage closure: programming images of any shape the mode allows (empty and
 * full crossbars, any signs, bases and row maps, invalid remap rows, and transfers the tile must ignore) and
 * activation vectors of several kinds. Everything is drawn from one seeded generator, so a round can be replayed.
 */
import type { RawTransfer } from "../../../hw/payloads.js";
import type { TileInterface } from "../../../hw/tile-interface.js";
import { applyProgramImage, type MappingPlan, modeMaxShift, type ProgLayout, type ProgTransfer, packFields } from "../../../sme/index.js";

export type Random = () => number;

const int = (rand: Random, n: number): number => Math.floor(rand() * n);
const pick = <T>(rand: Random, xs: readonly T[]): T => xs[int(rand, xs.length)];

/** A random image, what the tile holds after it (for the golden model) and the slots it enables. */
export interface RandomProgram {
  /** Sent in order after reset, ignored transfers included. */
  readonly transfers: readonly RawTransfer[];
  /** The plan of the enabled slots, in slot order (what `applyProgramImage` reads back from the image). */
  readonly plan: MappingPlan;
  readonly slots: readonly number[];
}

/**
 * A random image for a programmable tile, loaded into a freshly reset tile. Constraints keep it a legal tile
 * state: every enabled slot gets all its cell rows (cells are not reset), and no two valid rows of one sign hold
 * the same bit of the same input, so a weight never exceeds N bits and the output width stays exact (distinct
 * bases per sign; in remap, a clashing row is written invalid). Bases leave room for the largest shift.
 */
export function randomProgram(tile: TileInterface, rand: Random): RandomProgram {
  const L = tile.layout;
  if (!L) throw new Error("internal: random programs are for programmable tiles");
  const p = tile.params;
  const N = p.weightBits;
  const R = p.rows;
  const K = L.slots;
  const maxShift = modeMaxShift(p);
  // How many slots: none, one, all of them, or any number in between.
  const count = pick(rand, [0, 1, K, K, 1 + int(rand, K)]);
  const order = Array.from({ length: K }, (_, s) => s);
  for (let i = K - 1; i > 0; i--) {
    const k = int(rand, i + 1);
    [order[i], order[k]] = [order[k], order[i]];
  }
  const enabled = order.slice(0, Math.min(K, count)).sort((a, b) => a - b);
  const usedBases: [Set<number>, Set<number>] = [new Set(), new Set()];
  const maxBase = L.rowMapScope === "per-sign" ? N - 1 - maxShift : N - 1;
  const desc = new Map<number, { sign: 0 | 1; base: number }>();
  for (const s of enabled) {
    let sign: 0 | 1 = rand() < 0.5 ? 0 : 1;
    if (L.rowMapScope !== "per-crossbar" && usedBases[sign].size > maxBase) sign = sign ? 0 : 1;
    if (L.rowMapScope !== "per-crossbar" && usedBases[sign].size > maxBase) continue; // both signs full: leave the slot disabled
    let base = int(rand, maxBase + 1);
    if (L.rowMapScope !== "per-crossbar") while (usedBases[sign].has(base)) base = (base + 1) % (maxBase + 1);
    usedBases[sign].add(base);
    desc.set(s, { sign, base });
  }
  const t: ProgTransfer[] = [];
  const ignored: RawTransfer[] = [];
  for (let s = 0; s < K; s++) {
    const d = desc.get(s);
    t.push({ target: 2, xbar: s, row: 0, data: d ? packFields(L.target2, { base: d.base, sign: d.sign, enable: 1 }) : 0n });
  }
  const word = (bits: number) => BigInt(int(rand, 2 ** Math.min(bits, 30)));
  // Transfers the tile must ignore: target 3 always, target 1 where nothing is stored.
  for (let k = 0; k < 2; k++) ignored.push({ target: 3, xbar: int(rand, K), row: int(rand, R), data: word(L.PW) });
  if (L.rowMapScope === "none") ignored.push({ target: 1, xbar: int(rand, K), row: int(rand, R), data: word(L.PW) });

  if (L.rowMapScope === "per-sign") {
    const shifts = p.mode === "squeeze" ? [0, p.squeeze] : Array.from({ length: maxShift + 1 }, (_, v) => v);
    for (const sign of [0, 1] as const) {
      // A row-map write finds its sign through the named slot's descriptor: any slot of that sign will do.
      const via = [...desc].find(([, d]) => d.sign === sign)?.[0];
      if (via === undefined) continue;
      const bias = rand();
      for (let r = 0; r < R; r++) {
        const v = rand() < bias ? shifts[shifts.length - 1] : pick(rand, shifts);
        t.push({ target: 1, xbar: via, row: r, data: packFields(L.target1, { shift: p.mode === "squeeze" ? (v === 0 ? 0 : 1) : v }) });
      }
    }
  } else if (L.rowMapScope === "per-crossbar") {
    const held: [Set<number>, Set<number>] = [new Set(), new Set()];
    for (const [s, d] of desc) {
      const invalid = pick(rand, [0, 0.1, 0.5]);
      for (let r = 0; r < R; r++) {
        const src = int(rand, R);
        const shift = int(rand, N - d.base);
        const key = src * N + d.base + shift;
        const valid = rand() >= invalid && !held[d.sign].has(key) ? 1 : 0;
        if (valid) held[d.sign].add(key);
        t.push({ target: 1, xbar: s, row: r, data: packFields(L.target1, { shift, src, valid }) });
      }
    }
  }
  for (const s of enabled) {
    if (!desc.has(s)) continue;
    const density = pick(rand, [0, 1, 1, rand(), 0.5]);
    for (let r = 0; r < R; r++) t.push({ target: 0, xbar: s, row: r, data: randomRow(rand, p.cols, density) });
  }
  const plan = applyProgramImage({ layout: L as ProgLayout, transfers: t });
  // The ignored transfers go in among the real ones (after the descriptors, where they could do most harm).
  const transfers: RawTransfer[] = [...t.slice(0, K), ...ignored, ...t.slice(K)];
  return { transfers, plan, slots: [...desc.keys()].sort((a, b) => a - b) };
}

/** A row of `cols` cells, each set with probability `density` (0 and 1 give empty and full rows). */
function randomRow(rand: Random, cols: number, density: number): bigint {
  if (density <= 0) return 0n;
  if (density >= 1) return (1n << BigInt(cols)) - 1n;
  let v = 0n;
  for (let j = cols - 1; j >= 0; j--) v = (v << 1n) | (rand() < density ? 1n : 0n);
  return v;
}

/** Kinds of constrained-random activation vectors. */
export const VECTOR_KINDS = ["zero", "ones", "uniform", "sparse", "high"] as const;

/**
 * `n` activation vectors of mixed kinds: all zeros, all at full scale, uniform, sparse (a random fraction of rows
 * non-zero) and high (most rows near full scale, to drive bit-line counts past the ADC's range).
 */
export function randomVectors(tile: TileInterface, rand: Random, n: number): Uint32Array[] {
  const R = tile.params.rows;
  const max = 2 ** tile.params.actBits - 1;
  const out: Uint32Array[] = [];
  for (let v = 0; v < n; v++) {
    const kind = v < 2 ? (v === 0 ? "zero" : "ones") : pick(rand, VECTOR_KINDS);
    const x = new Uint32Array(R);
    const density = rand();
    for (let i = 0; i < R; i++) {
      if (kind === "ones") x[i] = max;
      else if (kind === "uniform") x[i] = int(rand, max + 1);
      else if (kind === "sparse") x[i] = rand() < density ? int(rand, max + 1) : 0;
      else if (kind === "high") x[i] = rand() < 0.9 ? max - int(rand, Math.max(1, (max + 1) >> 3)) : int(rand, max + 1);
    }
    out.push(x);
  }
  return out;
}
