import { afterAll, describe, expect, it } from "vitest";
import { activationVectors } from "../../src/flow/activations.js";
import { compareOutputs } from "../../src/flow/compare.js";
import { resolveFlowConfig } from "../../src/flow/config.js";
import { generateDesign } from "../../src/flow/generate.js";
import { renderTestbench, runIcarus } from "../../src/flow/icarus.js";
import { runShard } from "../../src/flow/sim-shard.js";
import { closeAllSimulations, packFields } from "../../src/sim/index.js";
import { compileTileModel, outputWidth, programImageToHex } from "../../src/sme/index.js";
import { SMALL_INPUT } from "./helpers.js";

afterAll(closeAllSimulations);

describe("Icarus Verilog cross-check", () => {
  it("a plain Verilog testbench with $readmemh gives the same outputs as Verilator and the golden model", async () => {
    const c = resolveFlowConfig({ ...SMALL_INPUT, seed: 11 });
    const g = await generateDesign(c);
    const set = activationVectors(c.params.rows, c.params.actBits, { random: 60, layerLike: 20, seed: 5 });
    const payloads = set.vectors.map((x) => packFields(Array.from(x, (v) => BigInt(v)), c.params.actBits));

    const icarus = await runIcarus({ design: g.tile.design, programHex: programImageToHex(g.image), payloads });
    expect(icarus.testbench).toContain('$readmemh("program.hex", prog_mem);');
    expect(icarus.testbench).toContain('$readmemh("vectors.hex", vec_mem);');
    expect(icarus.outputs).toHaveLength(payloads.length);

    const program = g.image.transfers.map((t) => [BigInt(t.target), BigInt(t.xbar), BigInt(t.row), t.data] as const);
    const verilator = await runShard({ design: g.tile.design, program, payloads, blockSize: 64, cyclesPerVectorBudget: g.tile.cyclesPerVector + g.tile.latency + 8 });
    expect(icarus.outputs).toEqual(verilator.outputs);

    const model = compileTileModel(g.plan, c.params);
    const cmp = compareOutputs(set.vectors, icarus.outputs, (x) => model.run(x), c.params.cols, outputWidth(c.params));
    expect(cmp.mismatches).toBe(0);
    // Not a vacuous comparison: the weights and inputs give non-zero outputs.
    expect(icarus.outputs.some((o) => o !== 0n)).toBe(true);
  });

  it("the baked testbench has no programming port", async () => {
    const g = await generateDesign(resolveFlowConfig({ ...SMALL_INPUT, kind: "baked" }));
    const tb = renderTestbench(g.tile.design, 0, 3, 100);
    expect(tb).not.toContain("prog_valid");
    expect(tb).toContain(".in_act(in_act)");
  });
});
