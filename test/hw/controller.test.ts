/** The controller alone: handshakes, G x T sequencing (MSB digit first), output hold, programming priority. */
import { afterAll, describe, expect, it } from "vitest";
import { toSimDesign } from "../../src/hdl/index.js";
import { tileController } from "../../src/hw/index.js";
import { closeAllSimulations, simulate } from "../../src/sim/index.js";

afterAll(closeAllSimulations);

describe("tile controller", () => {
  it("steps G x T times per vector, holds the result until read, and lets programming win over input", async () => {
    const T = 3;
    const G = 2;
    await using dut = await simulate(toSimDesign(tileController({ digits: T, groups: G, programmable: true })));
    const pin = (name: string) => dut.port(name as never) as unknown as { value: bigint };
    await dut.reset();
    expect(pin("in_ready").value).toBe(1n);
    expect(pin("prog_ready").value).toBe(1n);

    // Programming has priority: with prog_valid high, in_ready is low.
    pin("prog_valid").value = 1n;
    pin("in_valid").value = 1n;
    expect(pin("in_ready").value).toBe(0n);
    expect(pin("accept").value).toBe(0n);
    pin("prog_valid").value = 0n;
    expect(pin("in_ready").value).toBe(1n);
    expect(pin("accept").value).toBe(1n);
    await dut.tick(); // accepts vector 1
    pin("in_valid").value = 0n;
    pin("out_ready").value = 0n;

    const steps: string[] = [];
    for (let i = 0; i < G * T; i++) {
      expect(pin("prog_ready").value).toBe(0n);
      expect(pin("step").value).toBe(1n);
      steps.push(`${pin("digit").value}/${pin("group").value}/${pin("first").value}${pin("new_digit").value}${pin("capture").value}`);
      await dut.tick();
    }
    // Digits T-1..0, groups 0..G-1 inside each digit; first only at the start; capture on the last step.
    expect(steps).toEqual(["2/0/110", "2/1/000", "1/0/010", "1/1/000", "0/0/010", "0/1/001"]);
    expect(pin("out_valid").value).toBe(1n);
    expect(pin("in_ready").value).toBe(1n);

    // Vector 2 runs while result 1 waits; its last step holds until out_ready.
    pin("in_valid").value = 1n;
    await dut.tick();
    pin("in_valid").value = 0n;
    for (let i = 0; i < G * T - 1; i++) await dut.tick();
    expect(pin("step").value).toBe(0n); // held on the last step: the output register is full
    expect(pin("in_ready").value).toBe(0n);
    await dut.tick(3);
    expect(pin("out_valid").value).toBe(1n);
    pin("out_ready").value = 1n; // reading result 1 frees the register; the last step completes in the same cycle
    expect(pin("capture").value).toBe(1n);
    expect(pin("in_ready").value).toBe(1n);
    await dut.tick();
    expect(pin("out_valid").value).toBe(1n); // result 2
    await dut.tick();
    expect(pin("out_valid").value).toBe(0n);
    expect(pin("prog_ready").value).toBe(1n);
  });
});
