/**
 * Verilog names the user gave intermediate values with `Expr.named`, kept beside the IR (the expression nodes
 * stay immutable): the printer emits each named value as its own wire under that name.
 */
import type { ExprNode } from "./ir.js";

const names = new WeakMap<ExprNode, string>();

export function nameValue(node: ExprNode, name: string): void {
  names.set(node, name);
}

/** The name given to `node`, if any. */
export function valueName(node: ExprNode): string | undefined {
  return names.get(node);
}
