/**
 * Pass "check-latches": a combinational signal must get a value on every path through its when/switch
 * tree, otherwise the hardware would have to remember the old value — a latch.
 */
import { HdlError } from "../errors.js";
import type { ModuleIR, Stmt } from "../ir.js";
import { describe } from "./naming.js";
import { isMemory, projectByTarget } from "./project.js";

const MAX_ENUMERATED_SELECTOR = 24;

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

export function checkLatches(ir: ModuleIR): void {
  for (const [target, stmts] of projectByTarget(ir)) {
    if (isMemory(target) || target.kind === "reg") continue;
    if (!definitelyAssigned(stmts)) {
      throw new HdlError(
        `latch: ${describe(target)} is not assigned on every path; give it a default before the when/switch or add otherwise/default`,
        stmts[0]?.loc,
      );
    }
  }
}
