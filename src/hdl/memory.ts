/** Register-file arrays built inside a module. */
import { Expr, fail, sizeTo, toExpr, type Operand } from "./expr.js";
import { exprId, type MemoryNode } from "./ir.js";
import type { ModuleBuilder } from "./module.js";
import type { PortSpecs } from "./ports.js";
import type { Reg } from "./signal.js";
import { typeName, uint, type HdlType } from "./types.js";

/** A register-file array: synchronous writes, combinational (`read`) or registered (`readSync`) reads. */
export class Memory {
  /** @internal */
  constructor(
    private readonly builder: ModuleBuilder<PortSpecs>,
    /** @internal */ readonly mem: MemoryNode,
  ) {}

  get depth(): number {
    return this.mem.depth;
  }
  get type(): HdlType {
    return this.mem.type;
  }
  /** Address width: ceil(log2(depth)), at least 1. */
  get addrWidth(): number {
    return this.mem.addrWidth;
  }

  private address(addr: Operand): Expr {
    const a = sizeTo(toExpr(addr), uint(this.mem.addrWidth), "memory address");
    if (a.signed || a.width !== this.mem.addrWidth) {
      fail(`memory address must be ${typeName(uint(this.mem.addrWidth))} for depth ${this.mem.depth}, got ${typeName(a.type)}`);
    }
    this.builder.checkOwner(a);
    return a;
  }

  /** Combinational read: the word at `addr`, now. */
  read(addr: Operand): Expr {
    const a = this.address(addr);
    return new Expr({ id: exprId(), kind: "memread", type: this.mem.type, memory: this.mem, addr: a.node }, this.builder);
  }

  /** Registered read: a register that loads the word at `addr` on every clock edge (when `enable` is high). */
  readSync(addr: Operand, options: { enable?: Operand; name?: string } = {}): Reg {
    const data = this.read(addr);
    const r = this.builder.reg(this.mem.type, { name: options.name, clock: this.builder.signalOf(this.mem.clock) });
    if (options.enable === undefined) r.set(data);
    else this.builder.when(options.enable, () => r.set(data));
    return r;
  }

  /** Writes `data` to `addr` at the next clock edge (under the enclosing when/switch conditions). */
  write(addr: Operand, data: Operand): void {
    const loc = this.builder.statementLoc();
    const a = this.address(addr);
    const d = sizeTo(toExpr(data), this.mem.type, "memory write data");
    if (d.width !== this.mem.type.width || d.signed !== this.mem.type.signed) {
      fail(`memory write data is ${typeName(d.type)}, the memory holds ${typeName(this.mem.type)}`);
    }
    this.builder.checkOwner(d);
    this.builder.push({ kind: "memwrite", memory: this.mem, addr: a.node, data: d.node, loc });
  }

  markUnused(): this {
    this.mem.unused = true;
    return this;
  }
}
