import { vi } from "vitest";

/**
 * The unit tier starts no external process: every tool (Verilator, Icarus Verilog, Yosys, the simulators) is
 * started through execa, which fails here with a message naming the fix.
 */
vi.mock("execa", () => {
  const refuse = (command: unknown): never => {
    throw new Error(`the unit test tier starts no external tools (asked for ${String(command)}): list this test file under the sim tier in vitest.config.ts`);
  };
  return { execa: refuse, execaSync: refuse, execaNode: refuse, $: refuse };
});
