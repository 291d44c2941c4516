/**
 * Generators: a function of a frozen, typed parameter object that returns a module definition. The module
 * name derives from the parameters (readable when short, a short hash otherwise); the same parameters give
 * the same `ModuleDef`, so identical elaborations are built and emitted once.
 */
import { hashParts } from "../util/hash.js";
import { HdlError } from "./errors.js";
import { makeModuleDef, type ModuleBuilder, type ModuleDef } from "./module.js";
import type { IoOf, PortSpecs } from "./ports.js";
import { captureLoc } from "./source-location.js";

export type ParamValue = number | string | boolean | bigint | readonly ParamValue[] | { readonly [k: string]: ParamValue };
export type GeneratorParams = { readonly [k: string]: ParamValue };

const MAX_READABLE_NAME = 48;

/** Canonical text of a parameter object: keys sorted, bigints marked, so equal parameters give equal keys. */
export function canonicalParams(v: ParamValue): string {
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "number" || typeof v === "boolean") return JSON.stringify(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalParams).join(",")}]`;
  const o = v as { readonly [k: string]: ParamValue };
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalParams(o[k]!)}`)
    .join(",")}}`;
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object") {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/** `Array.isArray` as a guard that also recognizes readonly arrays. */
function isList(v: ParamValue): v is readonly ParamValue[] {
  return Array.isArray(v);
}

function cloneValue(v: ParamValue): ParamValue {
  if (typeof v !== "object") return v;
  return isList(v) ? v.map(cloneValue) : cloneParams(v);
}

/** A deep copy of a parameter object (the caller's object stays the caller's). */
function cloneParams<P extends GeneratorParams>(params: P): P {
  const out: Record<string, ParamValue> = {};
  for (const [k, x] of Object.entries(params)) out[k] = cloneValue(x);
  return out as P;
}

/** Checks that a generator's parameter object is plain data (see `ParamValue`). */
function validateParams<P>(params: P): asserts params is P & GeneratorParams {
  if (!params || typeof params !== "object" || Array.isArray(params)) throw new HdlError("generator parameters must be a plain object", captureLoc());
  validate(params, "params");
}

function validate(v: unknown, path: string): void {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new HdlError(`generator parameter ${path} must be a finite number`, captureLoc());
  } else if (typeof v === "string" || typeof v === "boolean" || typeof v === "bigint") {
    return;
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => {
      validate(x, `${path}[${i}]`);
    });
  } else if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    for (const [k, x] of Object.entries(v)) validate(x, `${path}.${k}`);
  } else {
    throw new HdlError(`generator parameter ${path} must be a number, string, boolean, bigint, array or plain object`, captureLoc());
  }
}

/** `popcount_width16` from ("popcount", { width: 16 }); `popcount_3f9a1c2b` when that would be long or odd. */
export function moduleNameFor(base: string, params: GeneratorParams): string {
  const parts = Object.keys(params)
    .sort()
    .map((k) => {
      const v = params[k]!;
      const text = typeof v === "boolean" ? (v ? "1" : "0") : typeof v === "object" ? undefined : String(v);
      return text === undefined ? undefined : `${k}${text}`;
    });
  const readable = [base, ...parts].join("_");
  if (parts.every((p) => p !== undefined && /^[A-Za-z0-9]+$/.test(p)) && readable.length <= MAX_READABLE_NAME) return readable;
  return `${base}_${hashParts([canonicalParams(params)]).slice(0, 8)}`;
}

export type GeneratorBody<P, S extends PortSpecs> = (m: ModuleBuilder<S>, io: IoOf<S>, params: P) => void;

export interface Generator<P extends object, S extends PortSpecs> {
  (params: P): ModuleDef<S>;
  readonly baseName: string;
}

/**
 * Declares a generator. `ports(params)` gives the port declarations, `body(m, io, params)` builds the
 * hardware; calling the generator with parameters returns the (cached) module definition. Parameters
 * (an interface or object type) are checked at run time to be plain data (see `ParamValue`).
 */
export function defineGenerator<const P extends object, const S extends PortSpecs>(
  baseName: string,
  ports: (params: P) => S,
  body: GeneratorBody<P, S>,
  options: { readonly name?: (params: P) => string } = {},
): Generator<P, S> {
  const loc = captureLoc();
  const cache = new Map<string, ModuleDef<S>>();
  const gen = (params: P): ModuleDef<S> => {
    validateParams(params);
    const key = canonicalParams(params);
    let def = cache.get(key);
    if (!def) {
      const frozen = deepFreeze(cloneParams(params));
      const name = options.name ? options.name(frozen) : moduleNameFor(baseName, frozen);
      def = makeModuleDef(name, ports(frozen), (m, io) => body(m, io, frozen), frozen, loc);
      cache.set(key, def);
    }
    return def;
  };
  return Object.assign(gen, { baseName });
}
