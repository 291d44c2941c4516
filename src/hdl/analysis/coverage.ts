/** Whether the paths through a statement tree all assign: shared by the latch check and the printer. */
import type { Stmt } from "../ir.js";

/** Selectors wider than this are never enumerated: such a switch needs a default to be full. */
const MAX_ENUMERATED_SELECTOR = 24;

/** Whether the statements assign their target on every path (they are one target's projection). */
export function definitelyAssigned(stmts: readonly Stmt[]): boolean {
  for (const s of stmts) {
    if (s.kind === "assign") return true;
    if (s.kind === "when") {
      if (s.otherwise && definitelyAssigned(s.otherwise) && s.branches.every((b) => definitelyAssigned(b.body))) return true;
    } else if (s.kind === "switch") {
      if (!s.cases.every((c) => definitelyAssigned(c.body))) continue;
      if (s.otherwise ? definitelyAssigned(s.otherwise) : switchIsFull(s)) return true;
    }
  }
  return false;
}

/** Whether the cases of a switch cover every value of its selector. */
export function switchIsFull(s: Extract<Stmt, { kind: "switch" }>): boolean {
  const w = s.sel.type.width;
  if (w > MAX_ENUMERATED_SELECTOR) return false;
  let n = 0;
  for (const c of s.cases) n += c.values.length;
  return n === 2 ** w;
}
