/**
 * Passes "infer-widths" and "check-widths". Operator result widths are computed by the builder from the
 * width table; what is left is the context of an assignment: an unsized literal takes the target's type
 * (an error if it does not fit), and any other value must have exactly the target's width and signedness —
 * implicit truncation or extension is an error, never a silent fix.
 */
import { forEachStmt } from "../analysis/walk.js";
import { exprId, type ModuleIR } from "../ir.js";
import { fits, toBits, typeName } from "../types.js";
import { describe } from "./naming.js";
import type { PassReport } from "./report.js";

function signedValue(bits: bigint, width: number): bigint {
  return BigInt.asIntN(width, bits);
}

export function inferWidths(ir: ModuleIR, report: PassReport): void {
  forEachStmt(ir.body, (s) => {
    if (s.kind !== "assign" || s.value.kind !== "const" || s.value.sized) return;
    const c = s.value;
    // Unsized literals keep their value in their minimal type; read it back with that type's signedness.
    const v = c.type.signed ? signedValue(c.value, c.type.width) : c.value;
    if (!fits(v, s.target.type)) {
      report.error(`literal ${v} does not fit in ${describe(s.target)} of type ${typeName(s.target.type)}`, s.loc);
      return;
    }
    s.value = { id: exprId(), kind: "const", type: s.target.type, value: toBits(v, s.target.type.width), sized: true };
  });
}

export function checkWidths(ir: ModuleIR, report: PassReport): void {
  forEachStmt(ir.body, (s) => {
    // A literal still unsized did not fit its target: infer-widths has reported it.
    if (s.kind !== "assign" || (s.value.kind === "const" && !s.value.sized)) return;
    const t = s.target.type;
    const v = s.value.type;
    if (v.width > t.width) {
      report.error(
        `assigning a ${v.width}-bit value to ${describe(s.target)} of ${t.width} bits would truncate it; use .trunc(${t.width}) or make the target wider`,
        s.loc,
      );
    } else if (v.width < t.width) {
      report.error(
        `assigning a ${v.width}-bit value to ${describe(s.target)} of ${t.width} bits would extend it; use .zext(${t.width}) or .sext(${t.width})`,
        s.loc,
      );
    } else if (v.signed !== t.signed) {
      report.error(
        `assigning a ${typeName(v)} value to ${describe(s.target)} of type ${typeName(t)}; convert it with ${t.signed ? ".asSigned()" : ".asUnsigned()"}`,
        s.loc,
      );
    }
  });
}
