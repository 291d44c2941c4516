/**
 * Shift-and-add and sign combine of one output column: every cycle the controller steps, the column takes
 * `P = sum over enabled slots m of sigma_m * (adc_m << b_m)` and accumulates digit by digit, most
 * significant digit first (Horner's rule): at the first OU group of a digit the accumulator is multiplied by
 * `2^dacBits` before `P` is added, so digit t ends up weighted by `2^(dacBits*t)` as design.md §3 requires
 * without a variable shift by t. Arithmetic is modulo `2^OW`: the exact result fits OW bits, so wrapping
 * partial sums still end exact.
 *
 * `next` is the accumulator value after this cycle's step (the tile captures it into the output register on
 * the last step, so a new vector can start accumulating at once). The tile instantiates one per column.
 */
import { defineFunction, defineGenerator, input, lit, mux, output, uint, vec, type Expr, type HdlFunction, type HdlType } from "../hdl/index.js";

export interface ShiftAddParams {
  readonly slots: number;
  readonly adcBits: number;
  readonly outBits: number;
  readonly dacBits: number;
  readonly baseBits: number;
  /** Baked tiles: each slot's constant `{sign, base}` (all enabled); empty for programmable tiles. */
  readonly fixed: readonly { readonly sign: number; readonly base: number }[];
}

function shiftAddPorts(p: ShiftAddParams) {
  return {
    clk: input(),
    code: input(vec(uint(p.adcBits), p.slots)),
    // Programmable tiles: every slot's descriptor fields, one bit (or base) per slot.
    ...(p.fixed.length ? {} : { enable: input(uint(p.slots)), sign: input(uint(p.slots)), base: input(uint(p.slots * p.baseBits)) }),
    step: input(),
    first: input(),
    new_digit: input(),
    next: output(uint(p.outBits)),
  };
}

/** Wrapping sum of equal-width values as a balanced tree. */
function wrapSum(values: Expr[], width: number): Expr {
  if (values.length === 0) return lit(0, uint(width));
  let level = values;
  while (level.length > 1) {
    const next: Expr[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(level[i].add(level[i + 1]));
    if (level.length % 2) next.push(level[level.length - 1]);
    level = next;
  }
  return level[0];
}

/** The slots' signed, shifted ADC codes summed modulo 2^OW, from named argument values. */
function partialSum(p: ShiftAddParams, a: Readonly<Record<string, Expr>>): Expr {
  const OW = p.outBits;
  const terms: Expr[] = [];
  const negatives: Expr[] = [];
  for (let s = 0; s < p.slots; s++) {
    const code = a[`code${s}`].zext(OW);
    const d = p.fixed[s];
    if (d) {
      const v = d.base === 0 ? code : code.shl(d.base).trunc(OW);
      (d.sign < 0 ? negatives : terms).push(v);
    } else {
      const v = code.shl(a.bases.bits(s * p.baseBits, p.baseBits)).trunc(OW);
      const signed = mux(a.signs.bit(s), v.neg(), v);
      terms.push(mux(a.enables.bit(s), signed, lit(0, uint(OW))));
    }
  }
  const pos = wrapSum(terms, OW);
  return negatives.length ? pos.sub(wrapSum(negatives, OW)) : pos;
}

const partialSumFunctions = new Map<string, HdlFunction>();

/**
 * `partial_sum(code_0, ..., [enable, sign, base])` as a function: its per-slot shifted and signed terms are
 * function locals, which Verilator keeps in registers; as module-level wires they cost a store and a load
 * per slot and column every cycle.
 */
function partialSumFunction(p: ShiftAddParams): HdlFunction {
  const key = JSON.stringify(p);
  let fn = partialSumFunctions.get(key);
  if (!fn) {
    const args: Record<string, HdlType> = {};
    // Argument names differ from the module's port names, which a function's locals must not hide.
    for (let s = 0; s < p.slots; s++) args[`code${s}`] = uint(p.adcBits);
    if (!p.fixed.length) Object.assign(args, { enables: uint(p.slots), signs: uint(p.slots), bases: uint(p.slots * p.baseBits) });
    fn = defineFunction("partial_sum", args, (a) => partialSum(p, a));
    partialSumFunctions.set(key, fn);
  }
  return fn;
}

export const shiftAdd = defineGenerator("sme_shift_add", shiftAddPorts, (m, io, p) => {
  const OW = p.outBits;
  const descriptor = io.enable && io.sign && io.base ? [io.enable, io.sign, io.base] : [];
  const partial = partialSumFunction(p)(...io.code, ...descriptor);
  const acc = m.reg(uint(OW));
  const carried = mux(io.first, lit(0, uint(OW)), mux(io.new_digit, acc.shl(p.dacBits).trunc(OW), acc));
  const sum = m.wire(carried.add(partial));
  m.when(io.step, () => acc.set(sum));
  io.next.set(sum);
});
