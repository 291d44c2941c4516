import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { Counter, fifo, popcount, regFile, twoStagePipeline } from "../../src/examples/index.js";
import { cat, defineModule, input, mux, output, sint, toSimDesign, uint } from "../../src/hdl/index.js";
import { closeAllSimulations, Scoreboard, simulate, StreamDriver, StreamMonitor } from "../../src/sim/index.js";

afterAll(closeAllSimulations);

/** Every operator class of the DSL with its documented width and signedness (docs/hdl.md), combinational. */
const Alu = defineModule(
  "alu_check",
  {
    a: input(sint(8)),
    b: input(sint(8)),
    ua: input(uint(8)),
    ub: input(uint(8)),
    sh: input(uint(3)),
    add: output(sint(8)),
    addx: output(sint(9)),
    sub: output(sint(8)),
    mul: output(sint(16)),
    umul: output(uint(16)),
    neg: output(sint(8)),
    lt: output(uint(1)),
    ult: output(uint(1)),
    shlc: output(sint(11)),
    shls: output(uint(15)),
    shrc: output(sint(6)),
    shrs: output(sint(8)),
    ushrs: output(uint(8)),
    sx: output(sint(12)),
    zx: output(uint(12)),
    cc: output(uint(12)),
    mx: output(uint(8)),
  },
  (_m, io) => {
    io.add.set(io.a.add(io.b));
    io.addx.set(io.a.addx(io.b));
    io.sub.set(io.a.sub(io.b));
    io.mul.set(io.a.mul(io.b));
    io.umul.set(io.ua.mul(io.ub));
    io.neg.set(io.a.neg());
    io.lt.set(io.a.lt(io.b));
    io.ult.set(io.ua.lt(io.ub));
    io.shlc.set(io.a.shl(3));
    io.shls.set(io.ua.shl(io.sh));
    io.shrc.set(io.a.shr(2));
    io.shrs.set(io.a.shr(io.sh));
    io.ushrs.set(io.ua.shr(io.sh));
    io.sx.set(io.ua.sext(12));
    io.zx.set(io.a.zext(12));
    io.cc.set(cat(io.ua, io.ub.slice(3, 0)));
    io.mx.set(mux(io.ua.lt(io.ub), io.ua, io.ub));
  },
);

const s8 = (v: bigint): bigint => BigInt.asIntN(8, v);
const u8 = (v: bigint): bigint => BigInt.asUintN(8, v);

