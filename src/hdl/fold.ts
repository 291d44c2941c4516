/**
 * Constant folding on expression nodes: the value of an operator whose operands are constants, and
 * comparisons whose result cannot change.
 */
import { exprId, type BinaryOp, type ExprNode, type MemoryNode, type SignalNode } from "./ir.js";

function mask(width: number): bigint {
  return (1n << BigInt(width)) - 1n;
}

export function constValue(n: ExprNode, signed: boolean): bigint {
  const v = (n as { value: bigint }).value;
  return signed ? BigInt.asIntN(n.type.width, v) : v;
}

/**
 * The value of an operator node whose operands are all constants (bit pattern), or undefined. Generators
 * compute many values from their parameters; folding them keeps the Verilog small, and Verilator's lint
 * would flag some constant expressions (a constant comparison) anyway.
 */
function isC(x: ExprNode): boolean {
  return x.kind === "const";
}

function isOnes(x: ExprNode): boolean {
  return x.kind === "const" && x.value === mask(x.type.width);
}

function isZero(x: ExprNode): boolean {
  return x.kind === "const" && x.value === 0n;
}

/** A bit of `x` is 0 whatever the signals are: a zero extension, or a concatenation with such a part. */
function hasConstantZeroBit(x: ExprNode): boolean {
  if (x.kind === "const") return x.value !== mask(x.type.width);
  if (x.kind === "ext") return !x.sign || hasConstantZeroBit(x.a);
  if (x.kind === "cat") return x.parts.some(hasConstantZeroBit);
  return false;
}

/** A bit of `x` is 1 whatever the signals are (a concatenation with a nonzero constant part). */
function hasConstantOneBit(x: ExprNode): boolean {
  if (x.kind === "const") return x.value !== 0n;
  if (x.kind === "ext") return hasConstantOneBit(x.a);
  if (x.kind === "cat") return x.parts.some(hasConstantOneBit);
  return false;
}

export function foldConst(n: ExprNode): bigint | undefined {
  const w = n.type.width;
  switch (n.kind) {
    case "unary": {
      // Reductions decided by constant bits alone (Verilator folds them and flags comparisons against them).
      if (n.op === "andr" && hasConstantZeroBit(n.a)) return 0n;
      if (n.op === "orr" && hasConstantOneBit(n.a)) return 1n;
      if (!isC(n.a)) return undefined;
      const v = constValue(n.a, false);
      const wa = n.a.type.width;
      if (n.op === "not") return ~v & mask(w);
      if (n.op === "neg") return -v & mask(w);
      if (n.op === "andr") return v === mask(wa) ? 1n : 0n;
      if (n.op === "orr") return v !== 0n ? 1n : 0n;
      let ones = 0n;
      for (let x = v; x; x >>= 1n) ones ^= x & 1n;
      return ones;
    }
    case "binary": {
      if ((n.op === "and" || n.op === "mul") && (isZero(n.a) || isZero(n.b))) return 0n;
      if ((n.op === "xor" || n.op === "sub") && n.a === n.b) return 0n;
      if (n.op === "or" && (isOnes(n.a) || isOnes(n.b))) return mask(w);
      if (!isC(n.a) || !isC(n.b)) return undefined;
      const a = constValue(n.a, n.signedOp);
      const b = constValue(n.b, n.signedOp);
      switch (n.op) {
        case "add":
          return (a + b) & mask(w);
        case "sub":
          return (a - b) & mask(w);
        case "mul":
          return (a * b) & mask(w);
        case "and":
          return a & b & mask(w);
        case "or":
          return (a | b) & mask(w);
        case "xor":
          return (a ^ b) & mask(w);
        case "eq":
          return a === b ? 1n : 0n;
        case "ne":
          return a !== b ? 1n : 0n;
        case "lt":
          return a < b ? 1n : 0n;
        case "le":
          return a <= b ? 1n : 0n;
        case "gt":
          return a > b ? 1n : 0n;
        case "ge":
          return a >= b ? 1n : 0n;
      }
      return undefined;
    }
    case "shift": {
      if (isC(n.a) && constValue(n.a, false) === 0n) return 0n;
      // Every bit shifted out: zero whatever the operand (Verilator would flag comparisons against it).
      const amount = typeof n.amount === "number" ? BigInt(n.amount) : isC(n.amount) ? constValue(n.amount, false) : undefined;
      const shiftedOut = n.dir === "left" ? BigInt(w) : BigInt(n.a.type.width);
      if (amount !== undefined && amount >= shiftedOut && !n.arith) return 0n;
      if (!isC(n.a) || (typeof n.amount !== "number" && !isC(n.amount))) return undefined;
      const amt = typeof n.amount === "number" ? BigInt(n.amount) : constValue(n.amount, false);
      const a = constValue(n.a, n.arith);
      return (n.dir === "left" ? a << amt : a >> amt) & mask(w);
    }
    case "slice":
      return isC(n.a) ? (constValue(n.a, false) >> BigInt(n.lo)) & mask(w) : undefined;
    case "index":
      return isC(n.a) && isC(n.index) ? (constValue(n.a, false) >> constValue(n.index, false)) & 1n : undefined;
    case "cat": {
      if (!n.parts.every(isC)) return undefined;
      let v = 0n;
      for (const p of n.parts) v = (v << BigInt(p.type.width)) | constValue(p, false);
      return v;
    }
    case "ext":
      return isC(n.a) ? constValue(n.a, n.sign) & mask(w) : undefined;
    case "cast":
      return isC(n.a) ? constValue(n.a, false) : undefined;
    case "call": {
      if (!n.args.every(isC)) return undefined;
      const byArg = new Map(n.fn.args.map((a, i) => [a, constValue(n.args[i]!, false)]));
      return evaluate(n.fn.result, (s) => byArg.get(s)!);
    }
    default:
      return undefined;
  }
}

