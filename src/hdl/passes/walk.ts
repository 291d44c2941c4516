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
