import type { PortInfo } from "./design.js";
import { SimCrashError, SimError, SimTimeoutError } from "./errors.js";
import { decodeValue, encodeValue } from "./hex.js";
import { SimTransport } from "./transport.js";

/** Back-pressure or gap pattern: `"always"`, a repeating string of 0/1 per cycle, or seeded random. */
export type CyclePattern = "always" | string | { readonly random: number; readonly seed?: number };

export interface StreamRunRequest {
  readonly inValid: number;
  readonly inReady: number;
  readonly inData: readonly number[];
  readonly outValid: number;
  readonly outReady: number;
  readonly outData: readonly number[];
  /** Per payload, one value per input data port. */
  readonly payloads: readonly (readonly bigint[])[];
  readonly expect: number;
  readonly maxCycles: number;
  readonly inputPattern: CyclePattern;
  readonly backpressure: CyclePattern;
}

export interface StreamRunResult {
  /** Per collected output transfer, one value per output data port. */
  readonly outputs: bigint[][];
  readonly cycles: number;
  readonly sent: number;
  readonly complete: boolean;
}

/**
 * The driver protocol by port index: buffered writes and steps, synchronous reads. Knows the port table (for
 * value encoding) and counts cycles locally so that stepping needs no reply.
 */
export class Simulator {
  private cycleCount = 0;

  constructor(
    readonly transport: SimTransport,
    readonly ports: readonly PortInfo[],
  ) {}

  /** Rising edges simulated so far. */
  get cycle(): number {
    return this.cycleCount;
  }

  poke(index: number, value: bigint | number): void {
    const port = this.ports[index];
    if (port.direction !== "input") throw new SimError(`port "${port.name}" is an output and cannot be written`);
    this.transport.send(`P ${index} ${encodeValue(port, value)}\n`);
  }

  /** Current value, with pending writes settled. */
  peek(index: number): bigint {
    return decodeValue(this.ports[index], this.transport.request(`G ${index}\n`));
  }

  /** Value sampled at the last rising edge. */
  peekEdge(index: number): bigint {
    return decodeValue(this.ports[index], this.transport.request(`E ${index}\n`));
  }

  step(cycles: number): void {
    if (!Number.isSafeInteger(cycles) || cycles < 0) throw new RangeError(`cannot step ${cycles} cycles`);
    if (cycles === 0) return;
    this.transport.send(`S ${cycles}\n`);
    this.cycleCount += cycles;
  }

  /** Asks the simulator for its cycle count: a round trip that also proves it is alive. */
  sync(): number {
    const n = Number(this.transport.request("C\n"));
    if (n !== this.cycleCount) throw new SimError(`simulator is at cycle ${n}, host expected ${this.cycleCount}`);
    return n;
  }

  /** One step per row: writes the row's values (`undefined` keeps a port), samples at the edge. */
  batch(drive: readonly number[], sample: readonly number[], rows: readonly (readonly (bigint | number | undefined)[])[]): bigint[][] {
    for (const i of drive) {
      if (this.ports[i].direction !== "input") throw new SimError(`port "${this.ports[i].name}" is an output and cannot be driven`);
    }
    const lines: string[] = [`B ${drive.length} ${sample.length} ${[...drive, ...sample].join(" ")} ${rows.length}`];
    for (const row of rows) {
      if (row.length !== drive.length) throw new RangeError(`batch row has ${row.length} values for ${drive.length} driven ports`);
      lines.push(row.map((v, k) => (v === undefined ? "-" : encodeValue(this.ports[drive[k]], v))).join(" "));
    }
    this.transport.send(lines.join("\n") + "\n");
    const reply = this.transport.request("");
    this.cycleCount += rows.length;
    const values = reply === "" ? [] : reply.split(" ");
    const out: bigint[][] = [];
    for (let c = 0; c < rows.length; c++) {
      out.push(sample.map((i, k) => decodeValue(this.ports[i], values[c * sample.length + k])));
    }
    return out;
  }

