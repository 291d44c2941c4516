/**
 * Prints expressions as Verilog-2005. Every printed expression's self-determined width equals its DSL width
 * and every operator's operands have equal widths (the builder inserted explicit extensions), so Verilog's
 * context-dependent sizing never changes a result and Verilator sees no WIDTH mismatch. Operands Verilog
 * cannot index (bit/part selects of non-names) and shared subexpressions are hoisted into temporaries with
 * stable names.
 */
import type { ExprNode, ModuleIR } from "../ir.js";
import type { NameScope } from "../naming.js";
import { children, stmtExprs } from "../passes/walk.js";
import { clog2 } from "../types.js";

export interface Temp {
  readonly name: string;
  readonly width: number;
  readonly text: string;
  /** Some bits are intentionally dropped (an explicit slice/trunc of an expression). */
  partlyRead: boolean;
}

const BINARY: Record<string, string> = {
  add: "+", sub: "-", mul: "*", and: "&", or: "|", xor: "^", eq: "==", ne: "!=", lt: "<", le: "<=", gt: ">", ge: ">=",
};
const UNARY: Record<string, string> = { not: "~", neg: "-", andr: "&", orr: "|", xorr: "^" };

export function constText(width: number, value: bigint): string {
  return width > 32 ? `${width}'h${value.toString(16)}` : `${width}'d${value}`;
}

function isSimple(e: ExprNode): boolean {
  return e.kind === "ref" || e.kind === "const" || (e.kind === "cast" && isSimple(e.a));
}

export class ExprPrinter {
  readonly temps: Temp[] = [];
  private readonly hoisted = new Map<ExprNode, Temp>();
  private readonly useCount = new Map<ExprNode, number>();

  constructor(
    ir: ModuleIR,
    private readonly scope: NameScope,
  ) {
    // Count parents of every node so a subexpression used in several places is printed once, as a temporary.
    const seen = new Set<ExprNode>();
    stmtExprs(ir.body, (root) => {
      this.bump(root);
      const stack = [root];
      while (stack.length) {
        const e = stack.pop()!;
        if (seen.has(e)) continue;
        seen.add(e);
        for (const c of children(e)) {
          this.bump(c);
          stack.push(c);
        }
      }
    });
  }

  private bump(e: ExprNode): void {
    if (!isSimple(e)) this.useCount.set(e, (this.useCount.get(e) ?? 0) + 1);
  }

  /** The expression as Verilog text (top level: no surrounding parentheses). */
  print(e: ExprNode): string {
    return this.text(e, true);
  }

  private text(e: ExprNode, top: boolean, defining = false): string {
    if (!defining) {
      const t = this.hoisted.get(e);
      if (t) return t.name;
      if ((this.useCount.get(e) ?? 0) > 1) return this.hoist(e, "t").name;
    }
    const wrap = (s: string): string => (top ? s : `(${s})`);
    switch (e.kind) {
      case "ref":
        return e.signal.name;
      case "const":
        return constText(e.type.width, e.value);
      case "cast":
        return this.text(e.a, top);
      case "unary":
        return wrap(`${UNARY[e.op]}${this.text(e.a, false)}`);
      case "binary": {
        const op = BINARY[e.op]!;
        const signedCompare = e.signedOp && (e.op === "lt" || e.op === "le" || e.op === "gt" || e.op === "ge");
        if (signedCompare) return wrap(`$signed(${this.text(e.a, true)}) ${op} $signed(${this.text(e.b, true)})`);
        return wrap(`${this.text(e.a, false)} ${op} ${this.text(e.b, false)}`);
      }
      case "shift": {
        if (typeof e.amount === "number") {
          if (e.dir === "left") return `{${this.text(e.a, true)}, ${constText(e.amount, 0n)}}`;
          // A constant right shift keeps the top bits: a part select (arithmetic and logical alike, since
          // the result is narrower by the shift amount).
          return `${this.name(e.a, e.a.type.width - 1, e.amount)}[${e.a.type.width - 1}:${e.amount}]`;
        }
        const amount = this.text(e.amount, false);
        if (e.dir === "left") return wrap(`${this.text(e.a, false)} << ${amount}`);
        // Inside a concatenation the shift is self-determined, so the signed operand keeps its sign even
        // when the surrounding expression is unsigned.
        if (e.arith) return `{$signed(${this.text(e.a, true)}) >>> ${amount}}`;
        return wrap(`${this.text(e.a, false)} >> ${amount}`);
      }
      case "slice":
        if (e.a.type.width === 1) return this.text(e.a, top);
        return e.hi === e.lo ? `${this.name(e.a, e.hi, e.lo)}[${e.lo}]` : `${this.name(e.a, e.hi, e.lo)}[${e.hi}:${e.lo}]`;
      case "index": {
        // Verilator wants an index of exactly ceil(log2(width)) bits; pad the vector to 2^indexWidth so
        // every index value is in range (out-of-range positions read as 0).
        const iw = e.index.type.width;
        const w = e.a.type.width;
        let base: string;
        if (2 ** iw > w) {
          const padded = this.hoistText(`{${constText(2 ** iw - w, 0n)}, ${this.text(e.a, true)}}`, 2 ** iw, "pad");
          base = padded.name;
        } else {
          base = this.name(e.a, w - 1, 0);
        }
        let index = this.text(e.index, true);
        if (clog2(w) > iw && 2 ** iw < w) index = `{${constText(clog2(w) - iw, 0n)}, ${index}}`;
        return `${base}[${index}]`;
      }
      case "cat":
        return `{${e.parts.map((p) => this.text(p, true)).join(", ")}}`;
      case "mux":
        return wrap(`${this.text(e.sel, false)} ? ${this.text(e.whenTrue, false)} : ${this.text(e.whenFalse, false)}`);
      case "ext": {
        const n = e.type.width - e.a.type.width;
        if (!e.sign) return `{${constText(n, 0n)}, ${this.text(e.a, true)}}`;
        const w = e.a.type.width;
        const a = this.name(e.a, w - 1, 0);
        const msb = w === 1 ? a : `${a}[${w - 1}]`;
        return n === 1 ? `{${msb}, ${a}}` : `{{${n}{${msb}}}, ${a}}`;
      }
      case "memread":
        return `${e.memory.name}[${this.text(e.addr, true)}]`;
    }
  }

  /** A name for `e` that can be bit-selected; bits hi..lo of it are read. */
  private name(e: ExprNode, hi: number, lo: number): string {
    if (e.kind === "ref") return e.signal.name;
    if (e.kind === "cast") return this.name(e.a, hi, lo);
    const t = this.hoisted.get(e) ?? this.hoist(e, e.kind === "memread" ? "rd" : "t");
    if (hi - lo + 1 < e.type.width) t.partlyRead = true;
    return t.name;
  }

  private hoist(e: ExprNode, prefix: string): Temp {
    const t: Temp = { name: this.scope.unique(`_${prefix}${this.temps.length}`), width: e.type.width, text: "", partlyRead: false };
    this.temps.push(t);
    (t as { text: string }).text = this.text(e, true, true);
    this.hoisted.set(e, t);
    return t;
  }

  private hoistText(text: string, width: number, prefix: string): Temp {
    const t: Temp = { name: this.scope.unique(`_${prefix}${this.temps.length}`), width, text, partlyRead: false };
    this.temps.push(t);
    return t;
  }
}
