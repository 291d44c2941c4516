import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { UserError } from "../util/errors.js";
import { simDir } from "../util/paths.js";
import { buildSimulator, type BuildOptions } from "./build.js";
import type { PortInfo, PortShape, SimDesign } from "./design.js";
import type { CoverageKind, InternalSignal, WaveFormat } from "./driver-source.js";
import {
  reservedNames,
  type BatchRequest,
  type Clock,
  type Dut,
  type EdgeSample,
  type InputName,
  type InputPort,
  type PortName,
  type OutputPort,
  type ResetOptions,
  type StreamRequest,
  type StreamResult,
  type StreamRun,
} from "./dut.js";
import { SimCrashError, SimError, SimTimeoutError } from "./errors.js";
import { Scheduler } from "./scheduler.js";
import { Simulator, streamBudgetError } from "./simulator.js";
import { SimTransport } from "./transport.js";
import { decodeValue } from "./hex.js";

export interface SimulateOptions {
  /** Clock input the simulator steps; default `clk` when the design has it. `null` for no clock. */
  readonly clock?: string | null;
  /**
   * Write waves: `true` or `"vcd"` for VCD, `"fst"` for FST (needs a separate, cached build). Left undefined, the
   * `WAVES` environment variable decides inside vitest runs: `WAVES=1` (or `fst`) writes FST, `WAVES=vcd` VCD.
   */
  readonly waves?: boolean | WaveFormat;
  /**
   * Build with Verilator's coverage of these kinds (a separate, cached build); `writeCoverage(dut, path)` writes
   * the counts in Verilator's `coverage.dat` format for `verilator_coverage`.
   */
  readonly coverage?: readonly CoverageKind[];
  /** Base name of the wave file; default the current vitest test's name, else the top module's. */
  readonly name?: string;
  /** Folder for wave files; default `sim/waves`. */
  readonly wavesDir?: string;
  /** Milliseconds the simulator may take to answer before it counts as hung; default 60 000. */
  readonly timeoutMs?: number;
  /**
   * Internal signals of the top module to read with `dut.internal(name)`: Verilog names (looked up in the
   * DSL's `signals` map) or explicit `{ name, width, signed }`. Builds with `--public-flat-rw` (slower model).
   */
  readonly internals?: readonly (string | InternalSignal)[];
  /**
   * Build settings: extra Verilator flags, cache folder and size, and `benchLoop` (compile the driver's raw
   * benchmark loop in, for `measureRawStreamLoop`; a separate cached build).
   */
  readonly build?: Pick<BuildOptions, "extraFlags" | "cacheDir" | "cacheLimit" | "benchLoop">;
}

const open = new Set<{ close(): Promise<void> }>();
const simulators = new WeakMap<object, Simulator>();
/** Handles whose simulator was built with the raw benchmark loop. */
const benchLoopHandles = new WeakSet<object>();
/** Handles whose simulator was built with coverage. */
const coverageHandles = new WeakSet<object>();

/** Process id of the simulator behind a DUT handle (for diagnostics and tests of failure paths). */
export function simulatorPid(dut: object): number | undefined {
  return simulators.get(dut)?.transport.pid;
}

/**
 * Benchmark baseline: streams `vectors` pseudo-random payloads through a valid/ready design in the driver's
 * C++ loop, without any text I/O, output always ready. Returns cycles, results received and seconds taken.
 * The loop is compiled only into simulators started with `simulate(design, { build: { benchLoop: true } })`.
 */
export async function measureRawStreamLoop<P extends PortShape>(
  dut: Dut<P>,
  ports: {
    readonly input: { readonly valid: InputName<P>; readonly ready: PortName<P>; readonly data: InputName<P> };
    readonly output: { readonly valid: PortName<P>; readonly ready: InputName<P> };
  },
  vectors: number,
): Promise<{ cycles: number; received: number; seconds: number }> {
  const sim = simulators.get(dut);
  if (!sim) throw new UserError("measureRawStreamLoop needs a handle returned by simulate()");
  if (!benchLoopHandles.has(dut)) {
    throw new UserError("measureRawStreamLoop needs a simulator built with the benchmark loop: simulate(design, { build: { benchLoop: true } })");
  }
  const index = (name: string): number => {
    const i = sim.ports.findIndex((p) => p.name === name);
    if (i < 0) throw new UserError(`the design has no port "${name}"`);
    return i;
  };
  return sim.rawStreamLoop(
    {
      inValid: index(ports.input.valid),
      inReady: index(ports.input.ready),
      inData: index(ports.input.data),
      outValid: index(ports.output.valid),
      outReady: index(ports.output.ready),
    },
    vectors,
  );
}

