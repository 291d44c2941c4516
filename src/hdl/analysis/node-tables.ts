/**
 * Per-node tables kept beside the IR for traversals of big expression DAGs (hundreds of thousands of shared
 * nodes): arrays indexed by `id - range.first` for the nodes a module (or function) built, and a map for the
 * few built elsewhere (shared constants). Much cheaper than a hash set of every node.
 */
import type { ExprIdRange, ExprNode } from "../ir.js";

/**
 * Visit marks for any number of traversals one after the other: `start()` begins a traversal, `first(e)`
 * is true the first time that traversal sees `e`.
 */
export class Visits {
  private readonly first0: number;
  private readonly marks: Uint32Array;
  private readonly others = new Map<ExprNode, number>();
  private epoch = 1;

  constructor(range: ExprIdRange) {
    this.first0 = range.first;
    this.marks = new Uint32Array(Math.max(0, range.end - range.first));
  }

  start(): void {
    this.epoch++;
  }

  first(e: ExprNode): boolean {
    const i = e.id - this.first0;
    if (i >= 0 && i < this.marks.length) {
      if (this.marks[i] === this.epoch) return false;
      this.marks[i] = this.epoch;
      return true;
    }
    if (this.others.get(e) === this.epoch) return false;
    this.others.set(e, this.epoch);
    return true;
  }
}

/** A count per node (0 for nodes never counted). */
export class NodeCounts {
  private readonly first0: number;
  private readonly counts: Uint32Array;
  private readonly others = new Map<ExprNode, number>();

  constructor(range: ExprIdRange) {
    this.first0 = range.first;
    this.counts = new Uint32Array(Math.max(0, range.end - range.first));
  }

  /** Adds one to the count of `e`; returns the new count. */
  increment(e: ExprNode): number {
    const i = e.id - this.first0;
    if (i >= 0 && i < this.counts.length) return ++this.counts[i]!;
    const n = (this.others.get(e) ?? 0) + 1;
    this.others.set(e, n);
    return n;
  }

  get(e: ExprNode): number {
    const i = e.id - this.first0;
    if (i >= 0 && i < this.counts.length) return this.counts[i]!;
    return this.others.get(e) ?? 0;
  }
}

/** A value per node, for tables where few nodes get one (the slots are numbers into a short list). */
export class NodeTable<T> {
  private readonly first0: number;
  /** 1 + the index in `values` of each node's value; 0: none. */
  private readonly slots: Uint32Array;
  private readonly values: T[] = [];
  private readonly others = new Map<ExprNode, T>();

  constructor(range: ExprIdRange) {
    this.first0 = range.first;
    this.slots = new Uint32Array(Math.max(0, range.end - range.first));
  }

  get(e: ExprNode): T | undefined {
    const i = e.id - this.first0;
    if (i >= 0 && i < this.slots.length) {
      const slot = this.slots[i]!;
      return slot === 0 ? undefined : this.values[slot - 1];
    }
    return this.others.get(e);
  }

  set(e: ExprNode, value: T): void {
    const i = e.id - this.first0;
    if (i >= 0 && i < this.slots.length) {
      this.values.push(value);
      this.slots[i] = this.values.length;
    } else {
      this.others.set(e, value);
    }
  }
}
