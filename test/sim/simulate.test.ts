import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { closeAllSimulations, liveProcessCount, simulate, simulatorPid, SimError, SimTimeoutError } from "../../src/sim/index.js";
import { basicDesign } from "./fixtures/basic.js";

afterAll(closeAllSimulations);

describe("simulate: the DUT handle over a Verilated model", () => {
  it("carries wide and signed values as bigint and settles writes before reads", async () => {
    await using dut = await simulate(basicDesign);
    const a = (1n << 99n) | 0x1234_5678_9abc_def0n;
    const b = (1n << 99n) + 7n;
    dut.a.value = a;
    dut.b.value = b;
    expect(dut.sum.value).toBe(a + b); // 101 bits: the carry out of bit 99 survives
    dut.sa.value = -128n;
    expect(dut.neg.value).toBe(-128n); // -(-128) wraps in 8 signed bits
    dut.sa.value = 5;
    expect(dut.neg.value).toBe(-5n);
    expect(dut.sa.value).toBe(5n);
  });

  it("rejects values that do not fit a port and writes to outputs", async () => {
    await using dut = await simulate(basicDesign);
    expect(() => (dut.sa.value = -129n)).toThrow(RangeError);
    expect(() => (dut.sa.value = 256n)).toThrow(RangeError);
    dut.sa.value = 0xffn; // a raw 8-bit pattern is accepted for a signed port and reads back as -1
    expect(dut.sa.value).toBe(-1n);
    expect(() => (dut.a.value = 1n << 100n)).toThrow(/does not fit port "a" \(100 bits\)/);
    expect(() => ((dut.sum as { value: bigint }).value = 1n)).toThrow(SimError);
  });

  it("tick() returns the values sampled at the edge, reads after it see the new state", async () => {
    await using dut = await simulate(basicDesign);
    await dut.reset();
    expect(dut.count.value).toBe(0n);
    dut.en.value = 1n;
    const first = await dut.tick();
    expect(first.count).toBe(0n); // what the flip-flop saw
    expect(dut.count.value).toBe(1n); // after the edge
    const third = await dut.tick(2);
    expect(third.count).toBe(2n);
    expect(dut.count.value).toBe(3n);
    expect(dut.cycle).toBe(2 + 3);
    await dut.tick();
    expect(() => third.count).toThrow(/read an edge sample before the next tick/);
  });

  it("reset() holds the reset input and releases it", async () => {
    await using dut = await simulate(basicDesign);
    dut.en.value = 1n;
    await dut.tick(10);
    expect(dut.count.value).toBe(10n);
    await dut.reset({ cycles: 3 });
    expect(dut.rst.value).toBe(0n);
    expect(dut.count.value).toBe(0n);
    await dut.tick();
    expect(dut.count.value).toBe(1n);
  });

  it("waitUntil() counts cycles and fails with a typed timeout after its budget", async () => {
    await using dut = await simulate(basicDesign);
    await dut.reset();
    dut.en.value = 1n;
    expect(await dut.waitUntil(() => dut.count.value === 7n, { maxCycles: 20 })).toBe(7);
    const err = await dut.waitUntil(() => dut.count.value === 3n, { maxCycles: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimTimeoutError);
    expect((err as SimTimeoutError).kind).toBe("cycles");
    expect((err as SimTimeoutError).message).toMatch(/still false after 50 cycles/);
  });

  it("runs forked driver and monitor coroutines in lock step", async () => {
    await using dut = await simulate(basicDesign);
    await dut.reset();
    const seen: bigint[] = [];
    const driver = dut.fork(async () => {
      for (let i = 1n; i <= 5n; i++) {
        dut.a.value = i * 11n;
        await dut.clock.rising();
      }
      return "driven";
    });
    const monitor = dut.fork(async () => {
      for (let k = 0; k < 6; k++) {
        const edge = await dut.clock.rising();
        seen.push(edge.a_q);
      }
    });
    expect(await driver.join()).toBe("driven");
    await monitor.join();
    // a_q registers a: at edge k the monitor samples the value a had one edge earlier.
    expect(seen).toEqual([0n, 11n, 22n, 33n, 44n, 55n]);
    expect(dut.cycle).toBe(2 + 6);
  });

  it("batch() writes per cycle and samples at every edge in one message", async () => {
    await using dut = await simulate(basicDesign);
    await dut.reset();
    const rows = await dut.batch({
      drive: ["en", "a"],
      sample: ["count", "a_q"],
      cycles: [
        [1n, 5n],
        [undefined, 6n],
        [0n, undefined],
        [1n, 1n << 99n],
      ],
    });
    expect(rows).toEqual([
      [0n, 0n],
      [1n, 5n],
      [2n, 6n],
      [2n, 6n],
    ]);
    expect(dut.a_q.value).toBe(1n << 99n);
    expect(dut.count.value).toBe(3n);
  });

  it("writes a VCD named after the test when asked", async () => {
    const dut = await simulate(basicDesign, { waves: "vcd" });
    expect(dut.wavesPath).toMatch(/writes_a_VCD_named_after_the_test_when_asked\.vcd$/);
    await dut.reset();
    dut.en.value = 1n;
    await dut.tick(4);
    await dut.close();
    const vcd = readFileSync(dut.wavesPath!, "utf8");
    expect(vcd).toContain("$var wire  8");
    expect(vcd).toMatch(/count/);
    expect(vcd).toMatch(/#\d+/);
  });

  it("leaves no simulator process once closed", async () => {
    const dut = await simulate(basicDesign);
    const pid = simulatorPid(dut)!;
    expect(() => process.kill(pid, 0)).not.toThrow();
    await dut.close();
    await dut.close(); // idempotent
    expect(() => process.kill(pid, 0)).toThrow();
    expect(liveProcessCount()).toBe(0);
  });

  it("types the handle from the design's port shape", async () => {
    await using dut = await simulate(basicDesign);
    // @ts-expect-error: the design has no port "nope"
    expect(dut.nope).toBeUndefined();
    // @ts-expect-error: outputs are read-only
    expect(() => (dut.count.value = 1n)).toThrow(SimError);
    // @ts-expect-error: batch can only drive inputs
    await expect(dut.batch({ drive: ["count"], sample: [], cycles: [] })).rejects.toThrow(/is an output/);
    expect(dut.port("count").width).toBe(8);
  });
});