/**
 * Writes the coverage counts of a simulator built with `simulate(design, { coverage })` to `path` (cumulative
 * since it started; Verilator's `coverage.dat` format) and returns once the file is complete.
 */
export async function writeCoverage(dut: object, path: string): Promise<void> {
  const sim = simulators.get(dut);
  if (!sim) throw new UserError("writeCoverage needs a handle returned by simulate()");
  if (!coverageHandles.has(dut)) throw new UserError("writeCoverage needs a simulator built with coverage: simulate(design, { coverage: [...] })");
  await guard(sim, async () => sim.writeCoverage(path));
}

/**
 * The wave format the `WAVES` environment variable asks for in a vitest run (`1`, `true` or `fst`: FST; `vcd`:
 * VCD), as cocotb's `WAVES=1` does; nothing outside vitest or when it is unset, empty or `0`.
 */
export function wavesFromEnvironment(env: NodeJS.ProcessEnv = process.env): WaveFormat | undefined {
  const v = (env.WAVES ?? "").trim().toLowerCase();
  if (!env.VITEST || v === "" || v === "0" || v === "false") return undefined;
  if (v === "vcd") return "vcd";
  if (v === "1" || v === "true" || v === "fst") return "fst";
  throw new UserError(`WAVES=${env.WAVES} is not a wave format: use WAVES=1 (FST), WAVES=fst or WAVES=vcd`);
}

/** Closes every simulation still open (for an `afterEach`/`afterAll` hook). */
export async function closeAllSimulations(): Promise<void> {
  await Promise.all([...open].map((d) => d.close()));
}

/**
 * Builds (or reuses) the Verilator model of `design`, starts it and returns a DUT handle typed from the
 * design's port shape. Close it with `await dut.close()` (or `await using`); leftover processes are also
 * killed when the host process exits.
 */
export async function simulate<P extends PortShape>(design: SimDesign<P>, options: SimulateOptions = {}): Promise<Dut<P>> {
  const clock = options.clock === undefined ? (design.ports.some((p) => p.name === "clk") ? "clk" : undefined) : (options.clock ?? undefined);
  if (clock !== undefined) {
    const port = design.ports.find((p) => p.name === clock);
    if (port?.direction !== "input" || port.width !== 1) {
      throw new UserError(`clock "${clock}" is not a 1-bit input of ${design.top}; pass simulate(design, { clock: "<name>" }) or { clock: null }`);
    }
  }
  const waves: WaveFormat | undefined =
    options.waves === undefined ? wavesFromEnvironment() : options.waves === true ? "vcd" : options.waves === false ? undefined : options.waves;
  const internals = (options.internals ?? []).map((s) => resolveInternal(design, s));
  const coverage = options.coverage?.length ? options.coverage : undefined;
  const built = await buildSimulator(design, { clock, waves, internals, ...(coverage ? { coverage } : {}), ...options.build });
  const transport = await SimTransport.start(built.executable, { timeoutMs: options.timeoutMs ?? 60_000 });
  const sim = new Simulator(transport, [...design.ports, ...internals.map((s): PortInfo => ({ ...s, direction: "output" }))]);
  let wavesPath: string | undefined;
  if (waves) {
    const dir = resolve(options.wavesDir ?? join(simDir, "waves"));
    mkdirSync(dir, { recursive: true });
    const base = (options.name ?? currentTestName() ?? design.top).replace(/[^A-Za-z0-9_.-]+/g, "_").slice(0, 120);
    wavesPath = join(dir, `${base}.${waves}`);
    sim.startWaves(wavesPath);
  }
  const dut = createDut<P>(design, sim, clock, wavesPath, internals);
  open.add(dut);
  simulators.set(dut, sim);
  if (options.build?.benchLoop) benchLoopHandles.add(dut);
  if (coverage) coverageHandles.add(dut);
  return dut;
}

function resolveInternal(design: SimDesign, signal: string | InternalSignal): InternalSignal {
  if (typeof signal !== "string") return signal;
  const signals = (design as { signals?: readonly { verilogName: string; kind: string; width: number; signed: boolean }[] }).signals;
  const found = signals?.find((s) => s.verilogName === signal);
  if (!found) {
    throw new UserError(
      signals
        ? `${design.top} has no internal signal "${signal}"; it has ${signals.map((s) => s.verilogName).join(", ") || "none"}`
        : `${design.top} lists no internal signals: pass { name: "${signal}", width, signed } instead of a name`,
    );
  }
  if (found.kind === "memory") throw new UserError(`"${signal}" is a memory; only vectors can be read as internal signals`);
  return { name: found.verilogName, width: found.width, signed: found.signed };
}

