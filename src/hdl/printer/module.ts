/** Prints one checked module: declarations, instances, combinational logic, registers, memory write ports. */
import { projectByTarget } from "../analysis/project.js";
import type { ModuleIR, SignalNode, Stmt } from "../ir.js";
import type { NameScope } from "../naming.js";
import { displayPath, type SourceLoc } from "../source-location.js";
import { declaration, range } from "./declaration.js";
import { constText, ExprPrinter, FunctionRegistry, mayHaveUnreadBits } from "./expr.js";
import { printFunction } from "./function.js";
import { StmtPrinter } from "./stmt.js";

/** `// src/examples/counter.ts:14, 16` for every user line that produced the statements of a block. */
export function locComment(stmts: readonly Stmt[], extra?: SourceLoc): string {
  const locs: SourceLoc[] = [];
  if (extra) locs.push(extra);
  collectLocs(stmts, locs);
  if (locs.length === 0) return "";
  const first = locs[0]!;
  if (locs.every((l) => l.file === first.file)) {
    const lines = [...new Set(locs.map((l) => l.line))].sort((a, b) => a - b);
    return `// ${displayPath(first.file)}:${lines.join(", ")}`;
  }
  const byFile = new Map<string, Set<number>>();
  for (const loc of locs) {
    const f = displayPath(loc.file);
    let lines = byFile.get(f);
    if (!lines) {
      lines = new Set();
      byFile.set(f, lines);
    }
    lines.add(loc.line);
  }
  const parts: string[] = [];
  for (const [f, lines] of byFile) parts.push(`${f}:${[...lines].sort((a, b) => a - b).join(", ")}`);
  return `// ${parts.join("; ")}`;
}

function collectLocs(stmts: readonly Stmt[], out: SourceLoc[]): void {
  for (const s of stmts) {
    if (s.loc) out.push(s.loc);
    if (s.kind === "when") {
      for (const b of s.branches) collectLocs(b.body, out);
      if (s.otherwise) collectLocs(s.otherwise, out);
    } else if (s.kind === "switch") {
      for (const c of s.cases) collectLocs(c.body, out);
      if (s.otherwise) collectLocs(s.otherwise, out);
    }
  }
}

function isContinuous(stmts: readonly Stmt[]): boolean {
  return stmts.length === 1 && stmts[0]!.kind === "assign";
}

export interface PrintedModule {
  readonly ports: string;
  readonly body: string;
  /** Intermediate values the user named with `Expr.named`, as emitted wires. */
  readonly named: readonly { readonly name: string; readonly width: number; readonly signed: boolean }[];
  /** Instance inputs connected in the port map directly: no net of the module carries their name. */
  readonly inlined: ReadonlySet<SignalNode>;
}

