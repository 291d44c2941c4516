import { afterAll, describe, expect, it } from "vitest";
import { closeAllSimulations, liveProcessCount, simulate, simulatorPid, SimCrashError, SimTimeoutError } from "../../src/sim/index.js";
import { tripleDesign } from "./fixtures/triple.js";

afterAll(closeAllSimulations);

const values = (n: number, seed: number): bigint[] => Array.from({ length: n }, (_, i) => BigInt((i * 7919 + seed * 104729) & 0xffff));
const ports = {
  input: { valid: "in_valid", ready: "in_ready", data: "in_data" },
  output: { valid: "out_valid", ready: "out_ready", data: "out_data" },
} as const;

describe("streamStart: stream runs in flight while the host works", () => {
  it("gives the same results as stream(), in request order, with reads in between", async () => {
    await using a = await simulate(tripleDesign);
    await using b = await simulate(tripleDesign);
    await a.reset();
    await b.reset();
    const blocks = [values(300, 1), values(1, 2), values(700, 3)];
    const runs = blocks.map((payloads, k) =>
      a.streamStart({ ...ports, payloads, maxCycles: 10_000, backpressure: k === 0 ? { random: 0.5, seed: 3 } : "always" }),
    );
    // A port read while runs are in flight reads their replies first and sees the state after all of them.
    expect(a.in_valid.value).toBe(0n);
    expect(a.cycle).toBeGreaterThan(4 * 1001);
    const started = await Promise.all(runs.map((r) => r.collect()));
    for (const [k, payloads] of blocks.entries()) {
      const reference = await b.stream({ ...ports, payloads, maxCycles: 10_000, backpressure: k === 0 ? { random: 0.5, seed: 3 } : "always" });
      expect(started[k]).toEqual(reference);
      expect(started[k].outputs).toEqual(payloads.map((v) => 3n * v));
    }
    expect(a.cycle).toBe(b.cycle);
    // Collecting again returns the same result (the reply is kept).
    expect(await runs[1].collect()).toEqual(started[1]);
  });

  it("sends payloads as hex text and returns the driver's hex text with format: 'hex'", async () => {
    await using dut = await simulate(tripleDesign);
    await dut.reset();
    const payloads = values(50, 4);
    const run = dut.streamStart({ ...ports, payloads: payloads.map((v) => v.toString(16)), format: "hex", maxCycles: 1000 });
    const r = await run.collect();
    const outputs: string[] = r.outputs; // typed as text
    expect(outputs).toEqual(payloads.map((v) => (3n * v).toString(16)));
    expect(() => dut.streamStart({ ...ports, payloads: ["1ffff"], maxCycles: 100 })).toThrow(/does not fit port "in_data" \(16 bits\)/);
    expect(() => dut.streamStart({ ...ports, payloads: ["0x12"], maxCycles: 100 })).toThrow(/not unsigned hex text/);
    expect((await dut.stream({ ...ports, payloads: ["00ffff"], maxCycles: 100 })).outputs).toEqual([3n * 0xffffn]);
  });

  it("keeps many large runs in flight without a deadlock when both pipes fill up", async () => {
    await using dut = await simulate(tripleDesign, { timeoutMs: 10_000 });
    await dut.reset();
    // About 3 MB of requests and 4 MB of replies, against pipes of at most 1 MB each.
    const runs = Array.from({ length: 12 }, (_, k) => dut.streamStart({ ...ports, payloads: values(50_000, k), maxCycles: 250_000 }));
    for (const [k, run] of runs.entries()) {
      const r = await run.collect();
      expect(r.outputs.length).toBe(50_000);
      expect(r.outputs[49_999]).toBe(3n * values(50_000, k)[49_999]);
    }
  });

  it("reports a run out of cycles at its own collect; runs around it are unaffected", async () => {
    await using dut = await simulate(tripleDesign);
    await dut.reset();
    const ok = dut.streamStart({ ...ports, payloads: values(5, 1), maxCycles: 100 });
    const starved = dut.streamStart({ ...ports, payloads: values(10, 2), backpressure: "0", maxCycles: 200 });
    expect((await ok.collect()).outputs).toHaveLength(5);
    const err = await starved.collect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimTimeoutError);
    expect((err as Error).message).toMatch(/budget of 200 cycles: sent 1 of 10 payloads, received 0 of 10/);
    // The unit still holds the starved run's first result: the next run receives it first.
    const after = await dut.stream({ ...ports, payloads: [7n], expect: 2, maxCycles: 100 });
    expect(after.outputs).toEqual([3n * values(10, 2)[0], 21n]);
  });

  it("fails every run in flight with the crash when the simulator dies, and closes without hanging", async () => {
    const before = liveProcessCount();
    const dut = await simulate(tripleDesign);
    await dut.reset();
    const pid = simulatorPid(dut)!;
    process.kill(pid, "SIGSTOP"); // nothing gets answered before the kill
    const runs = [0, 1, 2].map((k) => dut.streamStart({ ...ports, payloads: values(1000, k), maxCycles: 10_000 }));
    process.kill(pid, "SIGKILL");
    for (const run of runs) await expect(run.collect()).rejects.toThrow(SimCrashError);
    await expect(run2(dut)).rejects.toThrow(SimCrashError);
    await dut.close().catch(() => undefined);
    expect(liveProcessCount()).toBe(before);

    async function run2(d: typeof dut) {
      return d.streamStart({ ...ports, payloads: [1n], maxCycles: 10 }).collect();
    }
  });

  it("fails with a response timeout when the simulator stops answering with a run in flight", async () => {
    const dut = await simulate(tripleDesign, { timeoutMs: 300 });
    await dut.reset();
    const pid = simulatorPid(dut)!;
    process.kill(pid, "SIGSTOP"); // alive, but answers nothing
    const run = dut.streamStart({ ...ports, payloads: values(10, 1), maxCycles: 1000 });
    const t0 = Date.now();
    const err = await run.collect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimTimeoutError);
    expect((err as SimTimeoutError).kind).toBe("response");
    expect(Date.now() - t0).toBeLessThan(5000);
    await dut.close();
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
