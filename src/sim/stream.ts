import { MismatchError } from "../util/errors.js";
import type { PortShape } from "./design.js";
import type { Dut, InputName, PortName } from "./dut.js";
import { SimTimeoutError } from "./errors.js";
import { patternSource } from "./pattern.js";
import type { Task } from "./scheduler.js";
import type { CyclePattern } from "./simulator.js";

type AnyPort = { value: bigint };
const portOf = <P extends PortShape>(dut: Dut<P>, name: string): AnyPort => dut.port(name as PortName<P>) as unknown as AnyPort;

export interface StreamDriverPorts<P extends PortShape> {
  readonly valid: InputName<P>;
  readonly ready: PortName<P>;
  readonly data: InputName<P>;
}

/**
 * Drives a valid/ready stream from a coroutine: payloads are presented in order with `valid` high (on the
 * cycles `pattern` allows) and leave the queue at a rising edge where `ready` was high. A payload that is not
 * taken within `maxCycles` (default 100 000) fails its `send` and every queued one with `SimTimeoutError`.
 */
export class StreamDriver<P extends PortShape> {
  private readonly queue: { value: bigint; done: () => void; fail: (err: unknown) => void }[] = [];
  private task: Task<void> | undefined;
  private readonly offer: () => boolean;
  private readonly maxCycles: number;

  constructor(
    private readonly dut: Dut<P>,
    private readonly ports: StreamDriverPorts<P>,
    options: { readonly pattern?: CyclePattern; readonly maxCycles?: number } = {},
  ) {
    this.offer = patternSource(options.pattern ?? "always");
    this.maxCycles = options.maxCycles ?? 100_000;
    portOf(dut, ports.valid).value = 0n;
  }

  /** Queues a payload; resolves once it has been transferred. */
  send(value: bigint): Promise<void> {
    return new Promise<void>((done, fail) => {
      this.queue.push({ value, done, fail });
      if (!this.task || this.task.done) this.task = this.dut.fork(() => this.run());
    });
  }

  /** Queues payloads and resolves when all are transferred. */
  async sendAll(values: readonly bigint[]): Promise<void> {
    await Promise.all(values.map((v) => this.send(v)));
  }

  /** Payloads not yet transferred. */
  get pending(): number {
    return this.queue.length;
  }

  private async run(): Promise<void> {
    const valid = portOf(this.dut, this.ports.valid);
    const data = portOf(this.dut, this.ports.data);
    let waited = 0;
    try {
      while (this.queue.length > 0) {
        if (waited >= this.maxCycles) {
          throw new SimTimeoutError(
            "cycles",
            `stream driver on "${this.ports.data}": payload 0x${this.queue[0].value.toString(16)} not taken within ${this.maxCycles} cycles (at cycle ${this.dut.cycle})`,
            this.dut.cycle,
          );
        }
        const offering = this.offer();
        if (offering) data.value = this.queue[0].value;
        valid.value = offering ? 1n : 0n;
        const edge = (await this.dut.clock.rising()) as Record<string, bigint>;
        waited++;
        if (offering && edge[this.ports.ready] !== 0n) {
          this.queue.shift()!.done();
          waited = 0;
        }
      }
      valid.value = 0n;
    } catch (err) {
      for (const item of this.queue.splice(0)) item.fail(err);
    }
  }
}

export interface StreamMonitorPorts<P extends PortShape> {
  readonly valid: PortName<P>;
  readonly ready: PortName<P>;
  readonly data: PortName<P>;
}

/**
 * Watches a valid/ready stream from a coroutine and records every transfer (valid && ready at a rising edge).
 * When `ready` is an input of the design, the monitor drives it by `backpressure` (default always ready).
 */
export class StreamMonitor<P extends PortShape> {
  /** Payloads transferred so far, in order. */
  readonly received: bigint[] = [];
  private readonly abort = new AbortController();
  private readonly task: Task<void>;
  private readonly listeners: ((value: bigint) => void)[] = [];

  constructor(
    private readonly dut: Dut<P>,
    private readonly ports: StreamMonitorPorts<P>,
    options: { readonly backpressure?: CyclePattern } = {},
  ) {
    const readyInfo = dut.ports.find((p) => p.name === ports.ready);
    const drive = readyInfo?.direction === "input" ? patternSource(options.backpressure ?? "always") : undefined;
    const ready = portOf(dut, ports.ready);
    this.task = dut.fork(async () => {
      try {
        for (;;) {
          if (drive) ready.value = drive() ? 1n : 0n;
          const edge = (await dut.clock.rising(this.abort.signal)) as Record<string, bigint>;
          if (edge[ports.valid] !== 0n && edge[ports.ready] !== 0n) {
            const value = edge[ports.data];
            this.received.push(value);
            for (const l of this.listeners) l(value);
          }
        }
      } catch (err) {
        if (!this.abort.signal.aborted) throw err;
      }
    });
  }