export function printModule(ir: ModuleIR, scope: NameScope): PrintedModule {
  const byTarget = projectByTarget(ir);
  const functions = new FunctionRegistry(scope);
  const exprs = ExprPrinter.forModule(ir, scope, functions);
  const comb = new StmtPrinter(exprs, "=");
  const seq = new StmtPrinter(exprs, "<=");
  const procedural = new Set<SignalNode>();
  const logic: string[] = [];

  // An instance input assigned once, unconditionally, is connected in the port map directly.
  const inlined = new Set<SignalNode>();
  for (const inst of ir.instances) {
    for (const sig of inst.ports.values()) {
      const stmts = byTarget.get(sig);
      if (sig.kind === "instIn" && !sig.unused && stmts && isContinuous(stmts)) inlined.add(sig);
    }
  }

  // Instances first: they are the structure a reader looks for.
  for (const inst of ir.instances) {
    const c = locComment(
      [...inst.ports.values()].filter((s) => inlined.has(s)).flatMap((s) => byTarget.get(s)!),
      inst.loc,
    );
    if (c) logic.push(`  ${c}`);
    logic.push(`  ${inst.module.name} ${inst.name} (`);
    const conns = [...inst.ports].map(([port, sig]) => {
      const value = inlined.has(sig) ? exprs.print((byTarget.get(sig)![0] as Extract<Stmt, { kind: "assign" }>).value) : sig.name;
      return `    .${port}(${value})`;
    });
    logic.push(conns.join(",\n"), "  );", "");
  }

  for (const s of [...ir.ports, ...ir.signals]) {
    if (s.kind === "reg" || inlined.has(s)) continue;
    const stmts = byTarget.get(s);
    if (!stmts) continue;
    const c = locComment(stmts);
    if (c) logic.push(`  ${c}`);
    if (isContinuous(stmts)) {
      const a = stmts[0] as Extract<Stmt, { kind: "assign" }>;
      logic.push(`  assign ${s.name} = ${exprs.print(a.value)};`, "");
    } else {
      procedural.add(s);
      logic.push("  always @* begin");
      exprs.inCombBlock = true;
      comb.print(stmts, "    ", logic);
      exprs.inCombBlock = false;
      logic.push("  end", "");
    }
  }

  for (const s of ir.signals) {
    if (s.kind !== "reg") continue;
    const stmts = byTarget.get(s)!;
    const c = locComment(stmts, s.loc);
    if (c) logic.push(`  ${c}`);
    logic.push(`  always @(posedge ${s.clock!.name}) begin`);
    if (s.resetValue !== undefined) {
      logic.push(`    if (${s.reset!.name}) begin`, `      ${s.name} <= ${constText(s.type.width, s.resetValue)};`, "    end else begin");
      seq.print(stmts, "      ", logic);
      logic.push("    end");
    } else {
      seq.print(stmts, "    ", logic);
    }
    logic.push("  end", "");
  }

  for (const m of ir.memories) {
    const stmts = byTarget.get(m)!;
    const c = locComment(stmts);
    if (c) logic.push(`  ${c}`);
    logic.push(`  always @(posedge ${m.clock.name}) begin`);
    seq.print(stmts, "    ", logic);
    logic.push("  end", "");
  }

  // Declarations come last in the printing order (temporaries are discovered while printing logic) but
  // first in the file.
  const ports = ir.ports.map((p, i) => {
    const kind = p.kind === "input" ? "input  wire" : procedural.has(p) ? "output reg " : "output wire";
    const line = `  ${kind} ${range(p.type.width)}${p.name}${i === ir.ports.length - 1 ? "" : ","}`;
    return p.unused && p.kind === "input" ? declaration("  ", line.trimStart(), true) : line;
  });

  const decls: string[] = [];
  const declare = (text: string, unused: boolean): void => {
    decls.push(declaration("  ", text, unused));
  };
  for (const s of ir.signals) {
    if (inlined.has(s)) continue;
    const isReg = s.kind === "reg" || procedural.has(s);
    declare(`${isReg ? "reg " : "wire"} ${range(s.type.width)}${s.name};`, s.unused && s.kind !== "instIn");
  }
  for (const m of ir.memories) {
    declare(`reg  ${range(m.type.width)}${m.name} [0:${m.depth - 1}];`, m.unused);
  }
  for (const t of exprs.temps) declare(`wire ${range(t.width)}${t.name};`, mayHaveUnreadBits(t));

  // Functions the logic calls, each defined once; iterating the map also reaches the functions registered
  // while earlier ones are printed (calls inside function bodies).
  const definitions: string[] = [];
  for (const [fn, name] of functions.names) definitions.push(...printFunction(fn, name, scope, functions), "");
  const tempAssigns = exprs.temps.map((t) => `  assign ${t.name} = ${t.text};`);

  const body = [
    ...(decls.length ? [...decls, ""] : []),
    ...definitions,
    ...(tempAssigns.length ? ["  // Intermediate values", ...tempAssigns, ""] : []),
    ...logic,
  ];
  while (body.length && body[body.length - 1] === "") body.pop();
  const named = exprs.temps.filter((t) => t.named).map((t) => ({ name: t.name, width: t.width, signed: t.signed }));
  return { ports: ports.join("\n"), body: body.join("\n"), named, inlined };
}
