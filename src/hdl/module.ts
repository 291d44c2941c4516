/**
 * Modules: `defineModule(name, ports, body)` declares a module whose body builds its hardware through a
 * `ModuleBuilder`. Elaboration (running the body) happens once, on first use.
 */
import { SwitchChain, WhenChain } from "./conditionals.js";
import { HdlError } from "./errors.js";
import { Expr, fail, ownerName, sizeTo, toExpr, type Operand, type Owner } from "./expr.js";
import { Instance } from "./instance.js";
import { Memory } from "./memory.js";
import { closeExprIds, openExprIds, type InstanceNode, type MemoryNode, type ModuleIR, type SignalKind, type SignalNode, type Stmt } from "./ir.js";
import { flattenPorts, type ConnectionsOf, type InstanceIoOf, type IoOf, type PortShapeOf, type PortSpecs } from "./ports.js";
import { Reg, Signal, Wire, type AssignSink } from "./signal.js";
import { captureLoc, type SourceLoc } from "./source-location.js";
import { bool, clog2, typeName, type HdlType } from "./types.js";
import { buildAggregate, isVec, scalarType, type Aggregate, type ElementType, type VecType } from "./vec.js";

let nextId = 1;

export interface WireOptions {
  /** Verilog name; by default the name of the variable or field the wire is assigned to. */
  readonly name?: string;
}

export interface RegOptions {
  readonly name?: string;
  /** Value loaded while the synchronous reset is high; omit (or `null`) for a register without reset. */
  readonly reset?: Operand | null;
  /** Clock (default: the module's `clk` input). */
  readonly clock?: Signal;
  /** Synchronous, active-high reset (default: the module's `rst` input). */
  readonly resetSignal?: Signal;
}

export interface MemoryOptions {
  readonly name?: string;
  readonly clock?: Signal;
}

export interface RegNextOptions extends Omit<RegOptions, "reset"> {
  /** Value loaded while the synchronous reset is high; omit for a register without reset. */
  readonly reset?: Operand;
  /** Load `value` only on edges where `enable` is high (default: every edge). */
  readonly enable?: Operand;
}

export interface InstanceOptions<S extends PortSpecs> {
  readonly name?: string;
  /** Inputs of the child to connect right away (the same as `inst.io.port.set(value)`; arrays for vectors). */
  readonly connect?: ConnectionsOf<S>;
}

/** The message for a value of another module (or a function's argument) used in this module. */
function foreignValue(owner: Owner, how: "used" | "assigned", moduleName: string): string {
  if (owner.label)
    return `a value of ${ownerName(owner)} ${how} in module '${moduleName}': a function's arguments exist only inside its body; call the function instead`;
  return `a signal of ${ownerName(owner)} ${how} in module '${moduleName}'; pass values through ports`;
}

/** Builds one module's hardware; passed to the body of `defineModule`. */
export class ModuleBuilder<S extends PortSpecs> implements AssignSink {
  readonly id = nextId++;
  readonly io: IoOf<S>;
  /** @internal */ readonly ir: ModuleIR;
  private readonly stack: Stmt[][];
  private readonly signalObjects = new Map<SignalNode, Signal>();
  private closed = false;

  /** @internal */
  constructor(
    readonly moduleName: string,
    ports: S,
    params: Readonly<Record<string, unknown>> | undefined,
    loc: SourceLoc | undefined,
    /** @internal Capture the location of every statement and declaration (slower; for diagnostics). */
    readonly preciseLocs = false,
  ) {
    this.ir = { name: moduleName, params, loc, ports: [], signals: [], memories: [], instances: [], body: [], exprIds: openExprIds() };
    this.stack = [this.ir.body];
    const byName = new Map<string, SignalNode>();
    for (const port of flattenPorts(ports)) {
      const kind: SignalKind = port.dir === "input" ? "input" : "output";
      const node = this.newSignal(kind, port.type, loc, port.name);
      this.ir.ports.push(node);
      byName.set(port.name, node);
    }
    this.io = this.ioOf(ports, byName) as IoOf<S>;
  }

