/**
 * Named hardware values: ports, wires, registers and instance ports. `Signal` can be read; `Wire` and `Reg`
 * can also be assigned with `set`, inside the module that declared them.
 */
import { Expr, type Operand, type Owner } from "./expr.js";
import { exprId, type SignalNode } from "./ir.js";
import type { SourceLoc } from "./source-location.js";

/** What a signal needs from the module under construction to record an assignment. */
export interface AssignSink extends Owner {
  assign(target: SignalNode, value: Operand, loc: SourceLoc | undefined): void;
}

export class Signal extends Expr {
  /** @internal */ readonly sig: SignalNode;

  /** @internal */
  constructor(sig: SignalNode, owner: AssignSink) {
    super({ id: exprId(), kind: "ref", type: sig.type, signal: sig }, owner);
    this.sig = sig;
  }

  /**
   * The Verilog name (resolved when the design is emitted; empty before). An instance input the printer
   * connects in the port map directly keeps its name reserved, but no net of the module carries it.
   */
  get verilogName(): string {
    return this.sig.name;
  }

  /**
   * Declares that this signal (or some of its bits) is intentionally never read. Unread bits are otherwise
   * an error, because Verilator's lint rejects them; a marked signal is emitted inside a lint_off UNUSED pragma.
   */
  markUnused(): this {
    this.sig.unused = true;
    return this;
  }
}

/** A combinationally assigned signal: an output port, a wire, or an input of an instantiated module. */
export class Wire extends Signal {
  /** Assigns `value` (in the current when/switch branch); its width must equal this signal's width. */
  set(value: Operand): void {
    (this.owner as AssignSink).assign(this.sig, value, undefined);
  }
}

/** A register clocked by the module's clock; `set` gives the value it takes at the next rising edge. */
export class Reg extends Signal {
  set(value: Operand): void {
    (this.owner as AssignSink).assign(this.sig, value, undefined);
  }
}
