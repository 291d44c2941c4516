import type { PortDirection } from "../sim/design.js";
import { HdlError } from "./errors.js";
import type { Operand } from "./expr.js";
import type { Signal, Wire } from "./signal.js";
import { captureLoc } from "./source-location.js";
import { bool, type HdlType } from "./types.js";
import { isVec, scalarType, vecLeaves, type Aggregate, type VecType } from "./vec.js";

/** The type of a port: a scalar (a struct included) or a vector of ports. */
export type PortType = HdlType | VecType;

/** Vectors of one `interleaved` group are flattened element by element: `x_0, shift_0, x_1, shift_1, ...`. */
export interface InterleaveGroup {
  readonly length: number;
}

export interface PortSpec<D extends PortDirection = PortDirection, T extends PortType = HdlType> {
  readonly dir: D;
  readonly type: T;
  /** Set by `interleaved`. */
  readonly group?: InterleaveGroup;
}

/** Port name -> declaration; a key whose value is absent (`...(cond ? { p } : {})`) declares no port. */
export type PortSpecs = Readonly<Record<string, PortSpec<PortDirection, PortType> | undefined>>;

type PortArg = HdlType | number;

/** An input port of `type` (a number means that many unsigned bits; default 1 bit), or a vector of input ports. */
export function input(type?: PortArg): PortSpec<"input", HdlType>;
export function input<V extends VecType>(type: V): PortSpec<"input", V>;
export function input(type: PortArg | VecType = bool): PortSpec<"input", PortType> {
  return Object.freeze({ dir: "input", type: isVec(type) ? type : scalarType(type) });
}

/** An output port of `type` (a number means that many unsigned bits; default 1 bit), or a vector of output ports. */
export function output(type?: PortArg): PortSpec<"output", HdlType>;
export function output<V extends VecType>(type: V): PortSpec<"output", V>;
export function output(type: PortArg | VecType = bool): PortSpec<"output", PortType> {
  return Object.freeze({ dir: "output", type: isVec(type) ? type : scalarType(type) });
}

/**
 * Vector ports of the same length whose elements are declared together, element by element: with
 * `interleaved({ x: input(vec(uint(8), 4)), shift: input(vec(uint(2), 4)) })` the module's ports are
 * `x_0, shift_0, x_1, shift_1, ...` (the order per-row ports read best in), while `io.x` and `io.shift`
 * are still arrays.
 */
export function interleaved<const S extends PortSpecs>(ports: S): S {
  const specs = Object.entries(ports).filter((e): e is [string, PortSpec<PortDirection, PortType>] => e[1] !== undefined);
  const first = specs[0]?.[1].type;
  const length = isVec(first) ? first.elements.length : 0;
  const group: InterleaveGroup = Object.freeze({ length });
  const out: Record<string, PortSpec<PortDirection, PortType>> = {};
  for (const [name, spec] of specs) {
    if (!isVec(spec.type)) throw new HdlError(`interleaved: port '${name}' is not a vector`, captureLoc());
    if (spec.type.elements.length !== length)
      throw new HdlError(`interleaved: port '${name}' has ${spec.type.elements.length} elements, the others ${length}`, captureLoc());
    out[name] = Object.freeze({ ...spec, group });
  }
  return out as S;
}

/** One Verilog port: `name` is the key for a scalar, `<key>_<suffix>` for a vector element. */
export interface FlatPort {
  readonly name: string;
  readonly dir: PortDirection;
  readonly type: HdlType;
}

/** The Verilog ports of `specs`, in order: keys in declaration order, vector elements in place (interleaved groups together). */
export function flattenPorts(specs: PortSpecs): FlatPort[] {
  const out: FlatPort[] = [];
  const done = new Set<InterleaveGroup>();
  const entries = Object.entries(specs).filter((e): e is [string, PortSpec<PortDirection, PortType>] => e[1] !== undefined);
  for (const [name, spec] of entries) {
    const t = spec.type;
    if (!isVec(t)) {
      out.push({ name, dir: spec.dir, type: t });
      continue;
    }
    if (!spec.group) {
      for (const leaf of vecLeaves(t)) out.push({ name: `${name}_${leaf.suffix}`, dir: spec.dir, type: leaf.type });
      continue;
    }
    if (done.has(spec.group)) continue;
    done.add(spec.group);
    const members = entries.filter(([, s]) => s.group === spec.group);
    for (let i = 0; i < spec.group.length; i++) {
      for (const [memberName, member] of members) {
        const mt = member.type as VecType;
        const e = mt.elements[i];
        const prefix = `${memberName}_${mt.suffixes[i]}`;
        if (e === undefined) continue;
        if (isVec(e)) for (const leaf of vecLeaves(e)) out.push({ name: `${prefix}_${leaf.suffix}`, dir: member.dir, type: leaf.type });
        else out.push({ name: prefix, dir: member.dir, type: e });
      }
    }
  }
  return out;
}

type AnySpec = PortSpec<PortDirection, PortType>;
type Spec<S, K extends keyof S> = NonNullable<S[K]> extends AnySpec ? NonNullable<S[K]> : never;
type Leaf<P extends AnySpec, In, Out> = P["dir"] extends "input" ? In : Out;

type FlatNames<K extends string, T> = [T] extends [VecType] ? `${K}_${string}` : K;

/**
 * Port name -> "input" | "output", the shape the simulation harness types DUT handles from (a vector's
 * elements as `<name>_<suffix>`).
 */
export type PortShapeOf<S extends PortSpecs> = { readonly [K in keyof S & string as FlatNames<K, Spec<S, K>["type"]>]: Spec<S, K>["dir"] };

/** Inside the module: inputs can be read, outputs assigned; vectors are (nested) arrays of them. */
export type IoOf<S extends PortSpecs> = { readonly [K in keyof S]: Aggregate<Spec<S, K>["type"], Leaf<Spec<S, K>, Signal, Wire>> };

/** Seen from a parent: the child's inputs are assigned by the parent, its outputs read. */
export type InstanceIoOf<S extends PortSpecs> = { readonly [K in keyof S]: Aggregate<Spec<S, K>["type"], Leaf<Spec<S, K>, Wire, Signal>> };

/** Values for a child's inputs: one operand per scalar, arrays of them for vectors. */
export type ConnectionsOf<S extends PortSpecs> = {
  readonly [K in keyof S as Spec<S, K>["dir"] extends "input" ? K : never]?: Aggregate<Spec<S, K>["type"], Operand>;
};
