/**
 * Readable Verilog names: the name of the TypeScript variable or field a signal was declared in (read with
 * ts-morph at the declaration's call site), reserved words escaped in one place, collisions given stable
 * numeric suffixes.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Node as TsNode, Project, SourceFile } from "ts-morph";
import type { SourceLoc } from "./source-location.js";

// Verilog-2005 and SystemVerilog keywords (the emitted code must also read as SystemVerilog in Verilator),
// plus C++ keywords Verilator warns about (SYMRSVDWORD) because they become C++ identifiers.
const RESERVED = new Set(
  (
    "always and assign automatic begin buf bufif0 bufif1 case casex casez cell cmos config deassign default defparam design " +
    "disable edge else end endcase endconfig endfunction endgenerate endmodule endprimitive endspecify endtable endtask event " +
    "for force forever fork function generate genvar highz0 highz1 if ifnone incdir include initial inout input instance " +
    "integer join large liblist library localparam macromodule medium module nand negedge nmos nor noshowcancelled not notif0 " +
    "notif1 or output parameter pmos posedge primitive pull0 pull1 pulldown pullup pulsestyle_ondetect pulsestyle_onevent " +
    "rcmos real realtime reg release repeat rnmos rpmos rtran rtranif0 rtranif1 scalared showcancelled signed small specify " +
    "specparam strong0 strong1 supply0 supply1 table task time tran tranif0 tranif1 tri tri0 tri1 triand trior trireg unsigned " +
    "use uwire vectored wait wand weak0 weak1 while wire wor xnor xor " +
    "alias always_comb always_ff always_latch assert assume before bind bins binsof bit break byte chandle checker class " +
    "clocking const constraint context continue cover covergroup coverpoint cross dist do endchecker endclass endclocking " +
    "endgroup endinterface endpackage endprogram endproperty endsequence enum expect export extends extern final first_match " +
    "foreach forkjoin global iff ignore_bins illegal_bins import inside int interface intersect join_any join_none local " +
    "logic longint matches modport new null package packed priority program property protected pure rand randc randcase " +
    "randsequence ref restrict return sequence shortint shortreal solve static string struct super tagged this throughout " +
    "timeprecision timeunit type typedef union unique unique0 var virtual void wait_order wildcard with within " +
    "asm auto bool catch char const_cast delete double dynamic_cast explicit false float friend goto inline long mutable " +
    "namespace operator private public register reinterpret_cast short sizeof static_cast switch template throw true try " +
    "typeid typename unsigned using volatile wchar_t clk_t"
  ).split(/\s+/),
);

export function isReserved(name: string): boolean {
  return RESERVED.has(name);
}

/** Turns any string into a legal, non-reserved Verilog identifier (the one place names are escaped). */
export function toIdentifier(raw: string): string {
  let s = raw.replace(/[^A-Za-z0-9_]/g, "_");
  if (!/^[A-Za-z_]/.test(s)) s = `n_${s}`;
  // Verilator reserves names starting with "__" for itself.
  s = s.replace(/^__+/, "_");
  if (RESERVED.has(s)) s = `${s}_`;
  return s;
}

/** Hands out unique names within one module: the first `x` stays `x`, later ones become `x_1`, `x_2`, ... */
export class NameScope {
  private readonly used = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();

  reserve(name: string): boolean {
    if (this.used.has(name)) return false;
    this.used.add(name);
    return true;
  }

  unique(base: string): string {
    if (this.reserve(base)) return base;
    let n = this.nextSuffix.get(base) ?? 1;
    while (this.used.has(`${base}_${n}`)) n++;
    this.nextSuffix.set(base, n + 1);
    const name = `${base}_${n}`;
    this.used.add(name);
    return name;
  }
}

// ts-morph (with its bundled TypeScript) takes about a second to load: load it only when a name is needed.
type TsMorph = typeof import("ts-morph");
let tsMorph: TsMorph | undefined;
function morph(): TsMorph {
  tsMorph ??= createRequire(import.meta.url)("ts-morph") as TsMorph;
  return tsMorph;
}

let project: Project | undefined;
const files = new Map<string, SourceFile | null>();
const names = new Map<string, string | null>();

function sourceFile(path: string): SourceFile | null {
  let sf = files.get(path);
  if (sf !== undefined) return sf;
  try {
    project ??= new (morph().Project)({
      useInMemoryFileSystem: false,
      skipAddingFilesFromTsConfig: true,
      skipFileDependencyResolution: true,
      compilerOptions: { allowJs: true },
    });
    sf = project.createSourceFile(`${path}.__hdl_names.ts`, readFileSync(path, "utf8"), { overwrite: true });
  } catch {
    sf = null;
  }
  files.set(path, sf);
  return sf;
}

function nameOfBinding(node: TsNode): string | undefined {
  const { Node } = morph();
  if (Node.isIdentifier(node) || Node.isPrivateIdentifier(node)) return node.getText().replace(/^#/, "");
  if (Node.isStringLiteral(node) || Node.isNumericLiteral(node)) return node.getLiteralText();
  return undefined;
}

/** The name a value written at `pos` is stored under: variable, property, field, or assignment target. */
function bindingName(start: TsNode): string | undefined {
  const { Node, SyntaxKind } = morph();
  let node: TsNode | undefined = start;
  // From the token at the call site, climb to the outermost expression the call is part of.
  while (node) {
    const parent: TsNode | undefined = node.getParent();
    if (!parent) return undefined;
    if (Node.isVariableDeclaration(parent)) return nameOfBinding(parent.getNameNode());
    if (Node.isPropertyAssignment(parent) || Node.isPropertyDeclaration(parent)) return nameOfBinding(parent.getNameNode());
    if (Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
      const left = parent.getLeft();
      if (Node.isPropertyAccessExpression(left)) return left.getName();
      if (Node.isElementAccessExpression(left)) return bindingName(left.getExpression().getLastToken() ?? left) ?? nameOfLeft(left.getExpression());
      if (Node.isIdentifier(left)) return left.getText();
      return undefined;
    }
    if (
      Node.isBlock(parent) ||
      Node.isSourceFile(parent) ||
      Node.isFunctionDeclaration(parent) ||
      Node.isMethodDeclaration(parent) ||
      Node.isExpressionStatement(parent) ||
      Node.isReturnStatement(parent)
    ) {
      return undefined;
    }
    node = parent;
  }
  return undefined;
}

function nameOfLeft(e: TsNode): string | undefined {
  const { Node } = morph();
  if (Node.isIdentifier(e)) return e.getText();
  if (Node.isPropertyAccessExpression(e)) return e.getName();
  return undefined;
}

/**
 * The TypeScript name a signal declared at `loc` was assigned to (`const count = m.reg(...)` gives
 * `count`), or undefined when the call is not directly stored under a name. Cached per call site.
 */
export function declarationName(loc: SourceLoc | undefined): string | undefined {
  if (!loc) return undefined;
  const key = `${loc.file}:${loc.line}:${loc.column}`;
  const cached = names.get(key);
  if (cached !== undefined) return cached ?? undefined;
  let result: string | undefined;
  const sf = sourceFile(loc.file);
  if (sf) {
    try {
      const pos = sf.compilerNode.getPositionOfLineAndCharacter(loc.line - 1, Math.max(0, loc.column - 1));
      const token = sf.getDescendantAtPos(pos);
      if (token) result = bindingName(token);
    } catch {
      result = undefined;
    }
  }
  names.set(key, result ?? null);
  return result;
}
