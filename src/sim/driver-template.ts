import { readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import { UserError } from "../util/errors.js";
import { templatesDir } from "../util/paths.js";
import type { SimDesign } from "./design.js";

export type WaveFormat = "vcd" | "fst";

export const driverTemplatePath = join(templatesDir, "sim-driver.cpp.hbs");

let compiled: { text: string; render: HandlebarsTemplateDelegate } | undefined;

/** The driver template's text (part of the build-cache key). */
export function driverTemplateText(): string {
  return load().text;
}

function load(): { text: string; render: HandlebarsTemplateDelegate } {
  if (!compiled) {
    const text = readFileSync(driverTemplatePath, "utf8");
    compiled = { text, render: Handlebars.compile(text, { noEscape: true, strict: true }) };
  }
  return compiled;
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An internal signal of the top module made readable (its Verilog name and width). */
export interface InternalSignal {
  readonly name: string;
  readonly width: number;
  readonly signed: boolean;
}

/**
 * Renders the C++ driver for a design: a port table in declaration order, then any internal signals (indices
 * continue after the ports), and optionally wave tracing.
 */
export function renderDriver(design: SimDesign, clock: string | undefined, waves: WaveFormat | undefined, internals: readonly InternalSignal[] = []): string {
  for (const signal of internals) {
    if (!identifier.test(signal.name) || signal.name.includes("__")) {
      throw new UserError(`internal signal "${signal.name}" of ${design.top} cannot be addressed (plain identifiers without "__" only)`);
    }
  }
  for (const port of design.ports) {
    if (!identifier.test(port.name)) {
      throw new UserError(`port name "${port.name}" of ${design.top} is not a plain identifier; the simulator cannot address it`);
    }
  }
  return load().render({
    ports: design.ports.map((p) => ({ name: p.name, width: p.width, input: p.direction === "input" })),
    internals: internals.map((s) => ({ name: s.name, width: s.width, cname: `${design.top}__DOT__${s.name}` })),
    clock: clock ?? false,
    trace: waves !== undefined,
    traceVcd: waves === "vcd",
    traceFst: waves === "fst",
    traceClass: waves === "fst" ? "VerilatedFstC" : "VerilatedVcdC",
  });
}
