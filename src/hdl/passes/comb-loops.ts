/**
 * Pass "check-comb-loops": no combinational path from a signal back to itself, through wires, outputs and
 * instances (using each child module's input-to-output combinational paths). Registers and memories cut paths.
 */
import { HdlError } from "../errors.js";
import type { ModuleIR, SignalNode, Stmt } from "../ir.js";
import { describe } from "./naming.js";
import { isMemory, projectByTarget } from "./project.js";
import { firstVisit, newVisit, pushChildren, stmtExprs } from "./walk.js";

function isComb(s: SignalNode): boolean {
  return s.kind === "wire" || s.kind === "output" || s.kind === "instIn" || s.kind === "instOut";
}

function refsOf(stmts: readonly Stmt[]): SignalNode[] {
  const out = new Set<SignalNode>();
  const mark = newVisit();
  stmtExprs(stmts, (root) => {
    const stack = [root];
    while (stack.length) {
      const e = stack.pop()!;
      if (!firstVisit(e, mark)) continue;
      if (e.kind === "ref") out.add(e.signal);
      else pushChildren(e, stack);
    }
  });
  return [...out];
}

const reachCache = new WeakMap<ModuleIR, Map<string, Set<string>>>();

/** For a (checked) module: output port name -> the input port names it depends on combinationally. */
export function combReach(ir: ModuleIR): Map<string, Set<string>> {
  let r = reachCache.get(ir);
  if (r) return r;
  const graph = depGraph(ir);
  r = new Map();
  for (const out of ir.ports) {
    if (out.kind !== "output") continue;
    const inputs = new Set<string>();
    const seen = new Set<SignalNode>([out]);
    const stack = [out];
    while (stack.length) {
      const s = stack.pop()!;
      for (const d of graph.get(s) ?? []) {
        if (seen.has(d)) continue;
        seen.add(d);
        if (d.kind === "input") inputs.add(d.name);
        else stack.push(d);
      }
    }
    r.set(out.name, inputs);
  }
  reachCache.set(ir, r);
  return r;
}

/** signal -> the signals its value depends on combinationally (inputs included, registers excluded). */
function depGraph(ir: ModuleIR): Map<SignalNode, SignalNode[]> {
  const graph = new Map<SignalNode, SignalNode[]>();
  for (const [target, stmts] of projectByTarget(ir)) {
    if (isMemory(target) || !isComb(target)) continue;
    graph.set(target, refsOf(stmts).filter((d) => isComb(d) || d.kind === "input"));
  }
  for (const inst of ir.instances) {
    const reach = combReach(inst.module);
    for (const [port, sig] of inst.ports) {
      if (sig.kind !== "instOut") continue;
      graph.set(sig, [...(reach.get(port) ?? [])].map((p) => inst.ports.get(p)!));
    }
  }
  return graph;
}

export function checkCombLoops(ir: ModuleIR): void {
  const graph = depGraph(ir);
  const state = new Map<SignalNode, 1 | 2>(); // 1: on the current path, 2: finished
  for (const start of graph.keys()) {
    if (state.has(start)) continue;
    const path: SignalNode[] = [start];
    const iters: number[] = [0];
    state.set(start, 1);
    while (path.length) {
      const node = path[path.length - 1]!;
      const deps = graph.get(node) ?? [];
      const i = iters[iters.length - 1]!;
      if (i >= deps.length) {
        state.set(node, 2);
        path.pop();
        iters.pop();
        continue;
      }
      iters[iters.length - 1] = i + 1;
      const next = deps[i]!;
      const st = state.get(next);
      if (st === 1) {
        const cycle = path.slice(path.indexOf(next));
        // The path runs from a signal to what it depends on; print it in the direction values flow.
        const names = [...cycle].reverse().map((s) => describe(s));
        names.push(names[0]!);
        const firstAssigned = cycle.map((s) => projectByTarget(ir).get(s)?.[0]?.loc ?? s.loc).find((l) => l);
        throw new HdlError(`combinational loop: ${names.join(" -> ")}; break it with a register`, firstAssigned);
      }
      if (st === undefined && graph.has(next)) {
        state.set(next, 1);
        path.push(next);
        iters.push(0);
      }
    }
  }
}
