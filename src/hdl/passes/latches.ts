/**
 * Pass "check-latches": a combinational signal must get a value on every path through its when/switch
 * tree, otherwise the hardware would have to remember the old value — a latch.
 */
import { definitelyAssigned } from "../analysis/coverage.js";
import { isMemory, projectByTarget } from "../analysis/project.js";
import type { ModuleIR } from "../ir.js";
import { describe } from "./naming.js";
import type { PassReport } from "./report.js";

export function checkLatches(ir: ModuleIR, report: PassReport): void {
  for (const [target, stmts] of projectByTarget(ir)) {
    if (isMemory(target) || target.kind === "reg") continue;
    if (!definitelyAssigned(stmts)) {
      report.error(
        `latch: ${describe(target)} is not assigned on every path; give it a default before the when/switch or add otherwise/default`,
        stmts[0]?.loc,
      );
    }
  }
}
