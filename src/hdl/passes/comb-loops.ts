/**
 * Pass "check-comb-loops": no combinational path from a signal back to itself, through wires, outputs and
 * instances (using each child module's input-to-output combinational paths). Registers and memories cut paths.
 */
import { Visits } from "../analysis/node-tables.js";
import { isMemory, projectByTarget } from "../analysis/project.js";
import { pushChildren, stmtExprs } from "../analysis/walk.js";
import type { ExprNode, ModuleIR, SignalNode, Stmt } from "../ir.js";
import { describe } from "./naming.js";
import type { PassReport } from "./report.js";

function isComb(s: SignalNode): boolean {
  return s.kind === "wire" || s.kind === "output" || s.kind === "instIn" || s.kind === "instOut";
}

/** The signals one target's statements read (`visits` marks operators shared within them). */
function refsOf(stmts: readonly Stmt[], visits: Visits): SignalNode[] {
  const out = new Set<SignalNode>();
  const stack: ExprNode[] = [];
  visits.start();
  stmtExprs(stmts, (root) => {
    stack.push(root);
    while (stack.length) {
      const e = stack.pop()!;
      if (e.kind === "ref") out.add(e.signal);
      else if (e.kind !== "const" && visits.first(e)) pushChildren(e, stack);
    }
  });
  return [...out];
}

const reachCache = new WeakMap<ModuleIR, Map<string, Set<string>>>();

/**
 * For a (checked) module: output port name -> the input port names it depends on combinationally. Kept
 * from the module's own check, so a parent's check does not traverse the child again.
 */
function combReach(ir: ModuleIR): Map<string, Set<string>> {
  let r = reachCache.get(ir);
  if (!r) {
    r = reachOf(ir, depGraph(ir));
    reachCache.set(ir, r);
  }
  return r;
}

function reachOf(ir: ModuleIR, graph: Map<SignalNode, SignalNode[]>): Map<string, Set<string>> {
  const r = new Map<string, Set<string>>();
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
  return r;
}

/** signal -> the signals its value depends on combinationally (inputs included, registers excluded). */
function depGraph(ir: ModuleIR): Map<SignalNode, SignalNode[]> {
  const graph = new Map<SignalNode, SignalNode[]>();
  const visits = new Visits(ir.exprIds);
  for (const [target, stmts] of projectByTarget(ir)) {
    if (isMemory(target) || !isComb(target)) continue;
    graph.set(
      target,
      refsOf(stmts, visits).filter((d) => isComb(d) || d.kind === "input"),
    );
  }
  for (const inst of ir.instances) {
    const reach = combReach(inst.module);
    for (const [port, sig] of inst.ports) {
      if (sig.kind !== "instOut") continue;
      graph.set(
        sig,
        [...(reach.get(port) ?? [])].map((p) => inst.ports.get(p)!),
      );
    }
  }
  return graph;
}

/** Reports every cycle the depth-first search closes (one per back edge, so each loop is named once). */
export function checkCombLoops(ir: ModuleIR, report: PassReport): void {
  const graph = depGraph(ir);
  const errorsBefore = report.errors.length;
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
        report.error(`combinational loop: ${names.join(" -> ")}; break it with a register`, firstAssigned);
      }
      if (st === undefined && graph.has(next)) {
        state.set(next, 1);
        path.push(next);
        iters.push(0);
      }
    }
  }
  if (report.errors.length === errorsBefore) reachCache.set(ir, reachOf(ir, graph));
}
