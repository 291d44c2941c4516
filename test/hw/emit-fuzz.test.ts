/** Many random configurations generated and linted (no simulation): catches design errors and lint warnings in rare corners. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emitVerilog } from "../../src/hdl/index.js";
import { verilatorLint } from "../../src/tools/index.js";
import { buildTile } from "../../src/hw/index.js";
import { describeCase, tileCase } from "./tile-matrix.js";

describe("tile generation over many configurations", () => {
  it("emits lint-clean Verilog for 80 random small configurations of every mode and kind", async () => {
    await fc.assert(
      fc.asyncProperty(tileCase(4, 20), async (c) => {
        const hw = c.kind === "programmable" ? buildTile(c.p, { kind: "programmable" }) : buildTile(c.p, { kind: "baked", plan: c.plan });
        const files = emitVerilog(hw.top).modules.map((m) => ({ name: m.file, text: m.text }));
        const lint = await verilatorLint(files, hw.name);
        expect(lint.output, describeCase(c)).toBe("");
        expect(lint.ok).toBe(true);
      }),
      { seed: 7, numRuns: 80, endOnFailure: true },
    );
  }, 600_000);
});
