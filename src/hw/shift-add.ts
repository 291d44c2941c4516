/**
 * Shift-and-add and sign combine: every cycle the controller steps, each column j takes
 * `P_j = sum over enabled slots m of sigma_m * (adc_mj << b_m)` and accumulates digit by digit, most
 * significant digit first (Horner's rule): at the first OU group of a digit the accumulator is multiplied by
 * `2^dacBits` before `P_j` is added, so digit t ends up weighted by `2^(dacBits*t)` as DESIGN 3 requires
 * without a variable shift by t. Arithmetic is modulo `2^OW`: the exact result fits OW bits, so wrapping
 * partial sums still end exact.
 *
 * `next` is the accumulator value after this cycle's step (the controller captures it into the output
 * register on the last step, so a new vector can start accumulating at once).
 */
import { cat, defineGenerator, input, lit, mux, output, uint, type Expr, type PortSpec } from "../hdl/index.js";

export interface ShiftAddParams {
  readonly cols: number;
  readonly slots: number;
  readonly adcBits: number;
  readonly outBits: number;
  readonly dacBits: number;
  readonly baseBits: number;
  /** Baked tiles: each slot's constant `{sign, base}` (all enabled); empty for programmable tiles. */
  readonly fixed: readonly { readonly sign: number; readonly base: number }[];
}

function shiftAddPorts(p: ShiftAddParams) {
  const descriptors: Record<string, PortSpec> = p.fixed.length
    ? {}
    : { enable: input(uint(p.slots)), sign: input(uint(p.slots)), base: input(uint(p.slots * p.baseBits)) };
  return {
    clk: input(),
    codes: input(uint(p.slots * p.cols * p.adcBits)),
    ...descriptors,
    step: input(),
    first: input(),
    new_digit: input(),
    next: output(uint(p.cols * p.outBits)),
  };
}

/** Wrapping sum of equal-width values as a balanced tree. */
function wrapSum(values: Expr[], width: number): Expr {
  if (values.length === 0) return lit(0, uint(width));
  let level = values;
  while (level.length > 1) {
    const next: Expr[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(level[i]!.add(level[i + 1]!));
    if (level.length % 2) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!;
}

export const shiftAdd = defineGenerator("sme_shift_add", shiftAddPorts, (m, io, p) => {
  const OW = p.outBits;
  const ports = io as unknown as Record<string, Expr>;
  const next: Expr[] = [];
  for (let j = 0; j < p.cols; j++) {
    const terms: Expr[] = [];
    const negatives: Expr[] = [];
    for (let s = 0; s < p.slots; s++) {
      const code = io.codes.bits((s * p.cols + j) * p.adcBits, p.adcBits).zext(OW);
      if (p.fixed.length) {
        const d = p.fixed[s]!;
        const v = code.shl(d.base).trunc(OW);
        (d.sign < 0 ? negatives : terms).push(v);
      } else {
        const v = code.shl(ports.base!.bits(s * p.baseBits, p.baseBits)).trunc(OW);
        const signed = mux(ports.sign!.bit(s), v.neg(), v);
        terms.push(mux(ports.enable!.bit(s), signed, lit(0, uint(OW))));
      }
    }
    const pos = wrapSum(terms, OW);
    const partial = negatives.length ? pos.sub(wrapSum(negatives, OW)) : pos;
    const acc = m.reg(uint(OW), { name: `acc_${j}` });
    const carried = mux(io.first, lit(0, uint(OW)), mux(io.new_digit, acc.shl(p.dacBits).trunc(OW), acc));
    const sum = m.wire(uint(OW), { name: `next_${j}` });
    sum.set(carried.add(partial));
    m.when(io.step, () => acc.set(sum));
    next.push(sum);
  }
  io.next.set(cat(...next.reverse()));
});
