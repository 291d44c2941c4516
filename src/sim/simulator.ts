import type { PortInfo } from "./design.js";
import { SimCrashError, SimError, SimTimeoutError } from "./errors.js";
import { decodeValue, encodeValue } from "./hex.js";
import type { SimTransport } from "./transport.js";

/** Back-pressure or gap pattern: `"always"`, a repeating string of 0/1 per cycle, or seeded random. */
export type CyclePattern = "always" | string | { readonly random: number; readonly seed?: number };

export interface StreamRunRequest {
  readonly inValid: number;
  readonly inReady: number;
  readonly inData: readonly number[];
  readonly outValid: number;
  readonly outReady: number;
  readonly outData: readonly number[];
  /** Per payload, one value per input data port: a `bigint`, or unsigned hex text already encoded. */
  readonly payloads: readonly (readonly (bigint | string)[])[];
  readonly expect: number;
  readonly maxCycles: number;
  readonly inputPattern: CyclePattern;
  readonly backpressure: CyclePattern;
}

/**
 * A stream run's reply as the driver sent it: the status and the collected values as unsigned hex text
 * (minimal digits, no sign), one per output data port and transfer, in order. Decoding to `bigint` is left to
 * the caller, who may not need it (comparisons can cut fields from the text directly).
 */
export interface StreamRunReply {
  readonly values: string[];
  readonly cycles: number;
  readonly sent: number;
  readonly complete: boolean;
}

/** A stream run that was sent to the simulator and whose reply is read later (in request order). */
export interface PendingStreamRun {
  /** Reads the reply (waiting for the simulator if needed). Rethrows a crash or hang noticed meanwhile. */
  collect(): StreamRunReply;
}

interface Pending {
  reply?: StreamRunReply;
  failure?: unknown;
}

/**
 * The driver protocol by port index: buffered writes and steps, synchronous reads. Knows the port table (for
 * value encoding) and counts cycles locally so that stepping needs no reply.
 */
export class Simulator {
  private cycleCount = 0;
  /** Stream runs sent whose replies have not been read yet, oldest first. */
  private readonly pending: Pending[] = [];

  constructor(
    readonly transport: SimTransport,
    readonly ports: readonly PortInfo[],
  ) {}

  /** Rising edges simulated so far (reads the replies of stream runs still in flight first). */
  get cycle(): number {
    this.drain();
    return this.cycleCount;
  }

  /**
   * Replies come in request order: before any request whose reply is read now, the replies of stream runs
   * still in flight are read and kept for their `collect()`.
   */
  private drain(): void {
    while (this.pending.length > 0) this.readPending();
  }

  private readPending(): void {
    const p = this.pending.shift()!;
    try {
      const status = this.transport.readLine().split(" ");
      const data = this.transport.readLine();
      const cycles = Number(status[1]);
      this.cycleCount += cycles;
      p.reply = { values: data === "" ? [] : data.split(" "), cycles, sent: Number(status[2]), complete: status[0] === "ok" };
    } catch (err) {
      // A crash or hang fails this run and every later one (the transport keeps failing the same way).
      p.failure = err;
      for (const later of this.pending.splice(0)) later.failure = err;
      throw err;
    }
  }

  private request(line: string): string {
    this.drain();
    return this.transport.request(line);
  }

  poke(index: number, value: bigint | number): void {
    const port = this.ports[index];
    if (port.direction !== "input") throw new SimError(`port "${port.name}" is an output and cannot be written`);
    this.transport.send(`P ${index} ${encodeValue(port, value)}\n`);
  }

  /** Current value, with pending writes settled. */
  peek(index: number): bigint {
    return decodeValue(this.ports[index], this.request(`G ${index}\n`));
  }

  /** Value sampled at the last rising edge. */
  peekEdge(index: number): bigint {
    return decodeValue(this.ports[index], this.request(`E ${index}\n`));
  }

