/**
 * The ordered, named passes every module goes through before it is printed. Each pass either returns
 * normally or throws an HdlError pointing at the TypeScript line responsible; none of them repairs a design.
 */
import type { ModuleIR } from "../ir.js";
import type { NameScope } from "../naming.js";
import { checkCombLoops } from "./comb-loops.js";
import { checkDrivers } from "./drivers.js";
import { checkLatches } from "./latches.js";
import { nameSignals } from "./naming.js";
import { checkUsage } from "./usage.js";
import { checkWidths, inferWidths } from "./widths.js";

export interface Pass {
  readonly name: string;
  run(ir: ModuleIR): void;
}

/** Pass names in the order they run (naming first, so every later message can use Verilog names). */
export const PASSES: readonly Pass[] = [
  { name: "infer-widths", run: inferWidths },
  { name: "check-widths", run: checkWidths },
  { name: "check-drivers", run: checkDrivers },
  { name: "check-latches", run: checkLatches },
  { name: "check-usage", run: checkUsage },
  { name: "check-comb-loops", run: checkCombLoops },
];

const scopes = new WeakMap<ModuleIR, NameScope>();

/** Runs naming and every pass on one module (children must have been checked first). */
export function checkModule(ir: ModuleIR): NameScope {
  const known = scopes.get(ir);
  if (known) return known;
  const scope = nameSignals(ir);
  for (const pass of PASSES) pass.run(ir);
  ir.checked = true;
  scopes.set(ir, scope);
  return scope;
}
