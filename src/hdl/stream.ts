/**
 * Valid/ready streams, defined once: port declarations for both ends, a view of a module's (or an
 * instance's) stream ports, and one checked `connectStream`. A transfer happens on a rising clock edge
 * where valid and ready are both high; valid must not wait for ready.
 */
import { HdlError } from "./errors.js";
import type { Expr } from "./expr.js";
import type { PortDirection } from "../sim/design.js";
import { input, output, type PortSpec, type PortSpecs, type PortType } from "./ports.js";
import { Signal, Wire } from "./signal.js";
import { captureLoc } from "./source-location.js";
import { typeName, type HdlType } from "./types.js";

type Flip<D> = D extends "input" ? "output" : "input";

/** The ports of a stream this module receives: `<p>_valid`, `<p>_<data>` in, `<p>_ready` out. */
export type StreamInPorts<P extends string, D extends string> = { readonly [K in `${P}_valid` | `${P}_${D}`]: PortSpec<"input"> } & {
  readonly [K in `${P}_ready`]: PortSpec<"output">;
};
/** The ports of a stream this module sends: `<p>_valid`, `<p>_<data>` out, `<p>_ready` in. */
export type StreamOutPorts<P extends string, D extends string> = { readonly [K in `${P}_valid` | `${P}_${D}`]: PortSpec<"output"> } & {
  readonly [K in `${P}_ready`]: PortSpec<"input">;
};

/** Port declarations for a stream into the module, e.g. `...streamIn("in", uint(8))` or `streamIn("in", t, "act")`. */
export function streamIn<const P extends string, const D extends string = "data">(prefix: P, type: HdlType, data?: D): StreamInPorts<P, D> {
  const d = data ?? "data";
  return { [`${prefix}_valid`]: input(), [`${prefix}_ready`]: output(), [`${prefix}_${d}`]: input(type) } as StreamInPorts<P, D>;
}

/** Port declarations for a stream out of the module. */
export function streamOut<const P extends string, const D extends string = "data">(prefix: P, type: HdlType, data?: D): StreamOutPorts<P, D> {
  const d = data ?? "data";
  return { [`${prefix}_valid`]: output(), [`${prefix}_ready`]: input(), [`${prefix}_${d}`]: output(type) } as StreamOutPorts<P, D>;
}

type Flipped<S extends PortSpecs> = { readonly [K in keyof S]: NonNullable<S[K]> extends PortSpec<infer D, infer T> ? PortSpec<Flip<D>, T> : never };

/** The same ports with every direction reversed (the other end of a bundle); vectors stay vectors. */
export function flipPorts<const S extends PortSpecs>(ports: S): Flipped<S> {
  const out: Record<string, PortSpec<PortDirection, PortType>> = {};
  for (const [k, p] of Object.entries(ports)) {
    if (p) out[k] = Object.freeze({ ...p, dir: p.dir === "input" ? "output" : "input" });
  }
  return out as Flipped<S>;
}

/** A stream whose valid/data we read and whose ready we drive (we are the consumer). */
export interface StreamSink {
  readonly role: "sink";
  readonly valid: Signal;
  readonly data: Signal;
  readonly ready: Wire;
}

/** A stream whose valid/data we drive and whose ready we read (we are the producer). */
export interface StreamSource {
  readonly role: "source";
  readonly valid: Wire;
  readonly data: Wire;
  readonly ready: Signal;
}

export type StreamEnd = StreamSink | StreamSource;

type StreamOf<IO, P extends string> = `${P}_valid` extends keyof IO ? (IO[`${P}_valid`] extends Wire ? StreamSource : StreamSink) : never;

/**
 * The stream `<prefix>_valid/_ready/_<data>` of an io object: a module's own `io` (an input stream is a
 * sink, an output stream a source) or an instance's `io` (seen from the parent, the child's input stream
 * is a source the parent drives).
 */
export function stream<IO extends Readonly<Record<string, unknown>>, const P extends string>(io: IO, prefix: P, data = "data"): StreamOf<IO, P> {
  const valid = io[`${prefix}_valid`];
  const ready = io[`${prefix}_ready`];
  const payload = io[`${prefix}_${data}`];
  if (!(valid instanceof Signal) || !(ready instanceof Signal) || !(payload instanceof Signal)) {
    throw new HdlError(`no stream '${prefix}': expected ports ${prefix}_valid, ${prefix}_ready and ${prefix}_${data}`, captureLoc());
  }
  if (valid.width !== 1 || ready.width !== 1) throw new HdlError(`stream '${prefix}': valid and ready must be 1 bit`, captureLoc());
  const drivesValid = valid instanceof Wire && payload instanceof Wire && !(ready instanceof Wire);
  const drivesReady = ready instanceof Wire && !(valid instanceof Wire) && !(payload instanceof Wire);
  if (drivesValid) return { role: "source", valid, data: payload, ready } as unknown as StreamOf<IO, P>;
  if (drivesReady) return { role: "sink", valid, data: payload, ready: ready as Wire } as unknown as StreamOf<IO, P>;
  throw new HdlError(`stream '${prefix}': valid and data must flow one way and ready the other`, captureLoc());
}

/** `valid && ready`: a transfer happens at this clock edge. */
export function fire(s: StreamEnd): Expr {
  return s.valid.and(s.ready);
}

/**
 * Connects a stream we receive (`from`) to a stream we send (`to`): valid and data flow forward, ready
 * flows back. Data types must match exactly.
 */
export function connectStream(to: StreamSource, from: StreamSink): void {
  const loc = captureLoc();
  if (to?.role !== "source" || from?.role !== "sink") {
    throw new HdlError("connectStream(to, from): `to` must be a stream this module drives (an output, or a child's input) and `from` one it receives", loc);
  }
  if (to.data.width !== from.data.width || to.data.signed !== from.data.signed) {
    throw new HdlError(`connectStream: data types differ: ${typeName(from.data.type)} into ${typeName(to.data.type)}`, loc);
  }
  to.valid.set(from.valid);
  to.data.set(from.data);
  from.ready.set(to.ready);
}
