/**
 * General bundles: a group of ports sharing a prefix (`prog_valid`, `prog_ready`, `prog_data`, ...),
 * declared once, flipped for the other end (`flipPorts`), viewed as an object of fields, and connected
 * field by field with one checked call. Streams (`stream.ts`) are the valid/ready special case.
 */
import { HdlError } from "./errors.js";
import type { PortSpecs } from "./ports.js";
import { Signal, Wire } from "./signal.js";
import { captureLoc, type SourceLoc } from "./source-location.js";
import { typeName } from "./types.js";

/** `{ valid: input(), data: input(8) }` with prefix "prog" -> `{ prog_valid, prog_data }` (typed keys). */
export function bundlePorts<const P extends string, const F extends PortSpecs>(
  prefix: P,
  fields: F,
): { readonly [K in keyof F & string as `${P}_${K}`]: F[K] } {
  const out: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(fields)) out[`${prefix}_${k}`] = spec;
  return out as { readonly [K in keyof F & string as `${P}_${K}`]: F[K] };
}

type FieldsOf<IO, P extends string> = { readonly [K in keyof IO & string as K extends `${P}_${infer F}` ? F : never]: IO[K] };

/** The fields `<prefix>_*` of an io object (a module's `io` or an instance's `io`), keyed by field name. */
export function bundle<IO extends Readonly<Record<string, unknown>>, const P extends string>(io: IO, prefix: P): FieldsOf<IO, P> {
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(io)) if (k.startsWith(`${prefix}_`)) out[k.slice(prefix.length + 1)] = s;
  if (Object.keys(out).length === 0) throw new HdlError(`no bundle '${prefix}': no port starts with '${prefix}_'`, captureLoc());
  return out as FieldsOf<IO, P>;
}

/**
 * Connects two bundles field by field (vector fields element by element). For each field exactly one side
 * must be assignable here (an output of this module or an input of a child): it is driven from the other
 * side. Both bundles must have the same fields with the same types.
 */
export function connectBundle(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): void {
  const loc = captureLoc();
  const fa = Object.keys(a).sort();
  const fb = Object.keys(b).sort();
  if (fa.join() !== fb.join()) throw new HdlError(`connectBundle: fields differ: {${fa.join(", ")}} and {${fb.join(", ")}}`, loc);
  for (const f of fa) connectField(f, a[f], b[f], loc);
}

function connectField(f: string, x: unknown, y: unknown, loc: SourceLoc | undefined): void {
  if (Array.isArray(x) && Array.isArray(y)) {
    if (x.length !== y.length) throw new HdlError(`connectBundle: field '${f}' has ${x.length} elements on one side and ${y.length} on the other`, loc);
    x.forEach((e, i) => {
      connectField(`${f}[${i}]`, e, y[i], loc);
    });
    return;
  }
  if (!(x instanceof Signal) || !(y instanceof Signal)) throw new HdlError(`connectBundle: field '${f}' is a vector on one side only`, loc);
  if (x.width !== y.width || x.signed !== y.signed) {
    throw new HdlError(`connectBundle: field '${f}' is ${typeName(x.type)} on one side and ${typeName(y.type)} on the other`, loc);
  }
  const xDriven = x instanceof Wire;
  const yDriven = y instanceof Wire;
  if (xDriven === yDriven) {
    throw new HdlError(
      `connectBundle: field '${f}' is ${xDriven ? "assignable on both sides" : "read-only on both sides"}; one end must drive it and the other receive it`,
      loc,
    );
  }
  if (x instanceof Wire) x.set(y);
  else if (y instanceof Wire) y.set(x);
}
