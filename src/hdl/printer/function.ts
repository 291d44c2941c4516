/**
 * Prints a combinational function as a Verilog-2005 `function` inside the module that calls it: arguments as
 * `input` declarations, shared subexpressions as local `reg` variables assigned in dependency order, then the
 * result. Names come from the module's scope, so no local hides a module-level name (Verilator VARHIDDEN).
 */
import type { FunctionIR, SignalNode } from "../ir.js";
import type { NameScope } from "../naming.js";
import { declaration, range } from "./declaration.js";
import { ExprPrinter, mayHaveUnreadBits, type FunctionRegistry } from "./expr.js";

/** The lines of `fn`'s definition, printed as `name`; calls inside it register further functions. */
export function printFunction(fn: FunctionIR, name: string, scope: NameScope, functions: FunctionRegistry): string[] {
  // Argument names are taken from the calling module's scope: each module may print them differently.
  const args = new Map<SignalNode, string>(fn.args.map((a) => [a, scope.unique(a.explicitName ?? a.name)]));
  const exprs = ExprPrinter.forExpression(fn, scope, functions, args);
  const result = exprs.print(fn.result);
  const lines = [`  function ${range(fn.result.type.width)}${name};`];
  for (const [a, argName] of args) lines.push(`    input ${range(a.type.width)}${argName};`);
  for (const t of exprs.temps) {
    lines.push(declaration("    ", `reg ${range(t.width)}${t.name};`, mayHaveUnreadBits(t)));
  }
  lines.push("    begin");
  for (const t of exprs.definitionOrder) lines.push(`      ${t.name} = ${t.text};`);
  lines.push(`      ${name} = ${result};`, "    end", "  endfunction");
  return lines;
}
