/**
 * Pass "naming": gives every port, signal, memory and instance of a module its Verilog name, and keeps the
 * module's name scope (the printer takes temporaries' and functions' names from it).
 */
import type { ModuleIR, SignalNode } from "../ir.js";
import { declarationName, isReserved, NameScope, toIdentifier } from "../naming.js";
import type { PassReport } from "./report.js";

const FALLBACK: Record<SignalNode["kind"], string> = { input: "in", output: "out", wire: "w", reg: "r", instIn: "i", instOut: "o", arg: "a" };

const scopes = new WeakMap<ModuleIR, NameScope>();

/** The names the naming pass handed out in `ir` (undefined before the pass ran). */
export function nameScopeOf(ir: ModuleIR): NameScope | undefined {
  return scopes.get(ir);
}

/** The name a declaration asked for: explicit, else its TypeScript variable, else a fallback; plus its element suffix. */
function baseName(explicitName: string | undefined, loc: SignalNode["loc"], fallback: string, suffix: string | undefined): string {
  const base = explicitName ?? declarationName(loc) ?? fallback;
  return suffix === undefined ? base : `${base}_${suffix}`;
}

export function nameSignals(ir: ModuleIR, report: PassReport): void {
  const scope = new NameScope();
  for (const p of ir.ports) {
    const name = p.explicitName ?? "";
    if (isReserved(name)) report.error(`port name '${name}' of module '${ir.name}' is a reserved word in Verilog or C++; rename it`, ir.loc);
    else if (name.startsWith("__")) report.error(`port name '${name}' of module '${ir.name}' starts with '__', which Verilator reserves; rename it`, ir.loc);
    if (scope.reserve(name)) p.name = name;
    else {
      report.error(`module '${ir.name}' declares port '${name}' twice`, ir.loc);
      p.name = scope.unique(name);
    }
  }
  for (const inst of ir.instances) {
    inst.name = scope.unique(toIdentifier(inst.explicitName ?? declarationName(inst.loc) ?? `u_${inst.module.name}`));
  }
  for (const s of ir.signals) {
    const base = s.instance ? `${s.instance.name}_${s.instPort}` : baseName(s.explicitName, s.loc, FALLBACK[s.kind], s.nameSuffix);
    s.name = scope.unique(toIdentifier(base));
  }
  for (const m of ir.memories) {
    m.name = scope.unique(toIdentifier(m.explicitName ?? declarationName(m.loc) ?? "mem"));
  }
  scopes.set(ir, scope);
}

/** How a signal is called in messages: its Verilog name and, for instance ports, which port it is. */
export function describe(s: SignalNode): string {
  switch (s.kind) {
    case "input":
      return `input '${s.name}'`;
    case "output":
      return `output '${s.name}'`;
    case "reg":
      return `register '${s.name}'`;
    case "wire":
      return `wire '${s.name}'`;
    case "instIn":
      return `input '${s.instPort}' of instance '${s.instance?.name}' (module '${s.instance?.module.name}')`;
    case "instOut":
      return `output '${s.instPort}' of instance '${s.instance?.name}' (module '${s.instance?.module.name}')`;
    case "arg":
      return `function argument '${s.explicitName}'`;
  }
}
