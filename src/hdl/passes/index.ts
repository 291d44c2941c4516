/**
 * The ordered, named passes every module goes through before it is printed. Each pass records every design
 * error it finds (pointing at the TypeScript line responsible) and none of them repairs a design; after the
 * last pass, a module with errors fails with all of them at once.
 */
import { designErrors } from "../errors.js";
import type { ModuleIR } from "../ir.js";
import type { NameScope } from "../naming.js";
import { checkCombLoops } from "./comb-loops.js";
import { checkDrivers } from "./drivers.js";
import { checkLatches } from "./latches.js";
import { nameScopeOf, nameSignals } from "./naming.js";
import { PassReport } from "./report.js";
import { checkUsage } from "./usage.js";
import { checkWidths, inferWidths } from "./widths.js";

export { PassReport } from "./report.js";

export interface Pass {
  readonly name: string;
  /** Checks (and for naming and infer-widths, annotates) one module; errors go to `report`. */
  run(ir: ModuleIR, report: PassReport): void;
}

/** The passes in the order they run: naming first, so every later message can use Verilog names. */
export const PASSES = [
  { name: "naming", run: nameSignals },
  { name: "infer-widths", run: inferWidths },
  { name: "check-widths", run: checkWidths },
  { name: "check-drivers", run: checkDrivers },
  { name: "check-latches", run: checkLatches },
  { name: "check-usage", run: checkUsage },
  { name: "check-comb-loops", run: checkCombLoops },
] as const satisfies readonly Pass[];

export type PassName = (typeof PASSES)[number]["name"];

/** The pass called `name`. */
export function passNamed(name: PassName): Pass {
  const pass = PASSES.find((p) => p.name === name);
  if (!pass) throw new Error(`internal: no pass '${name}'`);
  return pass;
}

const checked = new WeakSet<ModuleIR>();

/**
 * Runs every pass on one module (children must have been checked first) and returns its name scope.
 * Throws the module's design errors together (an `HdlErrorList` when there are several).
 */
export function checkModule(ir: ModuleIR): NameScope {
  const known = checked.has(ir) ? nameScopeOf(ir) : undefined;
  if (known) return known;
  const report = new PassReport();
  for (const pass of PASSES) pass.run(ir, report);
  if (report.errors.length > 0) throw designErrors(ir.name, report.errors);
  const scope = nameScopeOf(ir);
  if (!scope) throw new Error(`internal: module '${ir.name}' was not named`);
  checked.add(ir);
  return scope;
}
