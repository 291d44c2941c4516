/**
 * A small reference interpreter of the DSL's IR for tests: expressions over bit patterns, and one clock
 * cycle of a module's statement tree with last-assignment-wins semantics. It runs the original (not the
 * projected) statement tree, so comparing it with a simulation of the emitted Verilog checks the passes'
 * projection and the printer.
 */
import { evaluate } from "../../src/hdl/fold.js";
import type { ExprNode, MemoryNode, ModuleIR, SignalNode, Stmt } from "../../src/hdl/ir.js";

export type Values = Map<SignalNode, bigint>;
/** Memory contents, word patterns by address. */
export type Memories = Map<MemoryNode, bigint[]>;

let memories: Memories = new Map();

/** The bit pattern of `e` given the patterns of the signals it reads. */
export function evalExpr(e: ExprNode, values: Values): bigint {
  return evaluate(
    e,
    (sig) => {
      const v = values.get(sig);
      if (v === undefined) throw new Error(`no value for ${sig.name}`);
      return v;
    },
    (memory, addr) => {
      const words = memories.get(memory);
      if (!words) throw new Error(`no contents for memory ${memory.name}`);
      return words[Number(addr)] ?? 0n;
    },
  );
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
