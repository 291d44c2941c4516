/**
 * Pass "check-drivers": every output, wire, register and instance input is assigned; nothing is assigned
 * twice unconditionally in the same block (a second driver would silently win); every memory is written.
 */
import { isMemory, projectByTarget, type Target } from "../analysis/project.js";
import type { ModuleIR, Stmt } from "../ir.js";
import { describe } from "./naming.js";
import type { PassReport } from "./report.js";

/** Reports each assignment that follows another one of the same target in the same block. */
function checkOnce(stmts: readonly Stmt[], target: Target, report: PassReport): void {
  let seen: Stmt | undefined;
  for (const s of stmts) {
    if (s.kind === "assign" || s.kind === "memwrite") {
      if (seen && s.kind === "assign") {
        const name = isMemory(target) ? `memory '${target.name}'` : describe(target);
        report.error(
          `multiple drivers: ${name} is already assigned in this block${seen.loc ? ` (at line ${seen.loc.line})` : ""}; assign it once, or use when/otherwise`,
          s.loc,
        );
      }
      seen = s;
    } else if (s.kind === "when") {
      for (const b of s.branches) checkOnce(b.body, target, report);
      if (s.otherwise) checkOnce(s.otherwise, target, report);
    } else {
      for (const c of s.cases) checkOnce(c.body, target, report);
      if (s.otherwise) checkOnce(s.otherwise, target, report);
    }
  }
}

export function checkDrivers(ir: ModuleIR, report: PassReport): void {
  const byTarget = projectByTarget(ir);
  for (const [target, stmts] of byTarget) checkOnce(stmts, target, report);
  for (const s of [...ir.ports, ...ir.signals]) {
    if (s.kind === "input" || s.kind === "instOut" || byTarget.has(s)) continue;
    if (s.kind === "instIn") {
      report.error(`${describe(s)} is not connected; assign it with ${s.instance?.name}.io.${s.instPort}.set(...) or pass it in { connect }`, s.loc);
      continue;
    }
    const hint = s.kind === "reg" ? "assign it with .set(...) (a register that never changes is a constant)" : "assign it with .set(...)";
    report.error(`undriven: ${describe(s)} is never assigned; ${hint}`, s.kind === "output" ? ir.loc : s.loc);
  }
  for (const m of ir.memories) {
    if (!byTarget.has(m)) report.error(`undriven: memory '${m.name}' is never written; add a write port with .write(addr, data)`, m.loc);
  }
}