  /** Calls `listener` with every transfer from now on. */
  onTransfer(listener: (value: bigint) => void): void {
    this.listeners.push(listener);
  }

  /** Waits until `count` payloads were received; fails with `SimTimeoutError` after `maxCycles`. */
  async waitFor(count: number, options: { readonly maxCycles: number }): Promise<bigint[]> {
    const start = this.dut.cycle;
    while (this.received.length < count) {
      if (this.dut.cycle - start >= options.maxCycles) {
        throw new SimTimeoutError(
          "cycles",
          `stream monitor on "${this.ports.data}": ${this.received.length} of ${count} transfers after ${options.maxCycles} cycles`,
          this.dut.cycle,
        );
      }
      await this.dut.clock.rising();
    }
    return this.received.slice(0, count);
  }

  /** Stops watching (without advancing the clock) and rethrows a failure of the monitor coroutine. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.task.join();
  }
}

export interface ScoreboardOptions {
  /** Name used in messages. */
  readonly name?: string;
  /** When values pack fields (e.g. a tile's `out_sum`), the diff lists differing fields. */
  readonly fields?: { readonly width: number; readonly count: number; readonly signed?: boolean };
}

/**
 * Compares observed transfers with expected ones, in order. `check()` fails with a `MismatchError` whose
 * message shows the first mismatch readably: index, both values in hex, and the differing fields.
 */
export class Scoreboard {
  private readonly expected: bigint[] = [];
  private readonly observed: bigint[] = [];

  constructor(private readonly options: ScoreboardOptions = {}) {}

  expect(...values: bigint[]): void {
    this.expected.push(...values);
  }

  observe(value: bigint): void {
    this.observed.push(value);
  }

  /** The first mismatch as text, or `undefined` when everything matched so far. */
  firstMismatch(): string | undefined {
    const name = this.options.name ?? "scoreboard";
    const n = Math.min(this.expected.length, this.observed.length);
    for (let i = 0; i < n; i++) {
      if (this.expected[i] !== this.observed[i])
        return `${name}: transfer ${i} differs\n${describeDiff(this.expected[i], this.observed[i], this.options.fields)}`;
    }
    if (this.observed.length > this.expected.length) {
      return `${name}: ${this.observed.length - this.expected.length} unexpected extra transfer(s), first 0x${this.observed[n].toString(16)} at index ${n}`;
    }
    return undefined;
  }

  /** Throws on the first mismatch, and when fewer transfers were observed than expected. */
  check(): void {
    const mismatch = this.firstMismatch();
    if (mismatch) throw new MismatchError(mismatch);
    if (this.observed.length < this.expected.length) {
      throw new MismatchError(`${this.options.name ?? "scoreboard"}: only ${this.observed.length} of ${this.expected.length} expected transfers were observed`);
    }
  }
}

/** A readable difference of two values: hex, differing bits and, when given, the differing fields. */
export function describeDiff(expected: bigint, observed: bigint, fields?: ScoreboardOptions["fields"]): string {
  const lines = [`  expected 0x${hex(expected)}`, `  observed 0x${hex(observed)}`];
  if (expected >= 0n && observed >= 0n) lines.push(`  differing bits 0x${(expected ^ observed).toString(16)}`);
  if (fields) {
    const mask = (1n << BigInt(fields.width)) - 1n;
    const diffs: string[] = [];
    for (let f = 0; f < fields.count; f++) {
      const shift = BigInt(f * fields.width);
      let e = (BigInt.asUintN(fields.count * fields.width, expected) >> shift) & mask;
      let o = (BigInt.asUintN(fields.count * fields.width, observed) >> shift) & mask;
      if (fields.signed) {
        e = BigInt.asIntN(fields.width, e);
        o = BigInt.asIntN(fields.width, o);
      }
      if (e !== o) diffs.push(`[${f}] expected ${e}, observed ${o}`);
    }
    lines.push(`  ${diffs.length} of ${fields.count} fields differ: ${diffs.slice(0, 8).join("; ")}${diffs.length > 8 ? "; ..." : ""}`);
  }
  return lines.join("\n");
}

function hex(v: bigint): string {
  return v < 0n ? `-${(-v).toString(16)}` : v.toString(16);
}
