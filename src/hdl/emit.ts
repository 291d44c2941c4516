/**
 * Emission: elaborate a module and everything it instantiates, run the passes bottom-up, print one Verilog
 * file per module (each distinct module once), and describe the result for the simulator.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import type { PortInfo, SimDesign, VerilogFile } from "../sim/design.js";
import { writeDirAtomic } from "../util/atomic-dir.js";
import { projectRoot, templatesDir } from "../util/paths.js";
import { HdlError } from "./errors.js";
import { canonicalParams, type ParamValue } from "./generator.js";
import type { ModuleIR, SignalKind } from "./ir.js";
import type { ModuleDef } from "./module.js";
import { checkModule } from "./passes/index.js";
import type { PortShapeOf, PortSpecs } from "./ports.js";
import { printModule, type PrintedModule } from "./printer/module.js";
import { displayPath, formatLoc } from "./source-location.js";

let frame: Handlebars.TemplateDelegate | undefined;
let version: string | undefined;

function moduleFrame(): Handlebars.TemplateDelegate {
  frame ??= Handlebars.compile(readFileSync(join(templatesDir, "verilog-module.hbs"), "utf8"), { noEscape: true, strict: true });
  return frame;
}

export function generatorVersion(): string {
  version ??= (JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { version: string }).version;
  return version;
}

interface Printed {
  readonly text: string;
  readonly named: PrintedModule["named"];
  readonly inlined: PrintedModule["inlined"];
}

const printed = new WeakMap<ModuleIR, Printed>();

/** Checks and prints one module whose children are already checked; the text is cached per module. */
function printChecked(ir: ModuleIR): Printed {
  const cached = printed.get(ir);
  if (cached !== undefined) return cached;
  const scope = checkWithExactLocations(ir);
  const { ports, body, named, inlined } = printModule(ir, scope);
  const params = Object.entries(ir.params ?? {}).map(([key, value]) => ({ key, value: canonicalParams(value as ParamValue) }));
  const text = moduleFrame()({
    version: generatorVersion(),
    source: ir.loc ? displayPath(ir.loc.file) : "(unknown source)",
    name: ir.name,
    params,
    ports,
    body,
  });
  const result = { text, named, inlined };
  printed.set(ir, result);
  return result;
}

/**
 * Runs the passes. Modules are elaborated capturing only some locations (see
 * `ModuleBuilder.statementLoc`); when a pass reports an error, the module is elaborated again with every
 * location captured and checked again, so the message points at the exact line.
 */
function checkWithExactLocations(ir: ModuleIR): ReturnType<typeof checkModule> {
  try {
    return checkModule(ir);
  } catch (err) {
    if (!(err instanceof HdlError) || !ir.reelaborate) throw err;
    let precise: ModuleIR;
    try {
      precise = ir.reelaborate();
      checkModule(precise);
    } catch (again) {
      // The same design, built again: its first error is the same one, now with exact locations (the
      // message may add detail that needed them, such as the line of an earlier driver).
      if (again instanceof HdlError) throw again;
      throw err;
    }
    throw err;
  }
}

/** Modules in the hierarchy below and including `top`, children before parents, each once. */
export function hierarchy(top: ModuleIR): ModuleIR[] {
  const order: ModuleIR[] = [];
  const seen = new Set<ModuleIR>();
  const visit = (ir: ModuleIR): void => {
    if (seen.has(ir)) return;
    seen.add(ir);
    for (const inst of ir.instances) visit(inst.module);
    order.push(ir);
  };
  visit(top);
  return order;
}

export interface EmittedModule {
  readonly name: string;
  readonly file: string;
  readonly text: string;
}

export interface EmittedDesign {
  readonly top: string;
  /** Top module last; children before the modules that instantiate them. */
  readonly modules: readonly EmittedModule[];
}

/** Elaborates, checks and prints `def` and every module below it. Throws HdlError on any design error. */
export function emitVerilog(def: ModuleDef<PortSpecs>): EmittedDesign {
  const top = def.elaborate();
  const byName = new Map<string, EmittedModule>();
  const modules: EmittedModule[] = [];
  for (const ir of hierarchy(top)) {
    const { text } = printChecked(ir);
    const known = byName.get(ir.name);
    if (known) {
      // Identical elaborations under the same name are one module; different ones are a naming clash.
      if (known.text !== text) {
        throw new HdlError(`two different modules are both named '${ir.name}'; give generators distinct names or parameters`, ir.loc);
      }
      continue;
    }
    const m = { name: ir.name, file: `${ir.name}.v`, text };
    byName.set(ir.name, m);
    modules.push(m);
  }
  return { top: top.name, modules };
}

/** Writes one `.v` per module into `dir` (replacing the folder atomically); returns the file names. */
export async function writeVerilog(def: ModuleDef<PortSpecs>, dir: string, extra: ReadonlyMap<string, string> = new Map()): Promise<string[]> {
  const design = emitVerilog(def);
  const files = new Map<string, string>(extra);
  for (const m of design.modules) files.set(m.file, m.text);
  await writeDirAtomic(dir, files);
  return design.modules.map((m) => m.file);
}

export interface SignalInfo {
  /** Verilog name inside the top module (instance inputs connected directly in the port map have none and are not listed). */
  readonly verilogName: string;
  readonly kind: SignalKind | "memory" | "named";
  readonly width: number;
  readonly signed: boolean;
  /** `file:line` of the TypeScript declaration. */
  readonly declaredAt: string | undefined;
}

/** A `SimDesign` produced by the DSL: also lists the top module's internal signals by Verilog name. */
export interface HdlSimDesign<P extends PortShapeOf<PortSpecs>> extends SimDesign<P> {
  readonly signals: readonly SignalInfo[];
}

/**
 * What the simulation harness needs: the Verilog of `def` and everything it instantiates (each once), the
 * top-level ports, and the signal -> Verilog name map. The port shape `P` comes from `def`'s declaration.
 */
export function toSimDesign<S extends PortSpecs>(def: ModuleDef<S>): HdlSimDesign<PortShapeOf<S>> {
  const design = emitVerilog(def);
  const ir = def.elaborate();
  const { named, inlined } = printChecked(ir);
  const files: VerilogFile[] = design.modules.map((m) => ({ name: m.file, text: m.text }));
  const ports: PortInfo[] = ir.ports.map((p) => ({
    name: p.name,
    direction: p.kind === "input" ? "input" : "output",
    width: p.type.width,
    signed: p.type.signed,
  }));
  const signals: SignalInfo[] = [
    ...ir.signals
      .filter((s) => !inlined.has(s))
      .map((s) => ({ verilogName: s.name, kind: s.kind, width: s.type.width, signed: s.type.signed, declaredAt: s.loc && formatLoc(s.loc) })),
    ...ir.memories.map((m) => ({
      verilogName: m.name,
      kind: "memory" as const,
      width: m.type.width,
      signed: m.type.signed,
      declaredAt: m.loc && formatLoc(m.loc),
    })),
    ...named.map((v) => ({ verilogName: v.name, kind: "named" as const, width: v.width, signed: v.signed, declaredAt: undefined })),
  ];
  return { top: design.top, files, ports, signals };
}
