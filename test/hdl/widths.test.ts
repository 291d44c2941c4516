import { beforeAll, describe, expect, it } from "vitest";
import { cat, defineModule, emitVerilog, type Expr, input, mux, output, rep, sint, sumTree, toSimDesign, uint } from "../../src/hdl/index.js";
import type { PortSpec } from "../../src/hdl/index.js";
import { simulateComb, vectorSource } from "./iverilog-sim.js";
import { expectToolsClean } from "./helpers.js";

// Operands: ua uint(8), ub uint(5), sa sint(8), sb sint(5), sh uint(3), s1 uint(1), ix uint(4).
type In = { ua: bigint; ub: bigint; sa: bigint; sb: bigint; sh: bigint; s1: bigint; ix: bigint };
type Ops = { ua: Expr; ub: Expr; sa: Expr; sb: Expr; sh: Expr; s1: Expr; ix: Expr };

interface Row {
  /** Output port name and the table row it exercises. */
  readonly name: string;
  readonly build: (o: Ops) => Expr;
  readonly width: number;
  readonly signed: boolean;
  /** Reference value as a mathematical integer (inputs: unsigned ones as-is, signed ones as signed values). */
  readonly ref: (v: In) => bigint;
}

const mask = (v: bigint, w: number): bigint => BigInt.asUintN(w, v);
const bitsOf = (v: bigint, lo: number, w: number): bigint => (v >> BigInt(lo)) & ((1n << BigInt(w)) - 1n);
const ones = (v: bigint): bigint => BigInt([...v.toString(2)].filter((c) => c === "1").length);

const ROWS: Row[] = [
  { name: "add_u", build: (o) => o.ua.add(o.ub), width: 8, signed: false, ref: (v) => v.ua + v.ub },
  { name: "add_s", build: (o) => o.sa.add(o.sb), width: 8, signed: true, ref: (v) => v.sa + v.sb },
  { name: "sub_u", build: (o) => o.ua.sub(o.ub), width: 8, signed: false, ref: (v) => v.ua - v.ub },
  { name: "addx_u", build: (o) => o.ua.addx(o.ub), width: 9, signed: false, ref: (v) => v.ua + v.ub },
  { name: "subx_s", build: (o) => o.sa.subx(o.sb), width: 9, signed: true, ref: (v) => v.sa - v.sb },
  { name: "mul_u", build: (o) => o.ua.mul(o.ub), width: 13, signed: false, ref: (v) => v.ua * v.ub },
  { name: "mul_s", build: (o) => o.sa.mul(o.sb), width: 13, signed: true, ref: (v) => v.sa * v.sb },
  { name: "mulw_u", build: (o) => o.ua.mulw(o.ub), width: 8, signed: false, ref: (v) => v.ua * v.ub },
  { name: "mulw_s", build: (o) => o.sa.mulw(o.sb), width: 8, signed: true, ref: (v) => v.sa * v.sb },
  { name: "and_u", build: (o) => o.ua.and(o.ub), width: 8, signed: false, ref: (v) => v.ua & v.ub },
  { name: "or_s", build: (o) => o.sa.or(o.sb), width: 8, signed: true, ref: (v) => v.sa | v.sb },
  { name: "xor_u", build: (o) => o.ua.xor(o.ub), width: 8, signed: false, ref: (v) => v.ua ^ v.ub },
  { name: "not_u", build: (o) => o.ua.not(), width: 8, signed: false, ref: (v) => ~v.ua },
  { name: "neg_s", build: (o) => o.sa.neg(), width: 8, signed: true, ref: (v) => -v.sa },
  { name: "eq_u", build: (o) => o.ua.eq(o.ub), width: 1, signed: false, ref: (v) => BigInt(v.ua === v.ub) },
  { name: "ne_u", build: (o) => o.ua.ne(o.ub), width: 1, signed: false, ref: (v) => BigInt(v.ua !== v.ub) },
  { name: "lt_u", build: (o) => o.ua.lt(o.ub), width: 1, signed: false, ref: (v) => BigInt(v.ua < v.ub) },
  { name: "le_s", build: (o) => o.sa.le(o.sb), width: 1, signed: false, ref: (v) => BigInt(v.sa <= v.sb) },
  { name: "gt_s", build: (o) => o.sa.gt(o.sb), width: 1, signed: false, ref: (v) => BigInt(v.sa > v.sb) },
  { name: "ge_u", build: (o) => o.ua.ge(o.ub), width: 1, signed: false, ref: (v) => BigInt(v.ua >= v.ub) },
  { name: "andr", build: (o) => o.ua.andR(), width: 1, signed: false, ref: (v) => BigInt(v.ua === 255n) },
  { name: "orr", build: (o) => o.ub.orR(), width: 1, signed: false, ref: (v) => BigInt(v.ub !== 0n) },
  { name: "xorr", build: (o) => o.ua.xorR(), width: 1, signed: false, ref: (v) => ones(v.ua) & 1n },
  { name: "shl_const", build: (o) => o.ua.shl(3), width: 11, signed: false, ref: (v) => v.ua << 3n },
  { name: "shl_sig", build: (o) => o.ua.shl(o.sh), width: 15, signed: false, ref: (v) => v.ua << v.sh },
  { name: "shr_const_u", build: (o) => o.ua.shr(3), width: 5, signed: false, ref: (v) => v.ua >> 3n },
  { name: "shr_const_s", build: (o) => o.sa.shr(3), width: 5, signed: true, ref: (v) => v.sa >> 3n },
  { name: "shr_sig_u", build: (o) => o.ua.shr(o.sh), width: 8, signed: false, ref: (v) => v.ua >> v.sh },
  { name: "shr_sig_s", build: (o) => o.sa.shr(o.sh), width: 8, signed: true, ref: (v) => v.sa >> v.sh },
  { name: "cat", build: (o) => cat(o.ua, o.ub), width: 13, signed: false, ref: (v) => (v.ua << 5n) | v.ub },
  { name: "rep", build: (o) => rep(o.ub, 3), width: 15, signed: false, ref: (v) => (v.ub << 10n) | (v.ub << 5n) | v.ub },
  { name: "slice", build: (o) => o.ua.slice(6, 2), width: 5, signed: false, ref: (v) => bitsOf(v.ua, 2, 5) },
  { name: "bits", build: (o) => o.sa.bits(1, 4), width: 4, signed: false, ref: (v) => bitsOf(mask(v.sa, 8), 1, 4) },
  { name: "bit_const", build: (o) => o.ua.bit(7), width: 1, signed: false, ref: (v) => bitsOf(v.ua, 7, 1) },
  { name: "bit_sig", build: (o) => o.ua.bit(o.sh), width: 1, signed: false, ref: (v) => bitsOf(v.ua, Number(v.sh), 1) },
  { name: "bit_sig_past_top", build: (o) => o.ua.bit(o.ix), width: 1, signed: false, ref: (v) => (v.ix < 8n ? bitsOf(v.ua, Number(v.ix), 1) : 0n) },
  { name: "mux", build: (o) => mux(o.s1, o.ua, o.ub), width: 8, signed: false, ref: (v) => (v.s1 ? v.ua : v.ub) },
  { name: "trunc", build: (o) => o.sa.trunc(4), width: 4, signed: true, ref: (v) => BigInt.asIntN(4, v.sa) },
  { name: "zext", build: (o) => o.sb.zext(12), width: 12, signed: false, ref: (v) => mask(v.sb, 5) },
  { name: "sext", build: (o) => o.ub.sext(12), width: 12, signed: true, ref: (v) => BigInt.asIntN(5, v.ub) },
  { name: "extend", build: (o) => o.sb.extend(12), width: 12, signed: true, ref: (v) => v.sb },
  { name: "as_signed", build: (o) => o.ua.asSigned(), width: 8, signed: true, ref: (v) => BigInt.asIntN(8, v.ua) },
  { name: "as_unsigned", build: (o) => o.sa.asUnsigned(), width: 8, signed: false, ref: (v) => mask(v.sa, 8) },
  { name: "sum_tree", build: (o) => sumTree(Array.from({ length: 8 }, (_, i) => o.ua.bit(i))), width: 4, signed: false, ref: (v) => ones(v.ua) },
  // Nesting: results must not depend on the Verilog context an expression is printed in.
  { name: "wrap_then_shift", build: (o) => o.ua.add(o.ub).shr(1), width: 7, signed: false, ref: (v) => mask(v.ua + v.ub, 8) >> 1n },
  { name: "arith_shift_in_add", build: (o) => o.sa.shr(o.sh).add(o.sb), width: 8, signed: true, ref: (v) => (v.sa >> v.sh) + v.sb },
  { name: "arith_shift_in_cat", build: (o) => cat(o.sa.shr(o.sh), o.s1), width: 9, signed: false, ref: (v) => (mask(v.sa >> v.sh, 8) << 1n) | v.s1 },
  { name: "compare_of_sum", build: (o) => o.ua.addx(o.ub).gt(255), width: 1, signed: false, ref: (v) => BigInt(v.ua + v.ub > 255n) },
  { name: "slice_of_product", build: (o) => o.sa.mul(o.sb).slice(12, 5), width: 8, signed: false, ref: (v) => bitsOf(mask(v.sa * v.sb, 13), 5, 8) },
];

