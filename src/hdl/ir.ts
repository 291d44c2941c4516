/**
 * The typed intermediate representation the builder produces and the passes and printer consume.
 * Plain data: widths are resolved when a node is built (so users can read `.width` while building);
 * names are resolved later by the naming pass.
 */
import type { SourceLoc } from "./source-location.js";
import type { HdlType } from "./types.js";

/** `arg`: an argument of a function ({@link FunctionIR}), read only inside the function's body. */
export type SignalKind = "input" | "output" | "wire" | "reg" | "instIn" | "instOut" | "arg";

export interface SignalNode {
  readonly id: number;
  readonly kind: SignalKind;
  readonly type: HdlType;
  /** Where it was declared (for ports: where the module was defined). */
  readonly loc: SourceLoc | undefined;
  /** A name given explicitly (port name, `{ name }` option); wins over the declaration's variable name. */
  explicitName: string | undefined;
  /** For an element of a vector wire or register: `<index>` (or the vector's own suffix), appended as `<name>_<suffix>`. */
  readonly nameSuffix: string | undefined;
  /** For registers: reset value (undefined: no reset), clock and reset signals. */
  resetValue: bigint | undefined;
  clock: SignalNode | undefined;
  reset: SignalNode | undefined;
  /** For instance port signals. */
  instance: InstanceNode | undefined;
  instPort: string | undefined;
  /** The user declared that (some of) this signal's bits are intentionally never read. */
  unused: boolean;
  /** Verilog name, set by the naming pass. */
  name: string;
}

export interface MemoryNode {
  readonly id: number;
  readonly type: HdlType;
  readonly depth: number;
  readonly addrWidth: number;
  readonly loc: SourceLoc | undefined;
  readonly clock: SignalNode;
  explicitName: string | undefined;
  unused: boolean;
  name: string;
}

export interface InstanceNode {
  readonly id: number;
  readonly module: ModuleIR;
  readonly loc: SourceLoc | undefined;
  explicitName: string | undefined;
  /** Child port name -> the parent-side signal connected to it (instIn: driven by the parent). */
  readonly ports: Map<string, SignalNode>;
  name: string;
}

export type UnaryOp = "not" | "neg" | "andr" | "orr" | "xorr";
export type BinaryOp = "add" | "sub" | "mul" | "and" | "or" | "xor" | "eq" | "ne" | "lt" | "le" | "gt" | "ge";

let lastExprId = 0;

/** A new expression node id: ids are unique and increase in creation order. */
export function exprId(): number {
  return ++lastExprId;
}

/**
 * The expression node ids handed out while a module's body (or a function's) was built: `[first, end)`.
 * Traversals keep per-node tables in arrays indexed by `id - first`, and look up the few nodes built
 * elsewhere (shared constants) in a map.
 */
export interface ExprIdRange {
  readonly first: number;
  end: number;
}

/** Starts the range of the ids created from now on; `closeExprIds` ends it. */
export function openExprIds(): ExprIdRange {
  return { first: lastExprId + 1, end: lastExprId + 1 };
}

export function closeExprIds(range: ExprIdRange): void {
  range.end = lastExprId + 1;
}

/**
 * An expression node, identified by `id`. Names the user gave values with `Expr.named` are kept beside the
 * nodes (`valueName` in value-names.ts), not in them.
 */