  /** The io object of `specs` (scalars and nested arrays) over the signals of the flattened ports, by name. */
  private ioOf(specs: PortSpecs, byName: ReadonlyMap<string, SignalNode>): Record<string, unknown> {
    const io: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(specs)) {
      if (!spec) continue;
      io[key] = buildAggregate(spec.type, (suffix) => {
        const node = byName.get(suffix === undefined ? key : `${key}_${suffix}`);
        if (!node) throw new Error(`internal: no port for '${key}'`);
        return this.signalOf(node);
      });
    }
    return io;
  }

  /** The parameters of the generator that produced this module (undefined for a plain module). */
  get params(): Readonly<Record<string, unknown>> | undefined {
    return this.ir.params;
  }

  private newSignal(kind: SignalKind, type: HdlType, loc: SourceLoc | undefined, explicitName?: string, nameSuffix?: string): SignalNode {
    // Every field present from the start keeps all signal nodes one object shape.
    return {
      id: nextId++,
      kind,
      type,
      loc,
      explicitName,
      nameSuffix,
      resetValue: undefined,
      clock: undefined,
      reset: undefined,
      instance: undefined,
      instPort: undefined,
      unused: false,
      name: "",
    };
  }

  /** @internal The user-facing object for a port, instance port or clock of this module (one per node). */
  signalOf(node: SignalNode): Signal {
    let s = this.signalObjects.get(node);
    if (!s) {
      s = node.kind === "reg" ? new Reg(node, this) : node.kind === "input" || node.kind === "instOut" ? new Signal(node, this) : new Wire(node, this);
      this.signalObjects.set(node, s);
    }
    return s;
  }

  private requireOpen(): void {
    if (this.closed) fail(`module '${this.moduleName}' is already elaborated; build it inside its body function`);
  }

  /**
   * A combinational signal of `type`, assigned with `set`; a vector type gives an array of them (elements
   * named `<name>_<suffix>`). Given a value instead of a type, the wire is that value under a name: its type
   * is the value's and it is assigned the value once, unconditionally (wherever the call is written).
   */
  wire(type: HdlType | number, options?: WireOptions): Wire;
  wire<V extends VecType>(type: V, options?: WireOptions): Aggregate<V, Wire>;
  wire(value: Expr, options?: WireOptions): Wire;
  wire(type: HdlType | number | VecType | Expr, options: WireOptions = {}): Wire | Aggregate<VecType, Wire> {
    this.requireOpen();
    if (type instanceof Expr) return this.namedWire(type, options);
    const loc = this.declarationLoc(options.name);
    if (!isVec(type)) return this.newWire(scalarType(type), loc, options.name, undefined);
    return buildAggregate(type, (suffix, t) => this.newWire(t, loc, options.name, suffix)) as Aggregate<VecType, Wire>;
  }

  private newWire(t: HdlType, loc: SourceLoc | undefined, name: string | undefined, suffix: string | undefined): Wire {
    const node = this.newSignal("wire", t, loc, name, suffix);
    this.ir.signals.push(node);
    // Not cached in signalOf: nothing looks a wire up by its node, and generators make hundreds of thousands.
    return new Wire(node, this);
  }

  private namedWire(value: Expr, options: WireOptions): Wire {
    if (value.isUnsizedLiteral) fail("a wire made from a literal needs a type: give it one with lit(value, type)");
    this.checkOwner(value);
    const loc = captureLoc();
    const node = this.newSignal("wire", value.type, loc, options.name);
    this.ir.signals.push(node);
    this.ir.body.push({ kind: "assign", target: node, value: value.node, loc });
    return new Wire(node, this);
  }

  /**
   * A register on the module clock with a synchronous, active-high reset to `options.reset`; a vector type
   * gives an array of them (each with that reset).
   */
  reg(type: HdlType | number, options?: RegOptions): Reg;
  reg<V extends VecType>(type: V, options?: RegOptions): Aggregate<V, Reg>;
  reg(type: HdlType | number | VecType, options: RegOptions = {}): Reg | Aggregate<VecType, Reg> {
    this.requireOpen();
    const loc = this.declarationLoc(options.name);
    const clock = this.clockOf(options.clock, "registers");
    const reset = options.reset === undefined || options.reset === null ? undefined : { to: options.reset, signal: this.resetOf(options.resetSignal) };
    if (!isVec(type)) return this.newReg(scalarType(type), loc, options.name, undefined, clock, reset);
    return buildAggregate(type, (suffix, t) => this.newReg(t, loc, options.name, suffix, clock, reset)) as Aggregate<VecType, Reg>;
  }

  private newReg(
    t: HdlType,
    loc: SourceLoc | undefined,
    name: string | undefined,
    suffix: string | undefined,
    clock: SignalNode,
    reset: { readonly to: Operand; readonly signal: SignalNode } | undefined,
  ): Reg {
    const node = this.newSignal("reg", t, loc, name, suffix);
    node.clock = clock;
    if (reset) {
      // Sized to each element's own type (the elements of a vector may differ in width).
      node.resetValue = this.resetValue(reset.to, t, loc);
      node.reset = reset.signal;
    }
    this.ir.signals.push(node);
    return new Reg(node, this);
  }

  private resetValue(value: Operand, t: HdlType, loc: SourceLoc | undefined): bigint {
    const r = sizeTo(toExpr(value), t, "reset value");
    if (r.node.kind !== "const") throw new HdlError("a register's reset value must be a constant", loc);
    if (r.width !== t.width || r.signed !== t.signed)
      throw new HdlError(`reset value of type ${typeName(r.type)} does not match the register's ${typeName(t)}`, loc);
    return r.node.value;
  }

  /**
   * A register that takes `value` at every rising edge (or only where `options.enable` is high): its type
   * is the value's. Shorthand for `reg(value.type, ...)` plus `set` (under `when(enable)`).
   */
  regNext(value: Expr, options: RegNextOptions = {}): Reg {
    if (!(value instanceof Expr) || value.isUnsizedLiteral) fail("regNext needs a typed value; give a literal a type with lit(value, type)");
    const { enable, ...regOptions } = options;
    const r = this.reg(value.type, regOptions);
    if (enable === undefined) r.set(value);
    else this.when(enable, () => r.set(value));
    return r;
  }

  private portNamed(name: string): SignalNode | undefined {
    return this.ir.ports.find((p) => p.explicitName === name && p.kind === "input");
  }

  private clockOf(clock: Signal | undefined, what: string): SignalNode {
    if (clock) {
      this.checkOwner(clock);
      if (clock.width !== 1) fail("a clock must be 1 bit");
      return clock.sig;
    }
    const clk = this.portNamed("clk");
    if (clk?.type.width !== 1) fail(`${what} need a clock: declare a 1-bit input port 'clk' or pass { clock }`);
    return clk;
  }

  private resetOf(reset: Signal | undefined): SignalNode {
    if (reset) {
      this.checkOwner(reset);
      if (reset.width !== 1) fail("a reset must be 1 bit");
      return reset.sig;
    }
    const rst = this.portNamed("rst");
    if (rst?.type.width !== 1) fail("a register with a reset value needs a reset: declare a 1-bit input port 'rst' or pass { resetSignal }");
    return rst;
  }

  /** A register file of `depth` words of `type` (contents are not reset). */
  memory(type: HdlType | number, depth: number, options: MemoryOptions = {}): Memory {
    this.requireOpen();
    const loc = captureLoc();
    if (!Number.isInteger(depth) || depth < 1) throw new HdlError(`memory depth must be a positive integer, got ${depth}`, loc);
    const mem: MemoryNode = {
      id: nextId++,
      type: scalarType(type),
      depth,
      addrWidth: clog2(depth),
      loc,
      clock: this.clockOf(options.clock, "memories"),
      explicitName: options.name,
      unused: false,
      name: "",
    };
    this.ir.memories.push(mem);
    return new Memory(this, mem);
  }

  /** Instantiates `def`; connect its inputs through `inst.io.<port>.set(...)` or `options.connect`. */
  instance<C extends PortSpecs>(def: ModuleDef<C>, options: InstanceOptions<C> = {}): Instance<C> {
    this.requireOpen();
    const loc = captureLoc();
    const child = def.elaborate();
    const inst: InstanceNode = { id: nextId++, module: child, loc, explicitName: options.name, ports: new Map(), name: "" };
    for (const port of child.ports) {
      const node = this.newSignal(port.kind === "input" ? "instIn" : "instOut", port.type, loc);
      node.instance = inst;
      // A port's explicit name is its (flattened) port name.
      const name = port.explicitName ?? "";
      node.instPort = name;
      inst.ports.set(name, node);
      this.ir.signals.push(node);
    }
    this.ir.instances.push(inst);
    const io = this.ioOf(def.ports, inst.ports);
    const connect: Readonly<Record<string, unknown>> = options.connect ?? {};
    for (const [port, value] of Object.entries(connect)) {
      if (value === undefined) continue;
      const spec = def.ports[port];
      if (spec?.dir !== "input") throw new HdlError(`module '${child.name}' has no input port '${port}'`, loc);
      this.connectAggregate(spec.type, value, port, inst, loc);
    }
    return new Instance(io as InstanceIoOf<C>, inst);
  }

  /** Assigns the child input `name` (a vector: element by element from an array) of `inst`. */
  private connectAggregate(t: ElementType, value: unknown, name: string, inst: InstanceNode, loc: SourceLoc | undefined): void {
    if (value === undefined) return;
    if (isVec(t)) {
      if (!Array.isArray(value) || value.length !== t.elements.length) {
        throw new HdlError(
          `input '${name}' of module '${inst.module.name}' is a vector of ${t.elements.length}; connect it with an array of as many values`,
          loc,
        );
      }
      t.elements.forEach((e, i) => {
        this.connectAggregate(e, value[i], `${name}_${t.suffixes[i]}`, inst, loc);
      });
      return;
    }
    const target = inst.ports.get(name);
    if (!target) throw new Error(`internal: no port '${name}' on instance of '${inst.module.name}'`);
    this.assign(target, value as Operand, loc);
  }

  /** Conditional block: statements in `body` take effect when `cond` (1 bit) is high. */
  when(cond: Operand, body: () => void): WhenChain {
    this.requireOpen();
    const loc = captureLoc();
    const stmt: Extract<Stmt, { kind: "when" }> = { kind: "when", branches: [], otherwise: undefined, loc };
    const c = this.condition(cond, "when");
    this.push(stmt);
    stmt.branches.push({ cond: c, body: this.collect(body), loc });
    return new WhenChain(this, stmt);
  }

  /** Multi-way branch on the value of `sel`; add cases with `.is(value, body)` and `.default(body)`. */
  switch(sel: Expr): SwitchChain {
    this.requireOpen();
    const loc = captureLoc();
    if (!(sel instanceof Expr) || sel.isUnsizedLiteral) fail("switch selector must be a signal or expression");
    this.checkOwner(sel);
    const stmt: Extract<Stmt, { kind: "switch" }> = { kind: "switch", sel: sel.node, cases: [], otherwise: undefined, loc };
    this.push(stmt);
    return new SwitchChain(this, stmt, new Set());
  }

  /** @internal */
  condition(cond: Operand, what: string): Expr["node"] {
    const c = sizeTo(toExpr(cond), bool, `${what} condition`);
    if (c.width !== 1) fail(`${what} condition must be 1 bit, got ${typeName(c.type)}; compare it, e.g. x.ne(0)`);
    this.checkOwner(c);
    return c.node;
  }

  /** @internal Runs `body` and returns the statements it produced. */
  collect(body: () => void): Stmt[] {
    this.requireOpen();
    const list: Stmt[] = [];
    this.stack.push(list);
    try {
      body();
    } finally {
      this.stack.pop();
    }
    return list;
  }

  /** @internal */
  push(stmt: Stmt): void {
    this.requireOpen();
    this.stack[this.stack.length - 1]!.push(stmt);
  }

  /**
   * @internal Where a statement was written. Capturing a call site costs microseconds, which adds up to
   * seconds for crossbar-sized designs, so by default only statements outside any when/switch (and the
   * when/switch themselves) record one; the emitted comment of a block then names the lines of its
   * when/switch. Diagnostics stay exact: a design error found without a location makes emission elaborate
   * the module again with every location captured (see `ModuleDef.elaboratePrecise`).
   */
  statementLoc(): SourceLoc | undefined {
    return this.preciseLocs || this.stack.length === 1 ? captureLoc() : undefined;
  }

  /** @internal Where a signal was declared: needed for its name unless it has an explicit one. */
  declarationLoc(explicitName: string | undefined): SourceLoc | undefined {
    return this.preciseLocs || explicitName === undefined ? captureLoc() : undefined;
  }

  /** @internal */
  checkOwner(e: Expr): void {
    if (e.owner && e.owner !== this) {
      fail(foreignValue(e.owner, "used", this.moduleName));
    }
  }

  /** @internal Records `target = value` at the current position (width checks run as a pass later). */
  assign(target: SignalNode, value: Operand, loc: SourceLoc | undefined): void {
    loc ??= this.statementLoc();
    if (this.closed) throw new HdlError(`module '${this.moduleName}' is already elaborated; assign inside its body function`, loc ?? captureLoc());
    if (target.kind === "input") throw new HdlError(`cannot assign input port '${target.explicitName}'`, loc ?? captureLoc());
    if (target.kind === "instOut")
      throw new HdlError(`cannot assign output '${target.instPort}' of an instance; it is driven by the instance`, loc ?? captureLoc());
    const v = toExpr(value);
    if (v.owner && v.owner !== this) throw new HdlError(foreignValue(v.owner, "assigned", this.moduleName), loc ?? captureLoc());
    this.stack[this.stack.length - 1]!.push({ kind: "assign", target, value: v.node, loc });
  }

  /** @internal */
  close(): void {
    if (this.stack.length !== 1) throw new Error("internal: unbalanced when/switch nesting");
    this.closed = true;
    closeExprIds(this.ir.exprIds);
  }
}