function constOf(value: bigint, like: ExprNode): ExprNode {
  return { id: exprId(), kind: "const", type: like.type, value, sized: true };
}

/**
 * The bit pattern of `e` given the bit pattern of every signal it reads (and, if it reads memories, of
 * their words). Each node is computed once, so shared subexpressions of big DAGs cost nothing extra.
 */
export function evaluate(e: ExprNode, read: (s: SignalNode) => bigint, readMemory?: (m: MemoryNode, addr: bigint) => bigint): bigint {
  const memo = new Map<ExprNode, bigint>();
  const ev = (x: ExprNode): bigint => {
    const known = memo.get(x);
    if (known !== undefined) return known;
    let v: bigint;
    switch (x.kind) {
      case "ref":
        v = read(x.signal);
        break;
      case "const":
        v = x.value;
        break;
      case "mux":
        v = ev(x.sel) ? ev(x.whenTrue) : ev(x.whenFalse);
        break;
      case "memread":
        if (!readMemory) throw new Error(`evaluate: memory '${x.memory.name}' has no contents`);
        v = readMemory(x.memory, ev(x.addr));
        break;
      case "unary":
      case "slice":
      case "ext":
      case "cast":
        v = foldConst({ ...x, a: constOf(ev(x.a), x.a) } as ExprNode)!;
        break;
      case "binary":
        v = foldConst({ ...x, a: constOf(ev(x.a), x.a), b: constOf(ev(x.b), x.b) })!;
        break;
      case "shift":
        v = foldConst({ ...x, a: constOf(ev(x.a), x.a), amount: typeof x.amount === "number" ? x.amount : constOf(ev(x.amount), x.amount) })!;
        break;
      case "index":
        v = foldConst({ ...x, a: constOf(ev(x.a), x.a), index: constOf(ev(x.index), x.index) })!;
        break;
      case "cat":
        v = foldConst({ ...x, parts: x.parts.map((p) => constOf(ev(p), p)) })!;
        break;
      case "call":
        v = foldConst({ ...x, args: x.args.map((a) => constOf(ev(a), a)) })!;
        break;
    }
    memo.set(x, v);
    return v;
  };
  return ev(e);
}

/** The interval of values an operand can take, from its type and (for constants) its value. */
function valueRange(e: ExprNode): [bigint, bigint] {
  if (e.kind === "const") {
    const v = constValue(e, e.type.signed);
    return [v, v];
  }
  const w = BigInt(e.type.width);
  return e.type.signed ? [-(1n << (w - 1n)), (1n << (w - 1n)) - 1n] : [0n, (1n << w) - 1n];
}

/**
 * The result of a comparison that is the same for every input (a signal against a constant outside its
 * range, unsigned `x >= 0`, `x == x`), or undefined. Such comparisons become constants: Verilator's lint
 * rejects them (UNSIGNED, CMPCONST), and the hardware does not need them.
 */
export function constantComparison(op: BinaryOp, a: ExprNode, b: ExprNode): boolean | undefined {
  if (a === b) return op === "eq" || op === "le" || op === "ge";
  const [aMin, aMax] = valueRange(a);
  const [bMin, bMax] = valueRange(b);
  const isConst = aMin === aMax && bMin === bMax;
  // Only fold when a constant is involved (or both sides are the same signal), as Verilator does.
  if (!isConst && a.kind !== "const" && b.kind !== "const") return undefined;
  switch (op) {
    case "lt":
      return aMax < bMin ? true : aMin >= bMax ? false : undefined;
    case "le":
      return aMax <= bMin ? true : aMin > bMax ? false : undefined;
    case "gt":
      return aMin > bMax ? true : aMax <= bMin ? false : undefined;
    case "ge":
      return aMin >= bMax ? true : aMax < bMin ? false : undefined;
    case "eq":
      return isConst ? aMin === bMin : aMax < bMin || aMin > bMax ? false : undefined;
    case "ne":
      return isConst ? aMin !== bMin : aMax < bMin || aMin > bMax ? true : undefined;
    default:
      return undefined;
  }
}
