/**
 * Pass "check-usage": every bit of every input, wire, register, instance output and memory is read
 * somewhere, unless the user marked the signal with `markUnused()`. Verilator's lint rejects unread bits,
 * so this is where the DSL reports them — at the declaration, with the exact bits.
 */
import { HdlError } from "../errors.js";
import type { ExprNode, ModuleIR, SignalNode } from "../ir.js";
import { describe } from "./naming.js";
import { firstVisit, newVisit, pushChildren, stmtExprs } from "./walk.js";

/** Which bits of a signal are read. */
class BitUse {
  full = false;
  private bits: Uint8Array | undefined;
  constructor(private readonly width: number) {}
  markAll(): void {
    this.full = true;
    this.bits = undefined;
  }
  mark(lo: number, hi: number): void {
    if (this.full) return;
    if (lo === 0 && hi === this.width - 1) return this.markAll();
    this.bits ??= new Uint8Array(this.width);
    this.bits.fill(1, lo, hi + 1);
  }
  /** Ranges of unread bits, most significant first, as "[hi:lo]" strings (empty when all are read). */
  unread(): string[] {
    if (this.full) return [];
    const out: string[] = [];
    let i = 0;
    while (i < this.width) {
      if (this.bits?.[i]) {
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < this.width && !this.bits?.[j + 1]) j++;
      out.push(i === j ? `[${i}]` : `[${j}:${i}]`);
      i = j + 1;
    }
    if (this.bits && out.length === 0) this.full = true;
    return out.reverse();
  }
}

/** The use record of a signal in `signals`, created on first use. */
function usesIn(signals: Map<SignalNode, BitUse>): (s: SignalNode) => BitUse {
  return (s) => {
    let u = signals.get(s);
    if (!u) signals.set(s, (u = new BitUse(s.type.width)));
    return u;
  };
}

/** Marks, in `use`, which bits of which signals the expression trees visited with the returned function read. */
function readMarker(use: (s: SignalNode) => BitUse, memories: Set<unknown>): (root: ExprNode) => void {
  const mark = newVisit();
  return (root) => {
    const stack = [root];
    while (stack.length) {
      const e = stack.pop()!;
      if (!firstVisit(e, mark)) continue;
      if (e.kind === "ref") use(e.signal).markAll();
      else if (e.kind === "slice" && e.a.kind === "ref") use(e.a.signal).mark(e.lo, e.hi);
      else {
        if (e.kind === "memread") memories.add(e.memory);
        pushChildren(e, stack);
      }
    }
  };
}

/** Marks which bits of which signals a module's statements read. */
export function collectUsage(ir: ModuleIR): { signals: Map<SignalNode, BitUse>; memories: Set<unknown> } {
  const signals = new Map<SignalNode, BitUse>();
  const memories = new Set<unknown>();
  const use = usesIn(signals);
  const visit = readMarker(use, memories);
  stmtExprs(ir.body, (e) => visit(e));
  for (const s of ir.signals) {
    if (s.clock) use(s.clock).markAll();
    if (s.reset) use(s.reset).markAll();
  }
  for (const m of ir.memories) use(m.clock).markAll();
  return { signals, memories };
}

/** Which bits of which signals one expression reads (for a function body: its arguments). */
export function bitsRead(root: ExprNode): Map<SignalNode, BitUse> {
  const signals = new Map<SignalNode, BitUse>();
  readMarker(usesIn(signals), new Set())(root);
  return signals;
}

export function checkUsage(ir: ModuleIR): void {
  const { signals, memories } = collectUsage(ir);
  for (const s of [...ir.ports, ...ir.signals]) {
    if (s.kind === "output" || s.kind === "instIn" || s.unused) continue;
    const u = signals.get(s);
    const where = s.kind === "input" ? ir.loc : s.loc;
    if (!u) {
      throw new HdlError(`unused: ${describe(s)} is never read; remove it or call .markUnused() on it`, where);
    }
    const unread = u.unread();
    if (unread.length > 0) {
      throw new HdlError(`unused: bits ${unread.join(", ")} of ${describe(s)} are never read; read them or call .markUnused() on it`, where);
    }
  }
  for (const m of ir.memories) {
    if (!m.unused && !memories.has(m)) throw new HdlError(`unused: memory '${m.name}' is never read; add a read port or call .markUnused()`, m.loc);
  }
}
