import type { PortInfo, PortShape } from "./design.js";
import type { Task } from "./scheduler.js";
import type { CyclePattern } from "./simulator.js";

/** A writable input port. Writes are queued and settle before the next read or edge. */
export interface InputPort {
  readonly name: string;
  readonly width: number;
  readonly signed: boolean;
  /** Reads the current settled value; assigning writes the port (a `bigint`, or a safe-integer `number`). */
  get value(): bigint;
  set value(v: bigint | number);
}

/** A read-only output port. */
export interface OutputPort {
  readonly name: string;
  readonly width: number;
  readonly signed: boolean;
  /** The current settled value (pending input writes are applied first). */
  readonly value: bigint;
}

/**
 * The declared port names of a shape, without any index signature (a shape written as
 * `{ a: "input" } & Record<string, PortDirection>` must still reject unknown names).
 */
export type PortName<P extends PortShape> = keyof { [K in keyof P as string extends K ? never : K]: P[K] } & string;

export type InputName<P extends PortShape> = { [K in PortName<P>]: P[K] extends "input" ? K : never }[PortName<P>];

/** Values of every port sampled at one rising edge (what the flip-flops saw). */
export type EdgeSample<P extends PortShape> = { readonly [K in PortName<P>]: bigint };

/** Control members of a DUT handle; ports with these names are reached with `dut.port(name)`. */
export const reservedNames = [
  "port",
  "internal",
  "ports",
  "clock",
  "cycle",
  "tick",
  "settle",
  "reset",
  "waitUntil",
  "fork",
  "batch",
  "stream",
  "streamStart",
  "wavesPath",
  "close",
  "then",
] as const;
export type ReservedName = (typeof reservedNames)[number];

export type PortHandle<P extends PortShape, K extends keyof P> = P[K] extends "input" ? InputPort : OutputPort;

export type PortHandles<P extends PortShape> = { readonly [K in Exclude<PortName<P>, ReservedName>]: PortHandle<P, K> };

export interface Clock<P extends PortShape> {
  readonly name: string;
  /**
   * Resolves at the next rising edge with the values sampled at that edge. Aborting `signal` withdraws the
   * wait without advancing the clock (how a monitor stops).
   */
  rising(signal?: AbortSignal): Promise<EdgeSample<P>>;
}

export interface ResetOptions<P extends PortShape> {
  /** Reset input; default `rst`. */
  readonly port?: InputName<P>;
  /** Cycles to hold reset; default 2. */
  readonly cycles?: number;
  /** Reset is asserted by 0; default: true when the port name ends in `_n`. */
  readonly activeLow?: boolean;
}

export interface BatchRequest<P extends PortShape> {
  /** Inputs written at the start of each cycle. */
  readonly drive: readonly InputName<P>[];
  /** Ports sampled at each rising edge. */
  readonly sample: readonly PortName<P>[];
  /** One row per cycle, one value per driven port (`undefined` keeps the port's value). */
  readonly cycles: readonly (readonly (bigint | number | undefined)[])[];
}

/** How `stream` returns collected values: `bigint` (signed ports negative), or the driver's unsigned hex text. */
export type StreamFormat = "bigint" | "hex";

export interface StreamRequest<
  P extends PortShape,
  O extends PortName<P> | readonly PortName<P>[] = PortName<P> | readonly PortName<P>[],
  F extends StreamFormat = StreamFormat,
