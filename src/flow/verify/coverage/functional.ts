/** Functional coverage results: hits per bin, and which bins were hit, missed or cannot be hit. */
import { BIN_GROUPS, type BinGroup, type BinSet } from "./bins.js";

export interface BinResult {
  readonly id: string;
  readonly group: BinGroup;
  readonly label: string;
  /** Rising edges at which the bin's condition held (0 for unreachable bins). */
  readonly hits: number;
  readonly status: "hit" | "missed" | "unreachable";
  /** Why an unreachable bin cannot be hit. */
  readonly reason?: string;
}

export interface FunctionalCoverage {
  readonly bins: readonly BinResult[];
  /** Reachable bins hit, reachable bins, all bins. */
  readonly hit: number;
  readonly reachable: number;
  readonly total: number;
}

/** The results of `set` given the hits per bin id (as counted by the monitor's cover points). */
export function functionalCoverage(set: BinSet, hits: ReadonlyMap<string, number>): FunctionalCoverage {
  const bins = set.bins.map((b): BinResult => {
    if (b.unreachable) return { id: b.id, group: b.group, label: b.label, hits: 0, status: "unreachable", reason: b.unreachable };
    const n = hits.get(b.id) ?? 0;
    return { id: b.id, group: b.group, label: b.label, hits: n, status: n > 0 ? "hit" : "missed" };
  });
  const reachable = bins.filter((b) => b.status !== "unreachable").length;
  return { bins, hit: bins.filter((b) => b.status === "hit").length, reachable, total: bins.length };
}

/** Sums hit counts per bin id. */
export function addHits(...parts: readonly ReadonlyMap<string, number>[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of parts) for (const [k, v] of part) out.set(k, (out.get(k) ?? 0) + v);
  return out;
}

/** Bins still to hit. */
export function missedBins(c: FunctionalCoverage): BinResult[] {
  return c.bins.filter((b) => b.status === "missed");
}

/** A group's title, for tables. */
export const groupTitle = (g: BinGroup): string => BIN_GROUPS[g];
