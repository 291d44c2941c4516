/**
 * Expressions and the operator set. Every operator computes its result type from the width table in
 * docs/hdl.md when it is built; operands of mismatched signedness or literals that do not fit are errors
 * raised at the user's line.
 */
import { HdlError } from "./errors.js";
import { constantComparison, foldConst, constValue } from "./fold.js";
import { exprId, type BinaryOp, type ExprNode, type UnaryOp } from "./ir.js";
import { declarationName } from "./naming.js";
import { captureLoc } from "./source-location.js";
import { bitsFor, bool, fits, sint, toBits, typeName, typeOfValue, uint, type HdlType } from "./types.js";
import { nameValue } from "./value-names.js";

/** The module under construction an expression belongs to (to reject mixing signals of two modules). */
export interface Owner {
  readonly id: number;
  readonly moduleName: string;
  /** How messages name the owner when it is not a module (e.g. "function 'popcount'"). */
  readonly label?: string;
}

/** "module 'm'" or the owner's own label, for messages. */
export function ownerName(o: Owner): string {
  return o.label ?? `module '${o.moduleName}'`;
}

/** Anything usable where a value is expected: an expression or a JavaScript integer literal. */
export type Operand = Expr | number | bigint | boolean;

export function fail(message: string): never {
  throw new HdlError(message, captureLoc());
}

function literalValue(v: number | bigint | boolean): bigint {
  if (typeof v === "boolean") return v ? 1n : 0n;
  if (typeof v === "number" && !Number.isSafeInteger(v)) fail(`literal ${v} is not a safe integer; use a bigint`);
  return BigInt(v);
}

function constNode(value: bigint, type: HdlType, sized: boolean): ExprNode {
  return { id: exprId(), kind: "const", type, value: toBits(value, type.width), sized };
}

/** @internal An expression for an operator node, folded to a constant when its value does not depend on signals. */
export function exprOf(node: ExprNode, owner: Owner | undefined): Expr {
  if (node.kind === "const") return new Expr(node, undefined, node.type.signed ? BigInt.asIntN(node.type.width, node.value) : node.value);
  const v = foldConst(node);
  if (v === undefined) return new Expr(node, owner);
  return new Expr({ id: exprId(), kind: "const", type: node.type, value: v, sized: true }, undefined, node.type.signed ? BigInt.asIntN(node.type.width, v) : v);
}

/** An unsized literal: its width comes from the context it is used in (the other operand, the target). */
export function unsized(v: number | bigint | boolean): Expr {
  const value = literalValue(v);
  return new Expr(constNode(value, typeOfValue(value), false), undefined, value);
}

/** A literal of an explicit type, e.g. `lit(5, uint(8))`. */
export function lit(v: number | bigint | boolean, type: HdlType): Expr {
  const value = literalValue(v);
  if (!fits(value, type)) fail(`literal ${value} does not fit in ${typeName(type)}`);
  return new Expr(constNode(value, type, true), undefined, value);
}

export function toExpr(v: Operand): Expr {
  return v instanceof Expr ? v : unsized(v);
}

function mergeOwner(a: Expr, b: Expr): Owner | undefined {
  if (a.owner && b.owner && a.owner !== b.owner) {
    fail(`cannot combine signals of ${ownerName(a.owner)} and ${ownerName(b.owner)} in one expression; connect them through instance ports`);
  }
  return a.owner ?? b.owner;
}

/** Sizes an unsized literal to `type` (an error when it does not fit); sized expressions pass through. */
export function sizeTo(e: Expr, type: HdlType, what: string): Expr {
  if (!e.isUnsizedLiteral) return e;
  const v = e.literal!;
  if (!fits(v, type)) fail(`literal ${v} does not fit in ${typeName(type)} (${what})`);
  return new Expr(constNode(v, type, true), undefined, v);
}

/** Makes two operands agree: literals adopt the other side's type; signedness must match. */
function align(a: Expr, b: Expr, op: string): [Expr, Expr] {
  if (a.isUnsizedLiteral && b.isUnsizedLiteral) fail(`'${op}' of two literals: give one of them a type with lit(value, type)`);
  if (a.isUnsizedLiteral) a = sizeTo(a, b.type, `operand of '${op}'`);
  if (b.isUnsizedLiteral) b = sizeTo(b, a.type, `operand of '${op}'`);
  if (a.signed !== b.signed) {
    fail(`'${op}' mixes ${typeName(a.type)} and ${typeName(b.type)}; convert one side with asSigned()/asUnsigned() first`);
  }
  return [a, b];
}

/** Extends `e` to `width` according to its own signedness (no-op when already that wide). */
function extendTo(e: Expr, width: number): ExprNode {
  if (e.width === width) return e.node;
  // A constant's node holds its bit pattern; read it with its own signedness before widening.
  if (e.node.kind === "const") return constNode(constValue(e.node, e.signed), { width, signed: e.signed }, true);
  return { id: exprId(), kind: "ext", type: { width, signed: e.signed }, a: e.node, sign: e.signed };
}