  step(cycles: number): void {
    if (!Number.isSafeInteger(cycles) || cycles < 0) throw new RangeError(`cannot step ${cycles} cycles`);
    if (cycles === 0) return;
    this.transport.send(`S ${cycles}\n`);
    this.cycleCount += cycles;
  }

  /** Asks the simulator for its cycle count: a round trip that also proves it is alive. */
  sync(): number {
    const n = Number(this.request("C\n"));
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
    this.drain();
    this.transport.send(`${lines.join("\n")}\n`);
    const reply = this.transport.request("");
    this.cycleCount += rows.length;
    const values = reply === "" ? [] : reply.split(" ");
    const out: bigint[][] = [];
    for (let c = 0; c < rows.length; c++) {
      out.push(sample.map((i, k) => decodeValue(this.ports[i], values[c * sample.length + k])));
    }
    return out;
  }

  /**
   * Sends a stream run without waiting for it: the simulator works on it while the host does something else
   * (or queues more runs). `collect()` reads its reply; replies of earlier runs are read first. Any other read
   * (a port, the cycle count, a batch) also reads the replies of the runs in flight before its own.
   */
  streamPost(req: StreamRunRequest): PendingStreamRun {
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
      for (let k = 0; k < payload.length; k++) {
        const v = payload[k];
        parts.push(typeof v === "string" ? checkHex(this.ports[req.inData[k]], v) : encodeValue(this.ports[req.inData[k]], v));
      }
    }
    this.transport.send(req.payloads.length ? `${head}\n${parts.join(" ")}\n` : `${head}\n`);
    this.transport.flush();
    const p: Pending = {};
    this.pending.push(p);
    return {
      collect: (): StreamRunReply => {
        while (!p.reply && p.failure === undefined) this.readPending();
        if (p.failure !== undefined) throw p.failure;
        return p.reply!;
      },
    };
  }

  /**
   * The benchmark baseline: the driver streams `vectors` pseudo-random payloads through the design in a C++
   * loop with no text I/O (output always ready) and reports what it took.
   */
  rawStreamLoop(
    ports: { inValid: number; inReady: number; inData: number; outValid: number; outReady: number },
    vectors: number,
  ): { cycles: number; received: number; seconds: number } {
    const reply = this.request(`T ${ports.inValid} ${ports.inReady} ${ports.inData} ${ports.outValid} ${ports.outReady} ${vectors}\n`);
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

  /** Writes the coverage counts so far to `path` (coverage builds) and waits until the file is complete. */
  writeCoverage(path: string): void {
    if (/[\n]/.test(path)) throw new RangeError("coverage file path must be one line");
    this.transport.send(`V ${path}\n`);
    this.sync();
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

/** Pre-encoded payload text: unsigned hex digits that fit the port (checked here, since the driver would die). */
function checkHex(port: PortInfo, hex: string): string {
  if (!HEX_TEXT.test(hex)) throw new RangeError(`payload "${hex.slice(0, 40)}" for port "${port.name}" is not unsigned hex text`);
  let lead = 0;
  while (lead < hex.length - 1 && hex.charCodeAt(lead) === 48) lead++;
  const bits = (hex.length - lead - 1) * 4 + (32 - Math.clz32(parseInt(hex[lead], 16)));
  if (bits > port.width) throw new RangeError(`payload 0x${hex.slice(lead, lead + 40)} does not fit port "${port.name}" (${port.width} bits)`);
  return hex;
}

const HEX_TEXT = /^[0-9a-fA-F]+$/;

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
export function streamBudgetError(sent: number, received: number, expect: number, payloads: number, maxCycles: number, atCycle: number): SimTimeoutError {
  return new SimTimeoutError(
    "cycles",
    `stream run used its budget of ${maxCycles} cycles: sent ${sent} of ${payloads} payloads, ` + `received ${received} of ${expect} results`,
    atCycle,
  );
}