const INPUTS = { ua: input(uint(8)), ub: input(uint(5)), sa: input(sint(8)), sb: input(sint(5)), sh: input(uint(3)), s1: input(uint(1)), ix: input(uint(4)) };

/** The type each row's expression had when it was built (the builder computes it from the width table). */
const built = new Map<string, { width: number; signed: boolean }>();

function opsModule() {
  const outs: Record<string, PortSpec> = {};
  for (const r of ROWS) outs[r.name] = output(r.signed ? sint(r.width) : uint(r.width));
  return defineModule("width_table", { ...INPUTS, ...outs }, (_m, io) => {
    const o = io as unknown as Ops & Record<string, { set(e: Expr): void }>;
    for (const r of ROWS) {
      const e = r.build(o);
      built.set(r.name, { width: e.width, signed: e.signed });
      o[r.name]!.set(e);
    }
  });
}

describe("operator width table (docs/hdl.md)", () => {
  const def = opsModule();
  let results: Record<string, bigint>[] = [];
  const vectors: In[] = [];

  beforeAll(async () => {
    const next = vectorSource(7);
    for (let i = 0; i < 160; i++) {
      vectors.push({
        ua: next(8),
        ub: next(5),
        sa: BigInt.asIntN(8, next(8)),
        sb: BigInt.asIntN(5, next(5)),
        sh: next(3),
        s1: next(1),
        ix: next(4),
      });
    }
    const sim = toSimDesign(def);
    results = await simulateComb(emitVerilog(def), sim.ports, vectors as unknown as Record<string, bigint>[]);
  });

  it("emits a module that lints clean", async () => {
    await expectToolsClean(def);
  });

  for (const row of ROWS) {
    it(`${row.name}: ${row.signed ? "sint" : "uint"}(${row.width}) with the expected values`, () => {
      expect(built.get(row.name)).toEqual({ width: row.width, signed: row.signed });
      expect(results.length).toBe(vectors.length);
      vectors.forEach((v, i) => {
        expect(results[i]![row.name], `${row.name} for ${JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x))}`).toBe(
          mask(row.ref(v), row.width),
        );
      });
    });
  }
});