/** The running vitest test's full name, read from the `expect` state vitest keeps on `globalThis`. */
function currentTestName(): string | undefined {
  const state = (globalThis as Record<symbol, { state?: { currentTestName?: string } } | undefined>)[Symbol.for("$$jest-matchers-object")];
  return state?.state?.currentTestName;
}

function createDut<P extends PortShape>(
  design: SimDesign<P>,
  sim: Simulator,
  clockName: string | undefined,
  wavesPath: string | undefined,
  internals: readonly InternalSignal[],
): Dut<P> {
  const index = new Map<string, number>(design.ports.map((p, i) => [p.name, i]));
  const indexOf = (name: string): number => {
    const i = index.get(name);
    if (i === undefined) throw new UserError(`${design.top} has no port "${name}"; its ports are ${design.ports.map((p) => p.name).join(", ")}`);
    return i;
  };
  const inputIndex = (name: string): number => {
    const i = indexOf(name);
    if (design.ports[i].direction !== "input") throw new UserError(`port "${name}" of ${design.top} is an output; only inputs can be driven`);
    return i;
  };

  // Port handles: plain objects with a value accessor, made once. Internal signals follow the ports.
  const handles = design.ports.map((info, i) => makePortHandle(sim, info, i));
  const internalHandles = new Map(internals.map((s, k) => [s.name, makePortHandle(sim, { ...s, direction: "output" }, design.ports.length + k) as OutputPort]));

  // Edge samples: one prototype with a getter per port; each sample remembers its edge and caches reads.
  const sampleProto: object = {};
  design.ports.forEach((info, i) => {
    Object.defineProperty(sampleProto, info.name, {
      enumerable: true,
      get(this: { edge: number; cache: (bigint | undefined)[] }) {
        if (this.edge !== sim.cycle) {
          throw new SimError(
            `sample of edge ${this.edge} read at cycle ${sim.cycle}: read an edge sample before the next tick (or use dut.batch to sample every cycle)`,
          );
        }
        const value = this.cache[i] ?? sim.peekEdge(i);
        this.cache[i] = value;
        return value;
      },
    });
  });
  const newSample = (): EdgeSample<P> => {
    const s = Object.create(sampleProto) as { edge: number; cache: (bigint | undefined)[] };
    s.edge = sim.cycle;
    s.cache = [];
    return s as unknown as EdgeSample<P>;
  };

  let closed = false;
  const requireClock = (): void => {
    if (clockName === undefined) throw new UserError(`${design.top} is simulated without a clock; pass simulate(design, { clock: "<name>" })`);
  };
  const scheduler = new Scheduler<EdgeSample<P>>(() => {
    requireClock();
    sim.step(1);
    return newSample();
  });
  const clock: Clock<P> = { name: clockName ?? "", rising: (signal) => guard(sim, () => scheduler.rising(signal)) };

  const control = {
    port: (name: string) => handles[indexOf(name)],
    internal(name: string): OutputPort {
      const h = internalHandles.get(name);
      if (!h) throw new UserError(`internal signal "${name}" was not requested; pass simulate(design, { internals: ["${name}"] })`);
      return h;
    },
    ports: design.ports,
    clock,
    get cycle() {
      return sim.cycle;
    },
    async tick(n = 1): Promise<EdgeSample<P>> {
      if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`tick(${n}): give a positive number of cycles`);
      if (scheduler.idle) {
        // No coroutines: step at once (writes and steps are queued, so this costs no round trip).
        requireClock();
        sim.step(n);
        return newSample();
      }
      let sample = await clock.rising();
      for (let k = 1; k < n; k++) sample = await clock.rising();
      return sample;
    },
    settle(): void {
      sim.sync();
    },
    async reset(options: ResetOptions<P> = {}): Promise<void> {
      const name = (options.port as string | undefined) ?? "rst";
      const i = inputIndex(name);
      const activeLow = options.activeLow ?? /_n$/.test(name);
      sim.poke(i, activeLow ? 0n : 1n);
      await control.tick(options.cycles ?? 2);
      sim.poke(i, activeLow ? 1n : 0n);
    },
    async waitUntil(condition: () => boolean | Promise<boolean>, options: { readonly maxCycles: number }): Promise<number> {
      for (let waited = 0; ; waited++) {
        if (await condition()) return waited;
        if (waited >= options.maxCycles) {
          throw new SimTimeoutError("cycles", `waitUntil: condition still false after ${options.maxCycles} cycles (at cycle ${sim.cycle})`, sim.cycle);
        }
        await clock.rising();
      }
    },
    fork: <T>(body: () => Promise<T>) => scheduler.fork(body),
    async batch(request: BatchRequest<P>): Promise<bigint[][]> {
      requireClock();
      const drive = request.drive.map((n) => inputIndex(n));
      const sample = request.sample.map((n) => indexOf(n));
      return guard(sim, async () => sim.batch(drive, sample, request.cycles));
    },
    async stream(request: StreamRequest<P>): Promise<StreamResult<unknown>> {
      // Inside guard: a simulator found dead while the request is written is reported with how it ended.
      return guard(sim, async () => control.streamStart(request).collect());
    },
    streamStart(request: StreamRequest<P>): StreamRun<unknown> {
      requireClock();
      const list = (d: string | readonly string[]): readonly string[] => (typeof d === "string" ? [d] : d);
      const inData = list(request.input.data).map(inputIndex);
      const outData = list(request.output.data).map(indexOf);
      const single = typeof request.output.data === "string";
      const hex = request.format === "hex";
      if (request.format !== undefined && request.format !== "hex" && request.format !== "bigint") {
        throw new UserError(`stream format "${String(request.format)}" is unknown; use "bigint" or "hex"`);
      }
      const payloads = request.payloads.map((p) => (typeof p === "bigint" || typeof p === "string" ? [p] : p));
      const expect = request.expect ?? payloads.length;
      const run = sim.streamPost({
        inValid: inputIndex(request.input.valid),
        inReady: indexOf(request.input.ready),
        inData,
        outValid: indexOf(request.output.valid),
        outReady: inputIndex(request.output.ready),
        outData,
        payloads,
        expect,
        maxCycles: request.maxCycles,
        inputPattern: request.inputPattern ?? "always",
        backpressure: request.backpressure ?? "always",
      });
      return {
        collect: async (): Promise<StreamResult<unknown>> => {
          const reply = await guard(sim, async () => run.collect());
          if (!reply.complete) throw streamBudgetError(reply.sent, reply.values.length / outData.length, expect, payloads.length, request.maxCycles, sim.cycle);
          const n = outData.length;
          const outputs: unknown[] = [];
          for (let k = 0; k + n <= reply.values.length; k += n) {
            if (hex) outputs.push(single ? reply.values[k] : reply.values.slice(k, k + n));
            else if (single) outputs.push(decodeValue(design.ports[outData[0]], reply.values[k]));
            else outputs.push(outData.map((i, f) => decodeValue(design.ports[i], reply.values[k + f])));
          }
          return { outputs, cycles: reply.cycles };
        },
      };
    },
    wavesPath,
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      open.delete(dut);
      await sim.close();
    },
    [Symbol.asyncDispose]: () => control.close(),
  };
  const dut = control as unknown as Dut<P> & { close(): Promise<void> };
  const reserved = new Set<string>(reservedNames);
  design.ports.forEach((info, i) => {
    if (!reserved.has(info.name)) Object.defineProperty(dut, info.name, { value: handles[i], enumerable: true });
  });
  return dut;
}

function makePortHandle(sim: Simulator, info: PortInfo, i: number): InputPort | OutputPort {
  const base = { name: info.name, width: info.width, signed: info.signed };
  if (info.direction === "input") {
    return Object.defineProperty(base, "value", {
      enumerable: true,
      get: () => sim.peek(i),
      set: (v: bigint | number) => sim.poke(i, v),
    }) as InputPort;
  }
  return Object.defineProperty(base, "value", {
    enumerable: true,
    get: () => sim.peek(i),
    set: () => {
      throw new SimError(`port "${info.name}" is an output and cannot be written`);
    },
  }) as OutputPort;
}

/** Runs a simulator operation; a crash is reported with how the process ended. */
async function guard<T>(sim: Simulator, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (err instanceof SimCrashError && !err.message.includes("(exit status") && !err.message.includes("(killed by")) {
      const how = await sim.transport.exitDescription();
      const first = err.message.split("\n")[0];
      throw new SimCrashError(`${first} (${how})`, err.stderrTail);
    }
    throw err;
  }
}