function expandedWidth(wa: number, wb: number): number {
  return Math.max(wa, wb) + 1;
}

function productWidth(wa: number, wb: number): number {
  return wa + wb;
}

function typeOf(width: number, signed: boolean): HdlType {
  return signed ? sint(width) : uint(width);
}

export class Expr {
  /** @internal */ readonly node: ExprNode;
  /** @internal */ readonly owner: Owner | undefined;
  /** @internal The literal's value for constants (signed interpretation), for sizing and folding. */
  readonly literal: bigint | undefined;
  private bitCache: Expr[] | undefined;

  /** @internal */
  constructor(node: ExprNode, owner: Owner | undefined, literal?: bigint) {
    this.node = node;
    this.owner = owner;
    this.literal = literal;
  }

  get type(): HdlType {
    return this.node.type;
  }
  get width(): number {
    return this.node.type.width;
  }
  get signed(): boolean {
    return this.node.type.signed;
  }
  /** @internal */
  get isUnsizedLiteral(): boolean {
    return this.node.kind === "const" && !this.node.sized;
  }

  private derive(node: ExprNode, owner: Owner | undefined = this.owner): Expr {
    return exprOf(node, owner);
  }

  private binary(op: BinaryOp, other: Operand, resultWidth: (wa: number, wb: number) => number, compare = false): Expr {
    const [a, b] = align(this, toExpr(other), op);
    const owner = mergeOwner(a, b);
    const operandWidth = compare ? Math.max(a.width, b.width) : resultWidth(a.width, b.width);
    const type = compare ? bool : typeOf(operandWidth, a.signed);
    if (compare) {
      const known = constantComparison(op, a.node, b.node);
      if (known !== undefined) return lit(known ? 1 : 0, bool);
    }
    return exprOf({ id: exprId(), kind: "binary", op, type, a: extendTo(a, operandWidth), b: extendTo(b, operandWidth), signedOp: a.signed }, owner);
  }

  /** Wrapping add: width max(wa, wb). */
  add(b: Operand): Expr {
    return this.binary("add", b, Math.max);
  }
  /** Width-expanding add: width max(wa, wb) + 1, never overflows. */
  addx(b: Operand): Expr {
    return this.binary("add", b, expandedWidth);
  }
  /** Wrapping subtract: width max(wa, wb). */
  sub(b: Operand): Expr {
    return this.binary("sub", b, Math.max);
  }
  /** Width-expanding subtract: width max(wa, wb) + 1. */
  subx(b: Operand): Expr {
    return this.binary("sub", b, expandedWidth);
  }
  /** Full product: width wa + wb. */
  mul(b: Operand): Expr {
    return this.binary("mul", b, productWidth);
  }
  /** Wrapping product: the low max(wa, wb) bits of the product (a native-word multiply in simulation). */
  mulw(b: Operand): Expr {
    return this.binary("mul", b, Math.max);
  }
  and(b: Operand): Expr {
    return this.binary("and", b, Math.max);
  }
  or(b: Operand): Expr {
    return this.binary("or", b, Math.max);
  }
  xor(b: Operand): Expr {
    return this.binary("xor", b, Math.max);
  }
  eq(b: Operand): Expr {
    return this.binary("eq", b, Math.max, true);
  }
  ne(b: Operand): Expr {
    return this.binary("ne", b, Math.max, true);
  }
  lt(b: Operand): Expr {
    return this.binary("lt", b, Math.max, true);
  }
  le(b: Operand): Expr {
    return this.binary("le", b, Math.max, true);
  }
  gt(b: Operand): Expr {
    return this.binary("gt", b, Math.max, true);
  }
  ge(b: Operand): Expr {
    return this.binary("ge", b, Math.max, true);
  }

  private unary(op: UnaryOp): Expr {
    if (this.isUnsizedLiteral) fail(`'${op}' of an unsized literal: give it a type with lit(value, type)`);
    const type = op === "not" || op === "neg" ? this.type : bool;
    return this.derive({ id: exprId(), kind: "unary", op, type, a: this.node });
  }
  /** Bitwise NOT, same width. */
  not(): Expr {
    return this.unary("not");
  }
  /** Two's complement negation, same width (wraps for the most negative value). */
  neg(): Expr {
    return this.unary("neg");
  }
  /** AND of all bits (1 bit). */
  andR(): Expr {
    return this.unary("andr");
  }
  /** OR of all bits (1 bit). */
  orR(): Expr {
    return this.unary("orr");
  }
  /** XOR of all bits (1 bit). */
  xorR(): Expr {
    return this.unary("xorr");
  }

