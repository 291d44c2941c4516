/**
 * Prints expressions as Verilog-2005. Every printed expression's self-determined width equals its DSL width
 * and every operator's operands have equal widths (the builder inserted explicit extensions), so Verilog's
 * context-dependent sizing never changes a result and Verilator sees no WIDTH mismatch. Operands Verilog
 * cannot index (bit/part selects of non-names) and shared subexpressions are hoisted into temporaries with
 * stable names.
 */
import { NodeCounts, NodeTable } from "../analysis/node-tables.js";
import { pushChildren, stmtExprs } from "../analysis/walk.js";
import type { ExprIdRange, ExprNode, FunctionIR, ModuleIR, SignalNode } from "../ir.js";
import { toIdentifier, type NameScope } from "../naming.js";
import { clog2 } from "../types.js";
import { valueName } from "../value-names.js";

export interface Temp {
  readonly name: string;
  readonly width: number;
  /** Named by the user with `Expr.named` (otherwise a structural name). */
  readonly named: boolean;
  readonly signed: boolean;
  text: string;
  /** Some bits are intentionally dropped (an explicit slice/trunc of an expression). */
  partlyRead: boolean;
  /** Read as a whole somewhere, so no bit is unread even where a slice of it is taken. */
  readWhole: boolean;
}

/** Whether lint may find bits of the temporary that nothing reads (it is then declared inside lint_off). */
export function mayHaveUnreadBits(t: Temp): boolean {
  return t.partlyRead && !t.readWhole;
}

const BINARY: Record<string, string> = {
  add: "+",
  sub: "-",
  mul: "*",
  and: "&",
  or: "|",
  xor: "^",
  eq: "==",
  ne: "!=",
  lt: "<",
  le: "<=",
  gt: ">",
  ge: ">=",
};
const UNARY: Record<string, string> = { not: "~", neg: "-", andr: "&", orr: "|", xorr: "^" };

/** Operators whose printed form needs parentheses when nested in another operator. */
function needsParens(e: ExprNode): boolean {
  switch (e.kind) {
    case "unary":
    case "binary":
    case "mux":
      return true;
    case "shift":
      return typeof e.amount !== "number" && !e.arith;
    default:
      return false;
  }
}

export function constText(width: number, value: bigint): string {
  return width > 32 ? `${width}'h${value.toString(16)}` : `${width}'d${value}`;
}

/** Cheap to print again wherever it is used: never worth a temporary. */
function isSimple(e: ExprNode): boolean {
  switch (e.kind) {
    case "ref":
    case "const":
      return true;
    case "cast":
      return isSimple(e.a);
    case "slice":
      return e.a.kind === "ref";
    default:
      return false;
  }
}

/** The functions a module calls, with their printed names (shared by the module's and the functions' printers). */
export class FunctionRegistry {
  readonly names = new Map<FunctionIR, string>();
  constructor(private readonly scope: NameScope) {}
  nameOf(fn: FunctionIR): string {
    let name = this.names.get(fn);
    if (name === undefined) {
      name = this.scope.unique(fn.name);
      this.names.set(fn, name);
    }
    return name;
  }
}

export class ExprPrinter {
  readonly temps: Temp[] = [];
  /** Temporaries in an order where each comes after every temporary its text reads (for function bodies). */
  readonly definitionOrder: Temp[] = [];
  /**
   * Set while printing an `always @*` block: memory reads then go through continuous-assign temporaries,
   * because a memory word read inside `@*` makes the block sensitive to the whole array (Icarus warns).
   */
  inCombBlock = false;
  /** True while printing the definition of a temporary (its own node must not be hoisted again). */
  private defining = false;
  /** Per non-simple node: how many parents read it (a statement reading it counts as one). */
  private readonly parents: NodeCounts;
  /** Per non-simple node: the temporary it was hoisted into. */
  private readonly hoisted: NodeTable<Temp>;

  /** A printer for the expressions of a module's statements. */
  static forModule(ir: ModuleIR, scope: NameScope, functions: FunctionRegistry): ExprPrinter {
    return new ExprPrinter((visit) => stmtExprs(ir.body, (root) => visit(root)), ir.exprIds, scope, functions);
  }

