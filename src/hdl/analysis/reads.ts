/**
 * Which bits of which signals (and which memories) expression trees read. The pass "check-usage" reports
 * unread bits of a module from it; `defineFunction` checks that a body reads every bit of its arguments.
 */
import type { ExprIdRange, ExprNode, MemoryNode, ModuleIR, SignalNode } from "../ir.js";
import { Visits } from "./node-tables.js";
import { pushChildren, stmtExprs } from "./walk.js";

/** Which bits of a signal are read. */
export class BitUse {
  full = false;
  private bits: Uint8Array | undefined;
  constructor(private readonly width: number) {}
  markAll(): void {
    this.full = true;
    this.bits = undefined;
  }
  mark(lo: number, hi: number): void {
    if (this.full) return;
    if (lo === 0 && hi === this.width - 1) {
      this.markAll();
      return;
    }
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

export interface Reads {
  readonly signals: Map<SignalNode, BitUse>;
  readonly memories: Set<MemoryNode>;
}

/**
 * Records in `reads` what the expression trees visited with the returned function read. Operators are
 * visited once however many parents share them; leaves need no mark (reading one twice changes nothing).
 */
function readMarker(reads: Reads, range: ExprIdRange): (root: ExprNode) => void {
  const use = (s: SignalNode): BitUse => {
    let u = reads.signals.get(s);
    if (!u) {
      u = new BitUse(s.type.width);
      reads.signals.set(s, u);
    }
    return u;
  };
  const visits = new Visits(range);
  const stack: ExprNode[] = [];
  return (root) => {
    stack.push(root);
    while (stack.length) {
      const e = stack.pop()!;
      if (e.kind === "ref") use(e.signal).markAll();
      else if (e.kind === "slice" && e.a.kind === "ref") use(e.a.signal).mark(e.lo, e.hi);
      else if (e.kind !== "const" && visits.first(e)) {
        if (e.kind === "memread") reads.memories.add(e.memory);
        pushChildren(e, stack);
      }
    }
  };
}

/** What a module reads: its statements' expressions, and the clocks and resets of its registers and memories. */
export function moduleReads(ir: ModuleIR): Reads {
  const reads: Reads = { signals: new Map(), memories: new Set() };
  const visit = readMarker(reads, ir.exprIds);
  stmtExprs(ir.body, (e) => visit(e));
  const all = (s: SignalNode): void => {
    let u = reads.signals.get(s);
    if (!u) {
      u = new BitUse(s.type.width);
      reads.signals.set(s, u);
    }
    u.markAll();
  };
  for (const s of ir.signals) {
    if (s.clock) all(s.clock);
    if (s.reset) all(s.reset);
  }
  for (const m of ir.memories) all(m.clock);
  return reads;
}

/** Which bits of which signals one expression (built with ids in `range`) reads: for a function body, its arguments. */
export function bitsRead(root: ExprNode, range: ExprIdRange): Map<SignalNode, BitUse> {
  const reads: Reads = { signals: new Map(), memories: new Set() };
  readMarker(reads, range)(root);
  return reads.signals;
}