describe("DSL designs simulated through the harness", () => {
  it("arithmetic widths, signedness and shifts match TypeScript", async () => {
    await using dut = await simulate(toSimDesign(Alu));
    fc.assert(
      fc.property(
        fc.integer({ min: -128, max: 127 }),
        fc.integer({ min: -128, max: 127 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 7 }),
        (a0, b0, ua0, ub0, sh0) => {
          const [a, b, ua, ub, sh] = [a0, b0, ua0, ub0, sh0].map(BigInt);
          dut.a.value = a;
          dut.b.value = b;
          dut.ua.value = ua;
          dut.ub.value = ub;
          dut.sh.value = sh;
          expect(dut.add.value).toBe(s8(a + b));
          expect(dut.addx.value).toBe(a + b);
          expect(dut.sub.value).toBe(s8(a - b));
          expect(dut.mul.value).toBe(a * b);
          expect(dut.umul.value).toBe(ua * ub);
          expect(dut.neg.value).toBe(s8(-a));
          expect(dut.lt.value).toBe(a < b ? 1n : 0n);
          expect(dut.ult.value).toBe(ua < ub ? 1n : 0n);
          expect(dut.shlc.value).toBe(a * 8n);
          expect(dut.shls.value).toBe(ua << sh);
          expect(dut.shrc.value).toBe(a >> 2n);
          expect(dut.shrs.value).toBe(a >> sh);
          expect(dut.ushrs.value).toBe(ua >> sh);
          expect(dut.sx.value).toBe(s8(ua));
          expect(dut.zx.value).toBe(u8(a));
          expect(dut.cc.value).toBe((ua << 4n) | (ub & 15n));
          // biome-ignore lint/complexity/useMathMinMax: bigints (Math.min takes numbers)
          expect(dut.mx.value).toBe(ua < ub ? ua : ub);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("the popcount example counts set bits (combinational, no clock)", async () => {
    await using dut = await simulate(toSimDesign(popcount({ width: 16 })));
    for (const bits of [0, 1, 0xffff, 0x8001, 0x5555, 0x1234]) {
      dut.bits.value = bits;
      expect(dut.count.value).toBe(
        BigInt(
          bits
            .toString(2)
            .split("")
            .filter((c) => c === "1").length,
        ),
      );
    }
  });

  it("the counter example resets synchronously, counts while enabled and wraps", async () => {
    await using dut = await simulate(toSimDesign(Counter));
    dut.en.value = 0n;
    dut.rst.value = 1n;
    const duringReset = await dut.tick();
    expect(duringReset.rst).toBe(1n);
    expect(dut.count.value).toBe(0n); // synchronous reset took effect at that edge
    dut.rst.value = 0n;
    await dut.tick(5);
    expect(dut.count.value).toBe(0n); // not enabled
    dut.en.value = 1n;
    await dut.tick(300);
    expect(dut.count.value).toBe(300n % 256n);
    dut.rst.value = 1n; // reset wins over enable
    await dut.tick();
    expect(dut.count.value).toBe(0n);
  });

  it("the register-file example writes at the edge and reads combinationally on two ports", async () => {
    await using dut = await simulate(toSimDesign(regFile({ words: 8, width: 16 })));
    const model = new Array<bigint>(8).fill(0n);
    // Memory contents are not reset: write every word before reading it.
    for (let w = 0; w < 8; w++) {
      dut.we.value = 1n;
      dut.waddr.value = w;
      dut.wdata.value = BigInt(w * 1000 + 7);
      model[w] = BigInt(w * 1000 + 7);
      dut.raddr_a.value = w;
      expect(dut.rdata_a.value === model[w]).toBe(false); // the write lands only at the edge
      await dut.tick();
      expect(dut.rdata_a.value).toBe(model[w]);
    }
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.boolean(), fc.nat(7), fc.nat(0xffff), fc.nat(7), fc.nat(7)), { maxLength: 40 }), async (ops) => {
        for (const [we, waddr, wdata, ra, rb] of ops) {
          dut.we.value = we ? 1n : 0n;
          dut.waddr.value = waddr;
          dut.wdata.value = wdata;
          dut.raddr_a.value = ra;
          dut.raddr_b.value = rb;
          expect(dut.rdata_a.value).toBe(model[ra]);
          expect(dut.rdata_b.value).toBe(model[rb]);
          await dut.tick();
          if (we) model[waddr] = BigInt(wdata);
        }
      }),
      { numRuns: 30 },
    );
  });

  it("the FIFO example keeps order under random back-pressure on both sides", async () => {
    await using dut = await simulate(toSimDesign(fifo({ depth: 4, width: 8 })));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(255), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0.1, max: 1, noNaN: true }),
        fc.double({ min: 0.1, max: 1, noNaN: true }),
        fc.nat(1000),
        async (xs, pIn, pOut, seed) => {
          await dut.reset();
          const board = new Scoreboard({ name: "fifo" });
          board.expect(...xs.map(BigInt));
          const driver = new StreamDriver(dut, { valid: "in_valid", ready: "in_ready", data: "in_data" }, { pattern: { random: pIn, seed } });
          const monitor = new StreamMonitor(
            dut,
            { valid: "out_valid", ready: "out_ready", data: "out_data" },
            { backpressure: { random: pOut, seed: seed + 1 } },
          );
          monitor.onTransfer((v) => board.observe(v));
          await driver.sendAll(xs.map(BigInt));
          await monitor.waitFor(xs.length, { maxCycles: 200 * xs.length });
          await monitor.stop();
          board.check();
        },
      ),
      { numRuns: 20 },
    );
    // The same through the batched stream run, which also shows the FIFO fills up (in_ready drops).
    await dut.reset();
    const xs = Array.from({ length: 1000 }, (_, i) => BigInt((i * 37) & 255));
    const ports = {
      input: { valid: "in_valid", ready: "in_ready", data: "in_data" },
      output: { valid: "out_valid", ready: "out_ready", data: "out_data" },
    } as const;
    const run = await dut.stream({ ...ports, payloads: xs, backpressure: { random: 0.4, seed: 3 }, maxCycles: 100_000 });
    expect(run.outputs).toEqual(xs);
    expect(run.cycles).toBeGreaterThan(2000); // the output side was ready only ~40% of cycles
  });

  it("the two-stage pipeline example adds 3 with full throughput and stalls cleanly", async () => {
    await using dut = await simulate(toSimDesign(twoStagePipeline({ width: 8 })));
    await dut.reset();
    const xs = Array.from({ length: 500 }, (_, i) => BigInt((i * 13) & 255));
    const ports = {
      input: { valid: "in_valid", ready: "in_ready", data: "in_data" },
      output: { valid: "out_valid", ready: "out_ready", data: "out_data" },
    } as const;
    const fast = await dut.stream({ ...ports, payloads: xs, maxCycles: 10_000 });
    expect(fast.outputs).toEqual(xs.map((x) => (x + 3n) & 255n));
    expect(fast.cycles).toBe(xs.length + 2); // one word per cycle after a latency of two
    const stalled = await dut.stream({ ...ports, payloads: xs, backpressure: "1100", inputPattern: { random: 0.7, seed: 9 }, maxCycles: 10_000 });
    expect(stalled.outputs).toEqual(fast.outputs);
  });

  it("types the handle from the DSL declaration", async () => {
    await using dut = await simulate(toSimDesign(Counter));
    // @ts-expect-error: Counter declares no port "nope"
    expect(dut.nope).toBeUndefined();
    // @ts-expect-error: count is an output
    expect(() => (dut.count.value = 1n)).toThrow(/output/);
    const edge = await dut.tick();
    // @ts-expect-error: edge samples exist only for declared ports
    expect(edge.nope).toBeUndefined();
    expect(edge.count).toBe(0n);
  });

  it("reads internal registers by the Verilog names the DSL publishes", async () => {
    const design = toSimDesign(fifo({ depth: 4, width: 8 }));
    await expect(simulate(design, { internals: ["words"] })).rejects.toThrow(/is a memory/);
    await expect(simulate(design, { internals: ["nope"] })).rejects.toThrow(/has no internal signal "nope"/);
    await using dut = await simulate(design, { internals: ["level", "tail"] });
    await dut.reset();
    dut.out_ready.value = 0n;
    dut.in_valid.value = 1n;
    for (let k = 1n; k <= 4n; k++) {
      dut.in_data.value = k;
      await dut.tick();
      expect(dut.internal("level").value).toBe(k);
    }
    expect(dut.in_ready.value).toBe(0n); // full
    expect(dut.internal("tail").value).toBe(0n); // wrapped around
    expect(() => dut.internal("head")).toThrow(/was not requested/);
  });

  it("resets the stream examples: no output is valid after reset", async () => {
    await using dut = await simulate(toSimDesign(fifo({ depth: 4, width: 8 })));
    dut.in_valid.value = 1n;
    dut.in_data.value = 5n;
    dut.out_ready.value = 0n;
    await dut.tick(3);
    expect(dut.out_valid.value).toBe(1n);
    dut.in_valid.value = 0n;
    await dut.reset();
    expect(dut.out_valid.value).toBe(0n);
    expect(dut.in_ready.value).toBe(1n);
  });
});