  /** A printer for one expression (a function's result), whose `args` are printed under the given names. */
  static forExpression(fn: FunctionIR, scope: NameScope, functions: FunctionRegistry, args: ReadonlyMap<SignalNode, string>): ExprPrinter {
    return new ExprPrinter((visit) => visit(fn.result), fn.exprIds, scope, functions, args);
  }

  private constructor(
    roots: (visit: (root: ExprNode) => void) => void,
    /** The ids of the nodes the expressions were built with (the node tables' index range). */
    range: ExprIdRange,
    private readonly scope: NameScope,
    readonly functions: FunctionRegistry,
    /** Names of a function's arguments in the function being printed (module signals carry their own). */
    private readonly argNames?: ReadonlyMap<SignalNode, string>,
  ) {
    this.parents = new NodeCounts(range);
    this.hoisted = new NodeTable(range);
    // Count parents of every node so a subexpression used in several places is printed once, as a temporary.
    const stack: ExprNode[] = [];
    const kids: ExprNode[] = [];
    roots((root) => {
      if (this.bump(root)) stack.push(root);
      while (stack.length) {
        const e = stack.pop()!;
        kids.length = 0;
        pushChildren(e, kids);
        for (const c of kids) if (this.bump(c)) stack.push(c);
      }
    });
  }

  /** Counts one more parent of `e`; true when `e` is seen for the first time (its operands need a visit). */
  private bump(e: ExprNode): boolean {
    return !isSimple(e) && this.parents.increment(e) === 1;
  }

  /** The expression as Verilog text (top level: no surrounding parentheses). */
  print(e: ExprNode): string {
    return this.text(e, true, false);
  }

  private text(e: ExprNode, top: boolean, defining: boolean): string {
    // A cast is the same bits: print the operand in its place.
    if (e.kind === "cast") return this.text(e.a, top, false);
    if (!defining && !isSimple(e)) {
      const t = this.hoisted.get(e);
      if (t) return this.whole(t);
      if (this.parents.get(e) > 1 || valueName(e) !== undefined) return this.whole(this.hoist(e));
    }
    const wasDefining = this.defining;
    this.defining = defining;
    const s = this.bare(e, top);
    this.defining = wasDefining;
    return top || !needsParens(e) ? s : `(${s})`;
  }