export type ModuleBody<S extends PortSpecs> = (m: ModuleBuilder<S>, io: IoOf<S>) => void;

/**
 * A module definition: its name, its typed ports and the function that builds its body. The port shape is
 * part of the type (`ModuleDef<S>`), so simulation handles are typed from the same declaration.
 */
export class ModuleDef<S extends PortSpecs = PortSpecs> {
  private ir: ModuleIR | undefined;
  private elaborating = false;
  // Stored loosely typed so that ModuleDef<Specific> is assignable to ModuleDef<PortSpecs>.
  // biome-ignore lint/suspicious/noExplicitAny: ModuleDef<Specific> must stay assignable to ModuleDef<PortSpecs>
  private readonly build: (m: ModuleBuilder<any>, io: any) => void;
  /** Phantom: port name -> direction, for typed DUT handles. */
  declare readonly __ports?: PortShapeOf<S>;

  /** @internal */
  constructor(
    readonly name: string,
    readonly ports: S,
    body: ModuleBody<S>,
    readonly params: Readonly<Record<string, unknown>> | undefined,
    readonly loc: SourceLoc | undefined,
  ) {
    this.build = body;
  }

  /** Runs the body once and returns the module's IR (unchecked; the passes run on emission). */
  elaborate(): ModuleIR {
    if (this.ir) return this.ir;
    if (this.elaborating) throw new HdlError(`module '${this.name}' instantiates itself`, this.loc);
    this.elaborating = true;
    try {
      this.ir = this.run(false);
      this.ir.reelaborate = () => this.run(true);
      return this.ir;
    } finally {
      this.elaborating = false;
    }
  }

