import type { PortDirection } from "../sim/design.js";
import type { Signal, Wire } from "./signal.js";
import { bool, uint, type HdlType } from "./types.js";

export interface PortSpec<D extends PortDirection = PortDirection> {
  readonly dir: D;
  readonly type: HdlType;
}

export type PortSpecs = Readonly<Record<string, PortSpec>>;

function asType(t: HdlType | number): HdlType {
  return typeof t === "number" ? uint(t) : t;
}

/** An input port of `type` (a number means that many unsigned bits; default 1 bit). */
export function input(type: HdlType | number = bool): PortSpec<"input"> {
  return Object.freeze({ dir: "input", type: asType(type) });
}

/** An output port of `type` (a number means that many unsigned bits; default 1 bit). */
export function output(type: HdlType | number = bool): PortSpec<"output"> {
  return Object.freeze({ dir: "output", type: asType(type) });
}

/** Port name -> "input" | "output", the shape the simulation harness types DUT handles from. */
export type PortShapeOf<S extends PortSpecs> = { readonly [K in keyof S & string]: S[K]["dir"] };

/** Inside the module: inputs can be read, outputs assigned. */
export type IoOf<S extends PortSpecs> = { readonly [K in keyof S]: S[K]["dir"] extends "input" ? Signal : Wire };

/** Seen from a parent: the child's inputs are assigned by the parent, its outputs read. */
export type InstanceIoOf<S extends PortSpecs> = { readonly [K in keyof S]: S[K]["dir"] extends "input" ? Wire : Signal };