  private bare(e: ExprNode, top: boolean): string {
    switch (e.kind) {
      case "ref":
        return this.signalName(e.signal);
      case "const":
        return constText(e.type.width, e.value);
      case "cast":
        return this.text(e.a, top, false);
      case "unary":
        return `${UNARY[e.op]}${this.text(e.a, false, false)}`;
      case "binary": {
        const op = BINARY[e.op]!;
        const signedCompare = e.signedOp && (e.op === "lt" || e.op === "le" || e.op === "gt" || e.op === "ge");
        if (signedCompare) return `$signed(${this.text(e.a, true, false)}) ${op} $signed(${this.text(e.b, true, false)})`;
        return `${this.text(e.a, false, false)} ${op} ${this.text(e.b, false, false)}`;
      }
      case "shift": {
        if (typeof e.amount === "number") {
          if (e.dir === "left") return `{${this.text(e.a, true, false)}, ${constText(e.amount, 0n)}}`;
          // A constant right shift keeps the top bits: a part select (arithmetic and logical alike, since
          // the result is narrower by the shift amount).
          return `${this.name(e.a, e.a.type.width - 1, e.amount)}[${e.a.type.width - 1}:${e.amount}]`;
        }
        const amount = this.text(e.amount, false, false);
        if (e.dir === "left") return `${this.text(e.a, false, false)} << ${amount}`;
        // Inside a concatenation the shift is self-determined, so the signed operand keeps its sign even
        // when the surrounding expression is unsigned.
        if (e.arith) return `{$signed(${this.text(e.a, true, false)}) >>> ${amount}}`;
        return `${this.text(e.a, false, false)} >> ${amount}`;
      }
      case "slice":
        if (e.a.type.width === 1) return this.text(e.a, top, false);
        return e.hi === e.lo ? `${this.name(e.a, e.hi, e.lo)}[${e.lo}]` : `${this.name(e.a, e.hi, e.lo)}[${e.hi}:${e.lo}]`;
      case "index": {
        // Verilator wants an index of exactly ceil(log2(width)) bits; pad the vector to 2^indexWidth so
        // every index value is in range (out-of-range positions read as 0).
        const iw = e.index.type.width;
        const w = e.a.type.width;
        let base: string;
        if (2 ** iw > w) {
          // Padding bits exist only to keep the index in range; lint must not ask for them to be read.
          const pad = this.hoistText(`{${constText(2 ** iw - w, 0n)}, ${this.text(e.a, true, false)}}`, 2 ** iw, "pad");
          pad.partlyRead = true;
          base = pad.name;
        } else {
          base = this.name(e.a, w - 1, 0);
        }
        let index = this.text(e.index, true, false);
        if (clog2(w) > iw && 2 ** iw < w) index = `{${constText(clog2(w) - iw, 0n)}, ${index}}`;
        return `${base}[${index}]`;
      }
      case "cat": {
        let s = "{";
        for (let i = 0; i < e.parts.length; i++) s += (i ? ", " : "") + this.text(e.parts[i]!, true, false);
        return `${s}}`;
      }
      case "mux":
        return `${this.text(e.sel, false, false)} ? ${this.text(e.whenTrue, false, false)} : ${this.text(e.whenFalse, false, false)}`;
      case "ext": {
        const n = e.type.width - e.a.type.width;
        if (!e.sign) return `{${constText(n, 0n)}, ${this.text(e.a, true, false)}}`;
        const w = e.a.type.width;
        const a = this.name(e.a, w - 1, 0);
        const msb = w === 1 ? a : `${a}[${w - 1}]`;
        return n === 1 ? `{${msb}, ${a}}` : `{{${n}{${msb}}}, ${a}}`;
      }
      case "memread":
        if (this.inCombBlock && !this.defining) return this.hoist(e).name;
        return `${e.memory.name}[${this.text(e.addr, true, false)}]`;
      case "call": {
        const name = this.functions.nameOf(e.fn);
        return `${name}(${e.args.map((a) => this.text(a, true, false)).join(", ")})`;
      }
    }
  }

  /** A name for `e` that can be bit-selected; bits hi..lo of it are read. */
  private name(e: ExprNode, hi: number, lo: number): string {
    if (e.kind === "ref") return this.signalName(e.signal);
    if (e.kind === "cast") return this.name(e.a, hi, lo);
    const t = this.hoisted.get(e) ?? this.hoist(e);
    if (hi - lo + 1 < e.type.width) t.partlyRead = true;
    else t.readWhole = true;
    return t.name;
  }

  private signalName(s: SignalNode): string {
    return this.argNames?.get(s) ?? s.name;
  }

  private whole(t: Temp): string {
    t.readWhole = true;
    return t.name;
  }

  /** Moves `e` into a temporary named after its operator and its position in printing order (`_add3`). */
  private hoist(e: ExprNode): Temp {
    const op = e.kind === "binary" || e.kind === "unary" ? e.op : e.kind;
    const hint = valueName(e);
    const name = hint !== undefined ? this.scope.unique(toIdentifier(hint)) : this.scope.unique(`_${op}${this.temps.length}`);
    const t: Temp = { name, width: e.type.width, named: hint !== undefined, signed: e.type.signed, text: "", partlyRead: false, readWhole: false };
    this.temps.push(t);
    t.text = this.text(e, true, true);
    this.definitionOrder.push(t);
    this.hoisted.set(e, t);
    return t;
  }

  private hoistText(text: string, width: number, prefix: string): Temp {
    const t: Temp = {
      name: this.scope.unique(`_${prefix}${this.temps.length}`),
      width,
      named: false,
      signed: false,
      text,
      partlyRead: false,
      readWhole: false,
    };
    this.temps.push(t);
    this.definitionOrder.push(t);
    return t;
  }
}