  /** Shift left. By a constant n: width w + n. By an unsigned signal s: width w + 2^ws - 1 (nothing is lost). */
  shl(amount: number | Expr): Expr {
    this.requireSized("shl");
    if (typeof amount === "number") {
      if (!Number.isInteger(amount) || amount < 0) fail(`shift amount must be a non-negative integer, got ${amount}`);
      if (amount === 0) return this;
      return this.derive({ id: exprId(), kind: "shift", dir: "left", type: typeOf(this.width + amount, this.signed), a: this.node, amount, arith: false });
    }
    this.checkShiftAmount(amount);
    if (amount.width > 16)
      fail(`shift amount of ${amount.width} bits would make a ${this.width} + 2^${amount.width} - 1 bit result; truncate the amount first`);
    const width = this.width + 2 ** amount.width - 1;
    return exprOf(
      { id: exprId(), kind: "shift", dir: "left", type: typeOf(width, this.signed), a: extendTo(this, width), amount: amount.node, arith: false },
      mergeOwner(this, amount),
    );
  }

  /**
   * Shift right (arithmetic for signed values). By a constant n: width max(w - n, 1) (the dropped bits are
   * gone). By an unsigned signal: width w.
   */
  shr(amount: number | Expr): Expr {
    this.requireSized("shr");
    if (typeof amount === "number") {
      if (!Number.isInteger(amount) || amount < 0) fail(`shift amount must be a non-negative integer, got ${amount}`);
      if (amount === 0) return this;
      if (amount >= this.width) fail(`shift right by ${amount} of a ${this.width}-bit value leaves no bits`);
      return this.derive({
        id: exprId(),
        kind: "shift",
        dir: "right",
        type: typeOf(this.width - amount, this.signed),
        a: this.node,
        amount,
        arith: this.signed,
      });
    }
    this.checkShiftAmount(amount);
    return exprOf(
      { id: exprId(), kind: "shift", dir: "right", type: this.type, a: this.node, amount: amount.node, arith: this.signed },
      mergeOwner(this, amount),
    );
  }

  private checkShiftAmount(amount: Expr): void {
    if (amount.isUnsizedLiteral) fail("shift by a literal: pass a number");
    if (amount.signed) fail(`shift amount must be unsigned, got ${typeName(amount.type)}`);
  }

  private requireSized(op: string): void {
    if (this.isUnsizedLiteral) fail(`'${op}' of an unsized literal: give it a type with lit(value, type)`);
  }

  /** Bits hi..lo inclusive, unsigned, width hi - lo + 1. */
  slice(hi: number, lo: number): Expr {
    this.requireSized("slice");
    if (!Number.isInteger(hi) || !Number.isInteger(lo) || lo < 0 || hi < lo || hi >= this.width) {
      fail(`slice(${hi}, ${lo}) is out of range for a ${this.width}-bit value (need ${this.width - 1} >= hi >= lo >= 0)`);
    }
    if (lo === 0 && hi === this.width - 1) return this.asUnsigned();
    if (this.node.kind === "const") {
      const v = (this.node.value >> BigInt(lo)) & ((1n << BigInt(hi - lo + 1)) - 1n);
      return lit(v, uint(hi - lo + 1));
    }
    return this.derive({ id: exprId(), kind: "slice", type: uint(hi - lo + 1), a: this.node, hi, lo });
  }

  /** `width` bits starting at `lo` (Verilog's `[lo +: width]`). */
  bits(lo: number, width: number): Expr {
    return this.slice(lo + width - 1, lo);
  }

  /** One bit (unsigned, 1 bit wide), at a constant position or at an unsigned signal's value. */
  bit(index: number | Expr): Expr {
    if (typeof index === "number") {
      // Generators select the same bits of a signal over and over: share one node per bit.
      this.bitCache ??= [];
      const bit = this.bitCache[index] ?? this.slice(index, index);
      this.bitCache[index] = bit;
      return bit;
    }
    this.requireSized("bit");
    if (index.signed) fail(`bit index must be unsigned, got ${typeName(index.type)}`);
    if (index.isUnsizedLiteral) fail("bit index literal: pass a number");
    if (index.node.kind === "const") {
      const at = index.node.value;
      return at < BigInt(this.width) ? this.bit(Number(at)) : lit(0, bool);
    }
    return exprOf({ id: exprId(), kind: "index", type: bool, a: this.node, index: index.node }, mergeOwner(this, index));
  }

  /** The low `width` bits, keeping signedness. */
  trunc(width: number): Expr {
    this.requireSized("trunc");
    if (width > this.width) fail(`trunc(${width}) of a ${this.width}-bit value would extend it; use zext or sext`);
    if (width === this.width) return this;
    const sliced = this.slice(width - 1, 0);
    return this.signed ? sliced.asSigned() : sliced;
  }