> {
  /** The input stream: the driver presents payloads on `data` with `valid` and advances when `ready` is high at the edge. */
  readonly input: { readonly valid: InputName<P>; readonly ready: PortName<P>; readonly data: InputName<P> | readonly InputName<P>[] };
  /** The output stream: the driver drives `ready` by `backpressure` and collects `data` when `valid && ready` at the edge. */
  readonly output: { readonly valid: PortName<P>; readonly ready: InputName<P>; readonly data: O };
  /**
   * Payloads (one value, or one per data port when `data` is a list). A value is a `bigint` or unsigned hex
   * text (`"1f"`, no prefix): text skips the encoding, for hosts that build payloads as text anyway.
   */
  readonly payloads: readonly (bigint | string | readonly (bigint | string)[])[];
  /** Results to collect; default: one per payload. */
  readonly expect?: number;
  /** When the input side offers data: default `"always"`. */
  readonly inputPattern?: CyclePattern;
  /** When the output side is ready: default `"always"`. */
  readonly backpressure?: CyclePattern;
  /** Cycle budget; running out fails with `SimTimeoutError`. */
  readonly maxCycles: number;
  /**
   * `"bigint"` (default), or `"hex"`: the values as the driver printed them, unsigned lowercase hex without
   * leading zeros (`"0"` for zero), which saves decoding wide words the caller cuts into fields anyway.
   */
  readonly format?: F;
}

/** The type of one collected transfer: one value, or a list when the output `data` is a list of ports. */
export type StreamValue<O, F extends StreamFormat> = O extends string ? (F extends "hex" ? string : bigint) : F extends "hex" ? string[] : bigint[];

export interface StreamResult<T = bigint | bigint[]> {
  /** Collected payloads (a `bigint`, or a list per transfer when the output `data` is a list). */
  readonly outputs: T[];
  /** Cycles the run took. */
  readonly cycles: number;
}

/** A stream run sent with `streamStart`: the simulator works on it while the host goes on. */
export interface StreamRun<T> {
  /** Waits for the run's results; fails like `stream` would (budget, crash, hang). */
  collect(): Promise<StreamResult<T>>;
}

export interface DutControl<P extends PortShape> {
  /** Any port by name (also the way to reach ports named like a control member). */
  port<K extends PortName<P>>(name: K): PortHandle<P, K>;
  readonly ports: readonly PortInfo[];
  /** A read-only handle on an internal signal requested with `simulate(design, { internals })`. */
  internal(name: string): OutputPort;
  readonly clock: Clock<P>;
  /** Rising edges simulated so far. */
  readonly cycle: number;
  /** Runs `n` cycles (default 1); resolves with the values sampled at the last rising edge. */
  tick(n?: number): Promise<EdgeSample<P>>;
  /** Applies pending writes now (reads do this by themselves). */
  settle(): void;
  reset(options?: ResetOptions<P>): Promise<void>;
  /** Ticks until `condition` holds (checked before each edge); fails with `SimTimeoutError` after `maxCycles`. Returns the cycles waited. */
  waitUntil(condition: () => boolean | Promise<boolean>, options: { readonly maxCycles: number }): Promise<number>;
  /** Starts a coroutine (driver, monitor) that runs in lock step with the caller. */
  fork<T>(body: () => Promise<T>): Task<T>;
  /** Runs a block of cycles in one message: per-cycle writes, values sampled at each edge. */
  batch(request: BatchRequest<P>): Promise<bigint[][]>;
  /** Runs a valid/ready stream inside the simulator (the fast path for many transfers). */
  stream<O extends PortName<P> | readonly PortName<P>[], F extends StreamFormat = "bigint">(
    request: StreamRequest<P, O, F>,
  ): Promise<StreamResult<StreamValue<O, F>>>;
  /**
   * Sends a stream run and returns at once: the simulator computes while the host works (say, runs a golden
   * model) or queues further runs, which the simulator takes in order. `collect()` each run; any other read
   * of the simulator first reads the replies of the runs in flight. Writes and ticks issued meanwhile apply
   * after the queued runs.
   */
  streamStart<O extends PortName<P> | readonly PortName<P>[], F extends StreamFormat = "bigint">(request: StreamRequest<P, O, F>): StreamRun<StreamValue<O, F>>;
  /** The wave file being written, if any. */
  readonly wavesPath: string | undefined;
  /** Stops the simulator (idempotent). */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** The DUT handle: `dut.<port>` for every declared port (typed from the design), plus the controls. */
export type Dut<P extends PortShape> = PortHandles<P> & DutControl<P>;
