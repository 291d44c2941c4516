/**
 * Traversals of the IR shared by the builder, the passes and the printer: the operands of an expression node,
 * the expression roots of a statement tree, and every statement of a tree.
 */
import type { ExprNode, Stmt } from "../ir.js";

/** The direct operands of an expression node. */
export function children(e: ExprNode): ExprNode[] {
  switch (e.kind) {
    case "ref":
    case "const":
      return [];
    case "unary":
    case "slice":
    case "ext":
    case "cast":
      return [e.a];
    case "binary":
      return [e.a, e.b];
    case "shift":
      return typeof e.amount === "number" ? [e.a] : [e.a, e.amount];
    case "index":
      return [e.a, e.index];
    case "cat":
      return [...e.parts];
    case "mux":
      return [e.sel, e.whenTrue, e.whenFalse];
    case "memread":
      return [e.addr];
    case "call":
      return [...e.args];
  }
}

/** Pushes the direct operands of `e` onto `stack` (allocation-free traversal for the big passes). */
export function pushChildren(e: ExprNode, stack: ExprNode[]): void {
  switch (e.kind) {
    case "ref":
    case "const":
      return;
    case "unary":
    case "slice":
    case "ext":
    case "cast":
      stack.push(e.a);
      return;
    case "binary":
      stack.push(e.a, e.b);
      return;
    case "shift":
      stack.push(e.a);
      if (typeof e.amount !== "number") stack.push(e.amount);
      return;
    case "index":
      stack.push(e.a, e.index);
      return;
    case "cat":
      for (const p of e.parts) stack.push(p);
      return;
    case "mux":
      stack.push(e.sel, e.whenTrue, e.whenFalse);
      return;
    case "memread":
      stack.push(e.addr);
      return;
    case "call":
      for (const a of e.args) stack.push(a);
      return;
  }
}

/** Every expression root read by a statement tree: conditions, selectors, values, addresses, data. */
export function stmtExprs(stmts: readonly Stmt[], visit: (e: ExprNode, s: Stmt) => void): void {
  for (const s of stmts) {
    switch (s.kind) {
      case "assign":
        visit(s.value, s);
        break;
      case "memwrite":
        visit(s.addr, s);
        visit(s.data, s);
        break;
      case "when":
        for (const b of s.branches) {
          visit(b.cond, s);
          stmtExprs(b.body, visit);
        }
        if (s.otherwise) stmtExprs(s.otherwise, visit);
        break;
      case "switch":
        visit(s.sel, s);
        for (const c of s.cases) stmtExprs(c.body, visit);
        if (s.otherwise) stmtExprs(s.otherwise, visit);
        break;
    }
  }
}

/** Visits every statement in a tree (pre-order). */
export function forEachStmt(stmts: readonly Stmt[], visit: (s: Stmt) => void): void {
  for (const s of stmts) {
    visit(s);
    if (s.kind === "when") {
      for (const b of s.branches) forEachStmt(b.body, visit);
      if (s.otherwise) forEachStmt(s.otherwise, visit);
    } else if (s.kind === "switch") {
      for (const c of s.cases) forEachStmt(c.body, visit);
      if (s.otherwise) forEachStmt(s.otherwise, visit);
    }
  }
}