  /** Zero-extends to `width` bits; the result is unsigned. */
  zext(width: number): Expr {
    this.requireSized("zext");
    if (width < this.width) fail(`zext(${width}) of a ${this.width}-bit value would truncate it; use trunc`);
    const u = this.asUnsigned();
    if (width === this.width) return u;
    return u.derive(extendTo(u, width));
  }

  /** Sign-extends to `width` bits (the top bit is the sign); the result is signed. */
  sext(width: number): Expr {
    this.requireSized("sext");
    if (width < this.width) fail(`sext(${width}) of a ${this.width}-bit value would truncate it; use trunc`);
    const s = this.asSigned();
    if (width === this.width) return s;
    return s.derive(extendTo(s, width));
  }

  /** Extends to `width` by the value's own signedness (zext for unsigned, sext for signed). */
  extend(width: number): Expr {
    return this.signed ? this.sext(width) : this.zext(width);
  }

  /** The same bits read as a signed number. */
  asSigned(): Expr {
    this.requireSized("asSigned");
    if (this.signed) return this;
    return this.derive({ id: exprId(), kind: "cast", type: sint(this.width), a: this.node });
  }

  /**
   * Gives this intermediate value a Verilog name: it is emitted as its own wire, `assign <name> = ...`,
   * instead of inline. Without an argument the name is the variable the expression is stored in
   * (`const push = a.and(b).named()` gives `push`). Readable Verilog, and a name the harness can find.
   */
  named(name?: string): this {
    if (this.node.kind === "ref" || this.node.kind === "const") return this;
    const hint = name ?? declarationName(captureLoc());
    if (hint !== undefined) nameValue(this.node, hint);
    return this;
  }

  /** The same bits read as an unsigned number. */
  asUnsigned(): Expr {
    this.requireSized("asUnsigned");
    if (!this.signed) return this;
    return this.derive({ id: exprId(), kind: "cast", type: uint(this.width), a: this.node });
  }
}

/** Concatenation, most significant part first (as in Verilog); unsigned, width = sum of widths. */
export function cat(...parts: Expr[]): Expr {
  if (parts.length === 0) fail("cat() needs at least one part");
  let owner: Owner | undefined;
  let width = 0;
  for (const p of parts) {
    if (!(p instanceof Expr)) fail("cat() parts must be expressions; give literals a type with lit(value, type)");
    if (p.isUnsizedLiteral) fail("cat() of an unsized literal: give it a type with lit(value, type)");
    owner = owner ? mergeOwner(new Expr(p.node, owner), p) : p.owner;
    width += p.width;
  }
  if (parts.length === 1) return parts[0]!.asUnsigned();
  return exprOf({ id: exprId(), kind: "cat", type: uint(width), parts: parts.map((p) => p.node) }, owner);
}

/** `count` copies of `e` side by side. */
export function rep(e: Expr, count: number): Expr {
  if (!Number.isInteger(count) || count < 1) fail(`rep count must be a positive integer, got ${count}`);
  return cat(...Array.from({ length: count }, () => e));
}

/** `sel ? whenTrue : whenFalse`; `sel` is 1 bit; width max of the two arms, which must agree in signedness. */
export function mux(sel: Operand, whenTrue: Operand, whenFalse: Operand): Expr {
  const s = sizeTo(toExpr(sel), bool, "mux select");
  if (s.width !== 1) fail(`mux select must be 1 bit, got ${typeName(s.type)}`);
  const [t, f] = align(toExpr(whenTrue), toExpr(whenFalse), "mux");
  const width = Math.max(t.width, f.width);
  if (s.node.kind === "const") return s.node.value ? t.extend(width) : f.extend(width);
  const owner = mergeOwner(new Expr(s.node, mergeOwner(t, f)), s);
  return new Expr(
    { id: exprId(), kind: "mux", type: typeOf(width, t.signed), sel: s.node, whenTrue: extendTo(t, width), whenFalse: extendTo(f, width) },
    owner,
  );
}

/**
 * Sum of many values with a balanced adder tree. Unsigned values get the narrowest width that cannot
 * overflow at each adder (so a popcount of n bits ends at ceil(log2(n + 1)) bits); signed values use
 * width-expanding adds.
 */
export function sumTree(values: readonly Expr[]): Expr {
  if (values.length === 0) fail("sumTree of no values");
  let level = values.map((v) => ({ e: v, max: v.signed ? 0n : (1n << BigInt(v.width)) - 1n }));
  while (level.length > 1) {
    const next: typeof level = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      const a = level[i]!;
      const b = level[i + 1]!;
      if (a.e.signed || b.e.signed) {
        next.push({ e: a.e.addx(b.e), max: 0n });
      } else {
        const max = a.max + b.max;
        const w = bitsFor(max);
        next.push({ e: a.e.zext(w).add(b.e.zext(w)), max });
      }
    }
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!.e;
}
