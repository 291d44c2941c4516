/** The chains `when(...).elsewhen(...).otherwise(...)` and `switch(sel).is(...).default(...)`. */
import { fail, sizeTo, toExpr, type Operand } from "./expr.js";
import type { Stmt } from "./ir.js";
import type { ModuleBuilder } from "./module.js";
import type { PortSpecs } from "./ports.js";
import { captureLoc } from "./source-location.js";
import { typeName } from "./types.js";

/** The chain returned by `when`: add `elsewhen` branches and an `otherwise` branch. */
export class WhenChain {
  /** @internal */
  constructor(
    private readonly builder: ModuleBuilder<PortSpecs>,
    private readonly stmt: Extract<Stmt, { kind: "when" }>,
  ) {}

  elsewhen(cond: Operand, body: () => void): WhenChain {
    if (this.stmt.otherwise) fail("elsewhen after otherwise");
    const loc = captureLoc();
    this.stmt.branches.push({ cond: this.builder.condition(cond, "elsewhen"), body: this.builder.collect(body), loc });
    return this;
  }

  otherwise(body: () => void): void {
    if (this.stmt.otherwise) fail("a when chain has only one otherwise");
    this.stmt.otherwise = this.builder.collect(body);
  }
}

/** The chain returned by `switch`: add `is` cases and a `default`. */
export class SwitchChain {
  /** @internal */
  constructor(
    private readonly builder: ModuleBuilder<PortSpecs>,
    private readonly stmt: Extract<Stmt, { kind: "switch" }>,
    private readonly seen: Set<bigint>,
  ) {}

  /** Runs `body` when the selector equals `value` (or any of `values`). */
  is(values: Operand | readonly Operand[], body: () => void): SwitchChain {
    if (this.stmt.otherwise) fail("switch case after default");
    const loc = captureLoc();
    const list = Array.isArray(values) ? (values as readonly Operand[]) : [values as Operand];
    const sel = this.stmt.sel.type;
    const bits: bigint[] = [];
    for (const v of list) {
      const e = sizeTo(toExpr(v), sel, "switch case");
      if (e.node.kind !== "const") fail("switch cases must be constants");
      if (e.width !== sel.width || e.signed !== sel.signed) fail(`switch case of type ${typeName(e.type)} does not match selector ${typeName(sel)}`);
      if (this.seen.has(e.node.value)) fail(`duplicate switch case ${e.literal ?? e.node.value}`);
      this.seen.add(e.node.value);
      bits.push(e.node.value);
    }
    this.stmt.cases.push({ values: bits, body: this.builder.collect(body), loc });
    return this;
  }

  default(body: () => void): void {
    if (this.stmt.otherwise) fail("a switch has only one default");
    this.stmt.otherwise = this.builder.collect(body);
  }
}
