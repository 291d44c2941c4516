/**
 * A small reference interpreter of the DSL's IR for tests: expressions over bit patterns, and one clock
 * cycle of a module's statement tree with last-assignment-wins semantics. It runs the original (not the
 * projected) statement tree, so comparing it with a simulation of the emitted Verilog checks the passes'
 * projection and the printer.
 */
import { foldConst } from "../../src/hdl/fold.js";
import type { ExprNode, MemoryNode, ModuleIR, SignalNode, Stmt } from "../../src/hdl/ir.js";

export type Values = Map<SignalNode, bigint>;
/** Memory contents, word patterns by address. */
export type Memories = Map<MemoryNode, bigint[]>;

let memories: Memories = new Map();

function constOf(value: bigint, like: ExprNode): ExprNode {
  return { kind: "const", type: like.type, value, sized: true };
}

/** The bit pattern of `e` given the patterns of the signals it reads. */
export function evalExpr(e: ExprNode, values: Values): bigint {
  switch (e.kind) {
    case "ref": {
      const v = values.get(e.signal);
      if (v === undefined) throw new Error(`no value for ${e.signal.name}`);
      return v;
    }
    case "const":
      return e.value;
    case "mux":
      return evalExpr(e.sel, values) ? evalExpr(e.whenTrue, values) : evalExpr(e.whenFalse, values);
    case "memread": {
      const words = memories.get(e.memory);
      if (!words) throw new Error(`no contents for memory ${e.memory.name}`);
      return words[Number(evalExpr(e.addr, values))] ?? 0n;
    }
    case "unary":
    case "slice":
    case "ext":
    case "cast":
      return foldConst({ ...e, a: constOf(evalExpr(e.a, values), e.a) } as ExprNode)!;
    case "binary":
      return foldConst({ ...e, a: constOf(evalExpr(e.a, values), e.a), b: constOf(evalExpr(e.b, values), e.b) })!;
    case "shift":
      return foldConst({ ...e, a: constOf(evalExpr(e.a, values), e.a), amount: typeof e.amount === "number" ? e.amount : constOf(evalExpr(e.amount, values), e.amount) })!;
    case "index":
      return foldConst({ ...e, a: constOf(evalExpr(e.a, values), e.a), index: constOf(evalExpr(e.index, values), e.index) })!;
    case "cat":
      return foldConst({ ...e, parts: e.parts.map((p) => constOf(evalExpr(p, values), p)) })!;
  }
}

interface Writes {
  readonly signals: Values;
  readonly memory: { memory: MemoryNode; addr: bigint; data: bigint }[];
}

/** Runs a statement tree: every executed assignment, in order, into `out` (later ones win). */
function run(stmts: readonly Stmt[], values: Values, out: Writes): void {
  for (const s of stmts) {
    if (s.kind === "assign") out.signals.set(s.target, evalExpr(s.value, values));
    else if (s.kind === "memwrite") out.memory.push({ memory: s.memory, addr: evalExpr(s.addr, values), data: evalExpr(s.data, values) });
    else if (s.kind === "when") {
      const taken = s.branches.find((b) => evalExpr(b.cond, values) !== 0n);
      if (taken) run(taken.body, values, out);
      else if (s.otherwise) run(s.otherwise, values, out);
    } else if (s.kind === "switch") {
      const sel = evalExpr(s.sel, values);
      const hit = s.cases.find((c) => c.values.includes(sel));
      if (hit) run(hit.body, values, out);
      else if (s.otherwise) run(s.otherwise, values, out);
    }
  }
}

/**
 * One cycle: with `values` holding inputs and register values, settles the combinational signals (the
 * design has no loops, so repeating until nothing changes terminates) and returns the registers' next
 * values (registers not assigned keep theirs; a high reset loads the reset value). Memory writes are
 * applied to `mems` at the end of the cycle.
 */
export function cycle(ir: ModuleIR, values: Values, mems: Memories = new Map()): Values {
  memories = mems;
  const comb = [...ir.ports, ...ir.signals].filter((s) => s.kind === "wire" || s.kind === "output");
  for (const s of comb) if (!values.has(s)) values.set(s, 0n);
  for (let i = 0; i <= comb.length + 1; i++) {
    const out: Writes = { signals: new Map(), memory: [] };
    run(ir.body, values, out);
    let changed = false;
    for (const s of comb) {
      const v = out.signals.get(s) ?? values.get(s)!;
      if (v !== values.get(s)) changed = true;
      values.set(s, v);
    }
    if (!changed) break;
  }
  const out: Writes = { signals: new Map(), memory: [] };
  run(ir.body, values, out);
  const next: Values = new Map();
  for (const s of ir.signals) {
    if (s.kind !== "reg") continue;
    if (s.resetValue !== undefined && values.get(s.reset!) === 1n) next.set(s, s.resetValue);
    else next.set(s, out.signals.get(s) ?? values.get(s)!);
  }
  // Memory writes take effect at the edge, after every read of this cycle (the last write to an address wins).
  for (const w of out.memory) {
    const words = mems.get(w.memory)!;
    if (w.addr < BigInt(words.length)) words[Number(w.addr)] = w.data;
  }
  return next;
}
