import { existsSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { closeAllSimulations, simulate } from "../../src/sim/index.js";
import { tripleDesign } from "./fixtures/triple.js";

afterAll(closeAllSimulations);

describe("waves of a vitest run", () => {
  it("WAVES=1 makes simulate() write FST named after the running test, without any option", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sme-waves-env-"));
    const before = process.env.WAVES;
    process.env.WAVES = "1";
    try {
      const dut = await simulate(tripleDesign, { wavesDir: dir });
      await dut.reset();
      dut.in_valid.value = 1n;
      dut.in_data.value = 7n;
      await dut.tick(6);
      expect(dut.wavesPath).toBe(join(dir, "waves_of_a_vitest_run_WAVES_1_makes_simulate_write_FST_named_after_the_running_test_without_any_option.fst"));
      await dut.close();
      expect(statSync(dut.wavesPath!).size).toBeGreaterThan(0);
      // The FST holds the design's signals: fst2vcd (Debian's gtkwave) reads it back.
      const vcd = (await execa("fst2vcd", [dut.wavesPath!])).stdout;
      expect(vcd).toMatch(/\$var wire 16 \S+ in_data \[15:0\] \$end/);
      // An explicit `waves: false` wins over the environment.
      const quiet = await simulate(tripleDesign, { waves: false, wavesDir: dir, name: "quiet" });
      expect(quiet.wavesPath).toBeUndefined();
      await quiet.close();
      expect(existsSync(join(dir, "quiet.fst"))).toBe(false);
    } finally {
      if (before === undefined) delete process.env.WAVES;
      else process.env.WAVES = before;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
