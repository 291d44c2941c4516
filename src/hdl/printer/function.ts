/**
 * Prints a combinational function as a Verilog-2005 `function` inside the module that calls it: arguments as
 * `input` declarations, shared subexpressions as local `reg` variables assigned in dependency order, then the
 * result. Names come from the module's scope, so no local hides a module-level name (Verilator VARHIDDEN).
 */
import type { FunctionIR } from "../ir.js";
import type { NameScope } from "../naming.js";
import { declaration, range } from "./declaration.js";
import { ExprPrinter, mayHaveUnreadBits, type FunctionRegistry } from "./expr.js";

/** The lines of `fn`'s definition, printed as `name`; calls inside it register further functions. */
export function printFunction(fn: FunctionIR, name: string, scope: NameScope, functions: FunctionRegistry): string[] {
  for (const a of fn.args) a.name = scope.unique(a.explicitName!);
  const exprs = ExprPrinter.forExpression(fn.result, scope, functions);
  const result = exprs.print(fn.result);
  const lines = [`  function ${range(fn.result.type.width)}${name};`];
  for (const a of fn.args) lines.push(`    input ${range(a.type.width)}${a.name};`);
  for (const t of exprs.temps) {
    lines.push(declaration("    ", `reg ${range(t.width)}${t.name};`, mayHaveUnreadBits(t)));
  }
  lines.push("    begin");
  for (const t of exprs.definitionOrder) lines.push(`      ${t.name} = ${t.text};`);
  lines.push(`      ${name} = ${result};`, "    end", "  endfunction");
  return lines;
}
