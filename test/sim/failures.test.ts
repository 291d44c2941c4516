import { readFileSync } from "node:fs";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  closeAllSimulations,
  liveProcessCount,
  simulate,
  simulatorPid,
  SimBuildError,
  SimCrashError,
  SimTimeoutError,
  SimulatorNotFoundError,
} from "../../src/sim/index.js";
import type { SimDesign } from "../../src/sim/index.js";
import { SimTransport } from "../../src/sim/transport.js";
import { basicDesign } from "./fixtures/basic.js";

afterAll(closeAllSimulations);

describe("simulator failures fail the test, never hang it", () => {
  it("reports a crash with the tail of the simulator's stderr at the next read and leaves no process", async () => {
    const dut = await simulate(basicDesign);
    const pid = simulatorPid(dut)!;
    dut.boom.value = 1n;
    await dut.tick(); // writes and steps are not acknowledged: the crash shows at the next read
    let err: unknown;
    try {
      void dut.count.value;
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SimCrashError);
    expect((err as SimCrashError).stderrTail).toMatch(/boom was asserted at a rising edge/);
    // every later use fails the same way instead of hanging
    expect(() => dut.count.value).toThrow(SimCrashError);
    await expect(dut.tick()).rejects.toThrow(/exited unexpectedly/);
    await dut.close();
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it("fails close() when the simulator crashed after the last read", async () => {
    const dut = await simulate(basicDesign);
    dut.boom.value = 1n;
    await dut.tick(3);
    const err = await dut.close().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimCrashError);
    expect((err as Error).message).toMatch(/exited unexpectedly \((exit status \d+|killed by SIG\w+)\)/);
    expect((err as Error).message).toMatch(/boom was asserted/);
  });

  it("keeps the waves up to a $fatal", async () => {
    const dut = await simulate(basicDesign, { waves: "vcd" });
    await dut.reset();
    dut.en.value = 1n;
    await dut.tick(5);
    dut.boom.value = 1n;
    await dut.tick();
    expect(() => dut.settle()).toThrow(/ended the simulation/);
    await dut.close();
    const vcd = readFileSync(dut.wavesPath!, "utf8");
    expect(vcd).toMatch(/#80\n/); // the eighth edge, where $fatal fired, is in the file
  });

  it("kills a simulator that stops answering and fails with a response timeout", async () => {
    const dut = await simulate(basicDesign, { timeoutMs: 300 });
    const pid = simulatorPid(dut)!;
    process.kill(pid, "SIGSTOP"); // the process is alive but answers nothing
    const started = Date.now();
    let err: unknown;
    try {
      void dut.count.value;
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SimTimeoutError);
    expect((err as SimTimeoutError).kind).toBe("response");
    expect(Date.now() - started).toBeLessThan(5000);
    await dut.close();
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it("does not mistake a long run for a hang: the simulator sends a heartbeat", async () => {
    // The heartbeat comes every 250 ms; a hang timeout of six beats leaves room for a simulator starved of CPU
    // on a loaded machine. Requests grow until one has lasted twice the timeout, however fast the machine is.
    const timeoutMs = 1500;
    await using dut = await simulate(basicDesign, { timeoutMs });
    dut.en.value = 1n;
    let cycles = 100_000;
    let total = 0;
    let longestMs = 0;
    for (let i = 0; i < 8 && longestMs < 2 * timeoutMs; i++) {
      const t0 = performance.now();
      await dut.tick(cycles);
      dut.settle();
      const ms = performance.now() - t0;
      total += cycles;
      longestMs = Math.max(longestMs, ms);
      cycles = Math.ceil(cycles * Math.min(8, Math.max(2, (2.5 * timeoutMs) / Math.max(ms, 1))));
    }
    expect(longestMs).toBeGreaterThanOrEqual(2 * timeoutMs);
    expect(dut.count.value).toBe(BigInt(total % 256));
  });

  it("reports a simulator that dies during start-up", async () => {
    const err = await SimTransport.start("/bin/false", { timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimCrashError);
    expect((err as Error).message).toMatch(/exited during start-up/);
  });

  it("says how to install Verilator when it is missing", async () => {
    const saved = process.env.SME_VERILATOR;
    process.env.SME_VERILATOR = "/nonexistent/verilator";
    try {
      const err = await simulate(basicDesign).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SimulatorNotFoundError);
      expect((err as Error).message).toMatch(/apt-get install verilator/);
      expect((err as SimulatorNotFoundError).exitCode).toBe(2);
    } finally {
      if (saved === undefined) delete process.env.SME_VERILATOR;
      else process.env.SME_VERILATOR = saved;
    }
  });

  it("reports Verilog errors with Verilator's log", async () => {
    const broken: SimDesign<{ y: "output" }> = {
      top: "broken",
      files: [{ name: "broken.v", text: "module broken(output wire y);\n  assign y = undeclared_signal;\nendmodule\n" }],
      ports: [{ name: "y", direction: "output", width: 1, signed: false }],
    };
    const err = await simulate(broken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimBuildError);
    expect((err as Error).message).toMatch(/undeclared_signal/);
  });
});

afterEach(() => {
  expect(liveProcessCount()).toBe(0);
});
