import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
  closeAllSimulations,
  describeDiff,
  measureRawStreamLoop,
  Scoreboard,
  simulate,
  SimTimeoutError,
  StreamDriver,
  StreamMonitor,
} from "../../src/sim/index.js";
import { MismatchError } from "../../src/util/errors.js";
import { tripleDesign } from "./fixtures/triple.js";

afterAll(closeAllSimulations);

const values = (n: number, seed: number): bigint[] => Array.from({ length: n }, (_, i) => BigInt((i * 7919 + seed * 104729) & 0xffff));

describe("valid/ready streams", () => {
  it("stream() runs a block inside the simulator and honours random back-pressure", async () => {
    await using dut = await simulate(tripleDesign);
    await dut.reset();
    const payloads = values(500, 1);
    const ports = {
      input: { valid: "in_valid", ready: "in_ready", data: "in_data" },
      output: { valid: "out_valid", ready: "out_ready", data: "out_data" },
    } as const;
    const free = await dut.stream({ ...ports, payloads, maxCycles: 10_000 });
    expect(free.outputs).toEqual(payloads.map((v) => 3n * v));
    expect(free.cycles).toBe(4 * 500); // four cycles per value: accept, two busy, hand-over
    const slow = await dut.stream({ ...ports, payloads, backpressure: { random: 0.3, seed: 7 }, inputPattern: "110", maxCycles: 100_000 });
    expect(slow.outputs).toEqual(payloads.map((v) => 3n * v));
    expect(slow.cycles).toBeGreaterThan(free.cycles + 500); // stalls: the output was ready only 30% of cycles
    expect(dut.in_valid.value).toBe(0n); // the run leaves the handshakes idle
  });

  it("measureRawStreamLoop() runs the same handshake in C++ without I/O (the benchmark baseline)", async () => {
    await using dut = await simulate(tripleDesign, { build: { benchLoop: true } });
    await dut.reset();
    const ports = {
      input: { valid: "in_valid", ready: "in_ready", data: "in_data" },
      output: { valid: "out_valid", ready: "out_ready", data: "out_data" },
    } as const;
    const started = performance.now();
    const loop = await measureRawStreamLoop(dut, ports, 100);
    const wallS = (performance.now() - started) / 1000;
    expect(loop.received).toBe(100);
    expect(loop.cycles).toBe(4 * 100);
    // The loop's own clock: some time passed, and no more than the call took.
    expect(loop.seconds).toBeGreaterThan(0);
    expect(loop.seconds).toBeLessThanOrEqual(wallS);
    expect(dut.cycle).toBe(2 + 400);
    expect(dut.in_valid.value).toBe(0n);
  });

  it("stream() fails with a typed timeout when the budget runs out", async () => {
    await using dut = await simulate(tripleDesign);
    await dut.reset();
    const err = await dut
      .stream({
        input: { valid: "in_valid", ready: "in_ready", data: "in_data" },
        output: { valid: "out_valid", ready: "out_ready", data: "out_data" },
        payloads: values(10, 2),
        backpressure: "0", // never ready: the unit stalls after the first value
        maxCycles: 200,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimTimeoutError);
    expect((err as Error).message).toMatch(/budget of 200 cycles: sent 1 of 10 payloads, received 0 of 10/);
    expect(dut.cycle).toBe(2 + 200);
  });

  it("coroutine driver, monitor and scoreboard agree with the model under random gaps and back-pressure", async () => {
    await using dut = await simulate(tripleDesign);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 1000 }), async (xs, seed) => {
        await dut.reset();
        const board = new Scoreboard({ name: "triple" });
        const driver = new StreamDriver(dut, { valid: "in_valid", ready: "in_ready", data: "in_data" }, { pattern: { random: 0.6, seed } });
        const monitor = new StreamMonitor(dut, { valid: "out_valid", ready: "out_ready", data: "out_data" }, { backpressure: { random: 0.5, seed: seed + 1 } });
        monitor.onTransfer((v) => board.observe(v));
        board.expect(...xs.map((x) => 3n * BigInt(x)));
        await driver.sendAll(xs.map(BigInt));
        await monitor.waitFor(xs.length, { maxCycles: 100 * xs.length });
        await monitor.stop();
        board.check();
      }),
      { numRuns: 15 },
    );
  });

  it("a stream driver whose payload is never taken fails with a typed timeout", async () => {
    await using dut = await simulate(tripleDesign);
    await dut.reset();
    dut.out_ready.value = 0n; // the unit holds its first result forever, so in_ready stays low
    const driver = new StreamDriver(dut, { valid: "in_valid", ready: "in_ready", data: "in_data" }, { maxCycles: 50 });
    const first = driver.send(1n);
    const second = driver.send(2n);
    await first;
    await expect(second).rejects.toThrow(SimTimeoutError);
    await expect(second).rejects.toThrow(/payload 0x2 not taken within 50 cycles/);
    expect(driver.pending).toBe(0);
  });

  it("the scoreboard shows the first mismatch readably", () => {
    const board = new Scoreboard({ name: "tile", fields: { width: 8, count: 4, signed: true } });
    board.expect(0x01020304n, 0x0a0b0c0dn);
    board.observe(0x01020304n);
    board.observe(0x0aff0c0dn);
    expect(() => board.check()).toThrow(MismatchError);
    expect(board.firstMismatch()).toBe(
      "tile: transfer 1 differs\n  expected 0xa0b0c0d\n  observed 0xaff0c0d\n  differing bits 0xf40000\n  1 of 4 fields differ: [2] expected 11, observed -1",
    );
    const short = new Scoreboard();
    short.expect(1n, 2n);
    short.observe(1n);
    expect(() => short.check()).toThrow(/only 1 of 2 expected transfers/);
    expect(describeDiff(5n, 4n)).toContain("differing bits 0x1");
  });
});