  /** Runs a valid/ready stream inside the driver; see `StreamRunRequest`. */
  stream(req: StreamRunRequest): StreamRunResult {
    if (!Number.isSafeInteger(req.maxCycles) || req.maxCycles < 0) throw new RangeError(`maxCycles must be a cycle count, got ${req.maxCycles}`);
    const head = [
      "R",
      req.inValid,
      req.inReady,
      req.inData.length,
      ...req.inData,
      req.outValid,
      req.outReady,
      req.outData.length,
      ...req.outData,
      req.payloads.length,
      req.expect,
      req.maxCycles,
      patternWords(req.inputPattern),
      patternWords(req.backpressure),
    ].join(" ");
    const parts: string[] = [];
    for (const payload of req.payloads) {
      if (payload.length !== req.inData.length) throw new RangeError(`payload has ${payload.length} fields for ${req.inData.length} data ports`);
      for (let k = 0; k < payload.length; k++) parts.push(encodeValue(this.ports[req.inData[k]], payload[k]));
    }
    this.transport.send(req.payloads.length ? `${head}\n${parts.join(" ")}\n` : `${head}\n`);
    const status = this.transport.request("").split(" ");
    const data = this.transport.readLine();
    const cycles = Number(status[1]);
    this.cycleCount += cycles;
    const values = data === "" ? [] : data.split(" ");
    const n = req.outData.length;
    const outputs: bigint[][] = [];
    for (let k = 0; k + n <= values.length; k += n) {
      const row: bigint[] = [];
      for (let f = 0; f < n; f++) row.push(decodeValue(this.ports[req.outData[f]], values[k + f]));
      outputs.push(row);
    }
    return { outputs, cycles, sent: Number(status[2]), complete: status[0] === "ok" };
  }

  /**
   * The benchmark baseline: the driver streams `vectors` pseudo-random payloads through the design in a C++
   * loop with no text I/O (output always ready) and reports what it took.
   */
  rawStreamLoop(ports: { inValid: number; inReady: number; inData: number; outValid: number; outReady: number }, vectors: number): { cycles: number; received: number; seconds: number } {
    const reply = this.transport.request(`T ${ports.inValid} ${ports.inReady} ${ports.inData} ${ports.outValid} ${ports.outReady} ${vectors}\n`);
    const [cycles, received, ns] = reply.split(" ").map(Number);
    this.cycleCount += cycles;
    return { cycles, received, seconds: ns / 1e9 };
  }

  startWaves(path: string): void {
    if (/[\n]/.test(path)) throw new RangeError("wave file path must be one line");
    this.transport.send(`W 1 ${path}\n`);
  }

  stopWaves(): void {
    this.transport.send("W 0\n");
  }

  /**
   * Stops the simulator. Writes are not acknowledged, so a crash after the last read would go unseen: one
   * last round trip makes such a crash fail here rather than vanish.
   */
  async close(): Promise<void> {
    let failure: unknown;
    if (!this.transport.ended) {
      try {
        this.sync();
      } catch (err) {
        failure = err;
      }
    }
    if (failure instanceof SimCrashError) {
      const how = await this.transport.exitDescription();
      failure = new SimCrashError(`${failure.message.split("\n")[0]} (${how})`, failure.stderrTail);
    }
    await this.transport.close();
    if (failure) throw failure;
  }
}

function patternWords(p: CyclePattern): string {
  if (p === "always") return "a";
  if (typeof p === "string") {
    if (!/^[01]+$/.test(p)) throw new RangeError(`cycle pattern "${p}" must be a non-empty string of 0 and 1`);
    return `p ${p}`;
  }
  if (!(p.random >= 0 && p.random <= 1)) throw new RangeError(`random pattern probability ${p.random} must be in [0, 1]`);
  return `r ${Math.round(p.random * 1000)} ${p.seed ?? 1}`;
}

/** Error for a stream run that used up its cycle budget. */
export function streamBudgetError(result: StreamRunResult, expect: number, payloads: number, maxCycles: number, atCycle: number): SimTimeoutError {
  return new SimTimeoutError(
    "cycles",
    `stream run used its budget of ${maxCycles} cycles: sent ${result.sent} of ${payloads} payloads, ` +
      `received ${result.outputs.length} of ${expect} results`,
    atCycle,
  );
}
