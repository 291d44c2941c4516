/**
 * `--bus axis` through the flow: `sme verify` generates the tile in its AXI4-Stream shell and checks it like the
 * bare tile (lint, Verilator with random tvalid/tready stalls on the first block, every output against the
 * golden model), the folder reads back through `--design`, and Icarus Verilog agrees with Verilator.
 */
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveFlowConfig } from "../../../src/flow/config.js";
import { loadDesignFolder } from "../../../src/flow/generate/design-folder.js";
import { generateDesign } from "../../../src/flow/generate/generate.js";
import { activationVectors } from "../../../src/flow/verify/activations.js";
import { runIcarus } from "../../../src/flow/verify/icarus.js";
import { runShard } from "../../../src/flow/verify/sim-shard.js";
import { tileInterface } from "../../../src/hw/index.js";
import { closeAllSimulations } from "../../../src/sim/index.js";
import { UserError } from "../../../src/util/errors.js";
import { runSme, SMALL, SMALL_INPUT, tempDir } from "../helpers.js";

afterAll(closeAllSimulations);

describe("the AXI4-Stream shell through sme verify", () => {
  it("verifies a programmable shell design bit-exactly, then again from its folder", async () => {
    const dir = await tempDir("verify-axis");
    const r = await runSme([
      "verify",
      ...SMALL,
      "--bus",
      "axis",
      "--axis-act-width",
      "8",
      "--axis-sum-width",
      "16",
      "--vectors",
      "200",
      "--out",
      join(dir, "d"),
      "--json",
    ]);
    expect(r.stderr).not.toMatch(/sme: .*error/i);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { design: string; lint: string; mismatches: number; vectors: { checked: number } };
    expect(s.design).toMatch(/-programmable-axis-[0-9a-f]{8}$/);
    expect(s.lint).toBe("clean");
    expect(s.mismatches).toBe(0);
    expect(s.vectors.checked).toBe(5 + 200 + 50);

    const folder = await loadDesignFolder(join(dir, "d"));
    expect(folder.tile.bus).toMatchObject({ kind: "axis", act: 8, sum: 16, actBeats: 4 });
    expect(folder.tile.name).toMatch(/_axis_a8s16$/);
    const again = await runSme(["verify", "--design", join(dir, "d"), "--vectors", "100", "--seed", "9"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/mismatches\s+0/);
  });

  it("Icarus Verilog gives the same results as Verilator and the golden model", async () => {
    const g = await generateDesign(resolveFlowConfig({ ...SMALL_INPUT, kind: "baked", bus: "axis", axisActWidth: 16, axisSumWidth: 8, seed: 21 }));
    const set = activationVectors(8, 4, { random: 30, layerLike: 10, seed: 2 });
    const tile = tileInterface(g.tile);
    const icarus = await runIcarus({ tile, files: g.tile.design.files, program: null, vectors: set.vectors });
    expect(icarus.testbench).toContain('$readmemh("vectors.hex", vec_mem);');
    expect(icarus.testbench).toContain(".m_axis_sum_tlast(m_axis_sum_tlast)");
    const verilator = await runShard({ tile, files: g.tile.design.files, program: null, vectors: set.vectors, offset: 0, golden: g.plan, blockSize: 64 });
    expect(verilator.mismatches).toBe(0);
    const model = await runShard({ tile, files: g.tile.design.files, program: null, vectors: set.vectors, offset: 0, golden: null, blockSize: 64 });
    expect(icarus.outputs).toEqual(model.outputs!.map((hex) => BigInt(`0x${hex}`)));
    expect(icarus.outputs.some((o) => o !== 0n)).toBe(true);
  });

  it("refuses shell widths without --bus axis, and widths that are not whole bytes", () => {
    expect(() => resolveFlowConfig({ ...SMALL_INPUT, axisActWidth: 16 })).toThrow(/--axis-act-width sets a beat of the AXI4-Stream shell; add --bus axis/);
    expect(resolveFlowConfig({ ...SMALL_INPUT, bus: "axis" }).axis).toEqual({ act: 32, sum: 32 });
    // Narrower buses than 32 bits are carried whole, in bytes: 2 x 4-bit activations, 2 x 10-bit results.
    expect(resolveFlowConfig({ ...SMALL_INPUT, rows: 2, cols: 2, bus: "axis" }).axis).toEqual({ act: 8, sum: 24 });
    return expect(generateDesign(resolveFlowConfig({ ...SMALL_INPUT, bus: "axis", axisActWidth: 12 }))).rejects.toThrow(UserError);
  });
});
