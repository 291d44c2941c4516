/**
 * Small IR fixtures for pass-level tests, written node by node (no builder, no call-site capture): every
 * declaration and statement gets the location `fixture.ts:<line>` it is given, so messages are exact.
 */
import { join } from "node:path";
import type { HdlError } from "../../../src/hdl/errors.js";
import {
  type BinaryOp,
  closeExprIds,
  type ExprNode,
  exprId,
  type InstanceNode,
  type MemoryNode,
  type ModuleIR,
  openExprIds,
  type SignalKind,
  type SignalNode,
  type Stmt,
} from "../../../src/hdl/ir.js";
import { type PassName, PassReport, passNamed } from "../../../src/hdl/passes/index.js";
import type { SourceLoc } from "../../../src/hdl/source-location.js";
import { type HdlType, sint, uint } from "../../../src/hdl/types.js";
import { projectRoot } from "../../../src/util/paths.js";

/** `fixture.ts:<line>` (the module itself is declared at line 1). */
export function at(line: number): SourceLoc {
  return { file: join(projectRoot, "fixture.ts"), line, column: 1 };
}

export type Width = number | HdlType;
const typeOf = (w: Width): HdlType => (typeof w === "number" ? uint(w) : w);

export { sint, uint };

/** A module under construction: declare signals, build expressions, add statements, then `done()`. */
export class Fixture {
  readonly ir: ModuleIR;
  private readonly stack: Stmt[][];

  constructor(name: string) {
    this.ir = { name, params: undefined, loc: at(1), ports: [], signals: [], memories: [], instances: [], body: [], exprIds: openExprIds() };
    this.stack = [this.ir.body];
  }

  private signal(kind: SignalKind, type: HdlType, name: string | undefined, line: number | undefined, suffix?: string): SignalNode {
    return {
      id: exprId(),
      kind,
      type,
      loc: line === undefined ? undefined : at(line),
      explicitName: name,
      nameSuffix: suffix,
      resetValue: undefined,
      clock: undefined,
      reset: undefined,
      instance: undefined,
      instPort: undefined,
      unused: false,
      name: "",
    };
  }

  input(name: string, w: Width = 1): SignalNode {
    const s = this.signal("input", typeOf(w), name, undefined);
    this.ir.ports.push(s);
    return s;
  }

  output(name: string, w: Width = 1): SignalNode {
    const s = this.signal("output", typeOf(w), name, undefined);
    this.ir.ports.push(s);
    return s;
  }

  /** A wire; `suffix` makes it an element of a vector (`<name>_<suffix>`). */
  wire(name: string | undefined, w: Width, line: number, suffix?: string): SignalNode {
    const s = this.signal("wire", typeOf(w), name, line, suffix);
    this.ir.signals.push(s);
    return s;
  }

  /** A register on `clock` (with `reset`, loading `resetValue`, when given). */
  reg(name: string, w: Width, line: number, clock: SignalNode, reset?: { signal: SignalNode; value: bigint }): SignalNode {
    const s = this.signal("reg", typeOf(w), name, line);
    s.clock = clock;
    if (reset) {
      s.reset = reset.signal;
      s.resetValue = reset.value;
    }
    this.ir.signals.push(s);
    return s;
  }

  memory(name: string | undefined, w: Width, depth: number, line: number, clock: SignalNode): MemoryNode {
    const m: MemoryNode = {
      id: exprId(),
      type: typeOf(w),
      depth,
      addrWidth: Math.max(1, Math.ceil(Math.log2(depth))),
      loc: at(line),
      clock,
      explicitName: name,
      unused: false,
      name: "",
    };
    this.ir.memories.push(m);
    return m;
  }

  /** An instance of `child` named `name`; returns its parent-side port signals by port name. */
  instance(child: ModuleIR, name: string | undefined, line: number): Map<string, SignalNode> {
    const inst: InstanceNode = { id: exprId(), module: child, loc: at(line), explicitName: name, ports: new Map(), name: "" };
    for (const port of child.ports) {
      const s = this.signal(port.kind === "input" ? "instIn" : "instOut", port.type, undefined, line);
      s.instance = inst;
      s.instPort = port.explicitName;
      inst.ports.set(port.explicitName ?? "", s);
      this.ir.signals.push(s);
    }
    this.ir.instances.push(inst);
    return inst.ports;
  }

  ref(s: SignalNode): ExprNode {
    return { id: exprId(), kind: "ref", type: s.type, signal: s };
  }

  /** A sized constant, or (`sized` false) an unsized literal in its minimal type. */
  lit(value: bigint, w: Width, sized = true): ExprNode {
    const t = typeOf(w);
    return { id: exprId(), kind: "const", type: t, value: BigInt.asUintN(t.width, value), sized };
  }

  binary(op: BinaryOp, a: ExprNode, b: ExprNode): ExprNode {
    const compare = op === "eq" || op === "ne" || op === "lt" || op === "le" || op === "gt" || op === "ge";
    return { id: exprId(), kind: "binary", op, type: compare ? uint(1) : a.type, a, b, signedOp: a.type.signed };
  }

  slice(a: ExprNode, hi: number, lo: number): ExprNode {
    return { id: exprId(), kind: "slice", type: uint(hi - lo + 1), a, hi, lo };
  }

  read(m: MemoryNode, addr: ExprNode): ExprNode {
    return { id: exprId(), kind: "memread", type: m.type, memory: m, addr };
  }

  assign(target: SignalNode, value: ExprNode, line: number): void {
    this.top().push({ kind: "assign", target, value, loc: at(line) });
  }

  write(memory: MemoryNode, addr: ExprNode, data: ExprNode, line: number): void {
    this.top().push({ kind: "memwrite", memory, addr, data, loc: at(line) });
  }

  /** `when (cond) { then } [else { otherwise }]` at `line`. */
  when(cond: ExprNode, line: number, then: () => void, otherwise?: () => void): void {
    const stmt: Stmt = {
      kind: "when",
      branches: [{ cond, body: this.collect(then), loc: at(line) }],
      otherwise: otherwise && this.collect(otherwise),
      loc: at(line),
    };
    this.top().push(stmt);
  }

  /** `case (sel)` with `cases` (values -> body) and an optional default, at `line`. */
  switch(sel: ExprNode, line: number, cases: [bigint[], () => void][], otherwise?: () => void): void {
    const stmt: Stmt = {
      kind: "switch",
      sel,
      cases: cases.map(([values, body]) => ({ values, body: this.collect(body), loc: at(line) })),
      otherwise: otherwise && this.collect(otherwise),
      loc: at(line),
    };
    this.top().push(stmt);
  }

  done(): ModuleIR {
    closeExprIds(this.ir.exprIds);
    return this.ir;
  }

  private top(): Stmt[] {
    return this.stack[this.stack.length - 1] ?? this.ir.body;
  }

  private collect(body: () => void): Stmt[] {
    const list: Stmt[] = [];
    this.stack.push(list);
    body();
    this.stack.pop();
    return list;
  }
}

/** Runs the naming pass and then `pass` (unless it is naming itself) on `ir`; returns every error message. */
export function runPass(name: PassName, ir: ModuleIR): string[] {
  return errorsOf(name, ir).map((e) => e.message);
}

export function errorsOf(name: PassName, ir: ModuleIR): HdlError[] {
  const report = new PassReport();
  if (name !== "naming") {
    passNamed("naming").run(ir, report);
    if (report.errors.length > 0) throw new Error(`fixture ${ir.name} does not pass naming: ${report.errors[0]?.message}`);
  }
  passNamed(name).run(ir, report);
  return report.errors;
}
