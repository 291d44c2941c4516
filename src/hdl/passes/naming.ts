/** Pass "naming": gives every port, signal, memory and instance of a module its Verilog name. */
import { HdlError } from "../errors.js";
import type { ModuleIR, SignalNode } from "../ir.js";
import { declarationName, isReserved, NameScope, toIdentifier } from "../naming.js";

const FALLBACK: Record<SignalNode["kind"], string> = { input: "in", output: "out", wire: "w", reg: "r", instIn: "i", instOut: "o", arg: "a" };

/** Names the module and returns the scope (the printer takes temporaries' names from the same scope). */
export function nameSignals(ir: ModuleIR): NameScope {
  const scope = new NameScope();
  for (const p of ir.ports) {
    const name = p.explicitName!;
    if (isReserved(name)) throw new HdlError(`port name '${name}' of module '${ir.name}' is a reserved word in Verilog or C++; rename it`, ir.loc);
    if (name.startsWith("__")) throw new HdlError(`port name '${name}' of module '${ir.name}' starts with '__', which Verilator reserves; rename it`, ir.loc);
    if (!scope.reserve(name)) throw new HdlError(`module '${ir.name}' declares port '${name}' twice`, ir.loc);
    p.name = name;
  }
  for (const inst of ir.instances) {
    inst.name = scope.unique(toIdentifier(inst.explicitName ?? declarationName(inst.loc) ?? `u_${inst.module.name}`));
  }
  for (const s of ir.signals) {
    const base = s.instance ? `${s.instance.name}_${s.instPort}` : (s.explicitName ?? declarationName(s.loc) ?? FALLBACK[s.kind]);
    s.name = scope.unique(toIdentifier(base));
  }
  for (const m of ir.memories) {
    m.name = scope.unique(toIdentifier(m.explicitName ?? declarationName(m.loc) ?? "mem"));
  }
  return scope;
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
      return `input '${s.instPort}' of instance '${s.instance!.name}' (module '${s.instance!.module.name}')`;
    case "instOut":
      return `output '${s.instPort}' of instance '${s.instance!.name}' (module '${s.instance!.module.name}')`;
    case "arg":
      return `function argument '${s.explicitName}'`;
  }
}
