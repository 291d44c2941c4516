/**
 * Splits a module body into one statement tree per driven target (signal or memory), keeping the when/switch
 * structure each target is assigned under. Each target becomes one always block (or one continuous assign),
 * which keeps the emitted Verilog free of false combinational loops and makes per-target checks simple.
 */
import type { MemoryNode, ModuleIR, SignalNode, Stmt } from "../ir.js";

export type Target = SignalNode | MemoryNode;

const cache = new WeakMap<ModuleIR, Map<Target, Stmt[]>>();

export function projectByTarget(ir: ModuleIR): Map<Target, Stmt[]> {
  let m = cache.get(ir);
  if (!m) {
    m = project(ir.body);
    cache.set(ir, m);
  }
  return m;
}

function targetOf(s: Stmt): Target | undefined {
  if (s.kind === "assign") return s.target;
  if (s.kind === "memwrite") return s.memory;
  return undefined;
}

function add(map: Map<Target, Stmt[]>, t: Target, s: Stmt): void {
  const list = map.get(t);
  if (list) list.push(s);
  else map.set(t, [s]);
}

function project(stmts: readonly Stmt[]): Map<Target, Stmt[]> {
  const out = new Map<Target, Stmt[]>();
  for (const s of stmts) {
    const direct = targetOf(s);
    if (direct) {
      add(out, direct, s);
      continue;
    }
    if (s.kind === "when") {
      const branchMaps = s.branches.map((b) => project(b.body));
      const otherMap = s.otherwise ? project(s.otherwise) : undefined;
      for (const t of unionKeys([...branchMaps, ...(otherMap ? [otherMap] : [])])) {
        const branches = s.branches.map((b, i) => ({ cond: b.cond, body: branchMaps[i]!.get(t) ?? [], loc: b.loc }));
        let otherwise = otherMap?.get(t);
        if (otherwise && otherwise.length === 0) otherwise = undefined;
        // Trailing branches that assign nothing can go; earlier ones must stay (their conditions gate later ones).
        if (!otherwise) while (branches.length > 1 && branches[branches.length - 1]!.body.length === 0) branches.pop();
        add(out, t, { kind: "when", branches, otherwise, loc: s.loc });
      }
    } else if (s.kind === "switch") {
      const caseMaps = s.cases.map((c) => project(c.body));
      const otherMap = s.otherwise ? project(s.otherwise) : undefined;
      for (const t of unionKeys([...caseMaps, ...(otherMap ? [otherMap] : [])])) {
        const cases = s.cases.map((c, i) => ({ values: c.values, body: caseMaps[i]!.get(t) ?? [], loc: c.loc }));
        add(out, t, { kind: "switch", sel: s.sel, cases, otherwise: otherMap?.get(t), loc: s.loc });
      }
    }
  }
  return out;
}

function unionKeys(maps: readonly Map<Target, Stmt[]>[]): Target[] {
  if (maps.length === 1) return [...maps[0]!.keys()];
  const seen = new Set<Target>();
  for (const m of maps) for (const k of m.keys()) seen.add(k);
  return [...seen];
}

export function isMemory(t: Target): t is MemoryNode {
  return "depth" in t;
}