export type ExprNode =
  | { readonly id: number; readonly kind: "ref"; readonly type: HdlType; readonly signal: SignalNode }
  | { readonly id: number; readonly kind: "const"; readonly type: HdlType; readonly value: bigint; readonly sized: boolean }
  | { readonly id: number; readonly kind: "unary"; readonly type: HdlType; readonly op: UnaryOp; readonly a: ExprNode }
  /** Operands of a binary node always have the same width (the builder inserts explicit extensions). */
  | {
      readonly id: number;
      readonly kind: "binary";
      readonly type: HdlType;
      readonly op: BinaryOp;
      readonly a: ExprNode;
      readonly b: ExprNode;
      readonly signedOp: boolean;
    }
  /** Shift left/right by a constant or by an unsigned signal; `arith` for a signed right shift. */
  | {
      readonly id: number;
      readonly kind: "shift";
      readonly type: HdlType;
      readonly dir: "left" | "right";
      readonly a: ExprNode;
      readonly amount: number | ExprNode;
      readonly arith: boolean;
    }
  | { readonly id: number; readonly kind: "slice"; readonly type: HdlType; readonly a: ExprNode; readonly hi: number; readonly lo: number }
  | { readonly id: number; readonly kind: "index"; readonly type: HdlType; readonly a: ExprNode; readonly index: ExprNode }
  /** Parts from most significant to least significant, as in Verilog. */
  | { readonly id: number; readonly kind: "cat"; readonly type: HdlType; readonly parts: readonly ExprNode[] }
  | { readonly id: number; readonly kind: "mux"; readonly type: HdlType; readonly sel: ExprNode; readonly whenTrue: ExprNode; readonly whenFalse: ExprNode }
  /** Zero or sign extension to `type.width` (> the operand's width). */
  | { readonly id: number; readonly kind: "ext"; readonly type: HdlType; readonly a: ExprNode; readonly sign: boolean }
  /** Reinterpretation with the same width and another signedness. */
  | { readonly id: number; readonly kind: "cast"; readonly type: HdlType; readonly a: ExprNode }
  | { readonly id: number; readonly kind: "memread"; readonly type: HdlType; readonly memory: MemoryNode; readonly addr: ExprNode }
  /** A call of a combinational function; `args[i]` has exactly the type of `fn.args[i]`. */
  | { readonly id: number; readonly kind: "call"; readonly type: HdlType; readonly fn: FunctionIR; readonly args: readonly ExprNode[] };

/**
 * A combinational function: a result expression over argument signals (kind `arg`) and constants only.
 * Printed once inside each module that calls it, its shared subexpressions become the function's local
 * variables rather than module-level wires.
 */
export interface FunctionIR {
  readonly id: number;
  /** The name the user gave; the printed name is made unique within each calling module. */
  readonly name: string;
  readonly args: readonly SignalNode[];
  readonly result: ExprNode;
  readonly loc: SourceLoc | undefined;
  /** The ids of the nodes the body built. */
  readonly exprIds: ExprIdRange;
}

export type Stmt =
  | { readonly kind: "assign"; readonly target: SignalNode; value: ExprNode; readonly loc: SourceLoc | undefined }
  | { readonly kind: "memwrite"; readonly memory: MemoryNode; readonly addr: ExprNode; readonly data: ExprNode; readonly loc: SourceLoc | undefined }
  | { readonly kind: "when"; readonly branches: WhenBranch[]; otherwise: Stmt[] | undefined; readonly loc: SourceLoc | undefined }
  | { readonly kind: "switch"; readonly sel: ExprNode; readonly cases: SwitchCase[]; otherwise: Stmt[] | undefined; readonly loc: SourceLoc | undefined };

export interface WhenBranch {
  readonly cond: ExprNode;
  readonly body: Stmt[];
  readonly loc: SourceLoc | undefined;
}

export interface SwitchCase {
  readonly values: bigint[];
  readonly body: Stmt[];
  readonly loc: SourceLoc | undefined;
}

export interface ModuleIR {
  readonly name: string;
  /** The generator parameters this module was elaborated from (printed in the file header). */
  readonly params: Readonly<Record<string, unknown>> | undefined;
  readonly loc: SourceLoc | undefined;
  /** Ports in declaration order. */
  readonly ports: SignalNode[];
  /** Wires, registers and instance-port signals, in declaration order. */
  readonly signals: SignalNode[];
  readonly memories: MemoryNode[];
  readonly instances: InstanceNode[];
  readonly body: Stmt[];
  /** The ids of the expression nodes built while the body ran (a child's, built in between, included). */
  readonly exprIds: ExprIdRange;
  /** Builds this module again with every statement's location captured (for exact diagnostics). */
  reelaborate?: () => ModuleIR;
}

/** Whether the signal is driven by clocked statements (registers) rather than combinational ones. */
export function isSequential(s: SignalNode): boolean {
  return s.kind === "reg";
}
