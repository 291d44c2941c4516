/** Prints statement trees (one target's projection) as procedural Verilog. */
import { switchIsFull } from "../analysis/coverage.js";
import type { Stmt } from "../ir.js";
import { constText, type ExprPrinter } from "./expr.js";

export class StmtPrinter {
  constructor(
    private readonly exprs: ExprPrinter,
    /** "=" in combinational blocks, "<=" in clocked ones. */
    private readonly op: "=" | "<=",
  ) {}

  print(stmts: readonly Stmt[], indent: string, out: string[]): void {
    for (const s of stmts) this.stmt(s, indent, out);
  }

  private block(stmts: readonly Stmt[], indent: string, out: string[]): void {
    this.print(stmts, `${indent}  `, out);
  }

  private stmt(s: Stmt, indent: string, out: string[]): void {
    switch (s.kind) {
      case "assign":
        out.push(`${indent}${s.target.name} ${this.op} ${this.exprs.print(s.value)};`);
        return;
      case "memwrite":
        out.push(`${indent}${s.memory.name}[${this.exprs.print(s.addr)}] <= ${this.exprs.print(s.data)};`);
        return;
      case "when": {
        for (let i = 0; i < s.branches.length; i++) {
          const b = s.branches[i]!;
          out.push(i === 0 ? `${indent}if (${this.exprs.print(b.cond)}) begin` : `${indent}end else if (${this.exprs.print(b.cond)}) begin`);
          this.block(b.body, indent, out);
        }
        if (s.otherwise) {
          out.push(`${indent}end else begin`);
          this.block(s.otherwise, indent, out);
        }
        out.push(`${indent}end`);
        return;
      }
      case "switch": {
        const w = s.sel.type.width;
        out.push(`${indent}case (${this.exprs.print(s.sel)})`);
        // Cases that assign nothing here can go, unless a default would then catch their values.
        const cases = s.otherwise ? s.cases : s.cases.filter((c) => c.body.length > 0);
        // A switch covering every selector value prints its last case as `default` (Verilator wants one).
        const full = !s.otherwise && switchIsFull(s) && cases.length === s.cases.length;
        for (let i = 0; i < cases.length; i++) {
          const c = cases[i]!;
          const label = full && i === cases.length - 1 ? "default" : c.values.map((v) => constText(w, v)).join(", ");
          out.push(`${indent}  ${label}: begin`);
          this.print(c.body, `${indent}    `, out);
          out.push(`${indent}  end`);
        }
        if (s.otherwise) {
          out.push(`${indent}  default: begin`);
          this.print(s.otherwise, `${indent}    `, out);
          out.push(`${indent}  end`);
        } else if (!full) {
          out.push(`${indent}  default: begin`, `${indent}  end`);
        }
        out.push(`${indent}endcase`);
        return;
      }
    }
  }
}