  private run(preciseLocs: boolean): ModuleIR {
    const m = new ModuleBuilder(this.name, this.ports, this.params, this.loc, preciseLocs);
    this.build(m, m.io);
    m.close();
    return m.ir;
  }
}

const IDENT_RE = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Declares a module. `ports` maps port names to `input(type)` / `output(type)`; `body` builds the hardware. */
export function defineModule<const S extends PortSpecs>(name: string, ports: S, body: ModuleBody<S>): ModuleDef<S> {
  return makeModuleDef(name, ports, body, undefined, captureLoc());
}

/** @internal */
export function makeModuleDef<S extends PortSpecs>(
  name: string,
  ports: S,
  body: ModuleBody<S>,
  params: Readonly<Record<string, unknown>> | undefined,
  loc: SourceLoc | undefined,
): ModuleDef<S> {
  if (!IDENT_RE.test(name)) throw new HdlError(`module name '${name}' is not a plain identifier (letters, digits, _; starting with a letter)`, loc);
  for (const port of Object.keys(ports)) {
    if (!IDENT_RE.test(port)) throw new HdlError(`port name '${port}' of module '${name}' is not a plain identifier`, loc);
  }
  return new ModuleDef(name, ports, body, params, loc);
}

export { Instance, Memory, SwitchChain, WhenChain };
