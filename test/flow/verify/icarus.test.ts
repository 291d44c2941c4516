import { afterAll, describe, expect, it } from "vitest";
import { activationVectors } from "../../../src/flow/verify/activations.js";
import { compareOutputs } from "../../../src/flow/verify/compare.js";
import { resolveFlowConfig } from "../../../src/flow/config.js";
import { generateDesign } from "../../../src/flow/generate/generate.js";
import { renderTestbench, runIcarus } from "../../../src/flow/verify/icarus.js";
import { runShard } from "../../../src/flow/verify/sim-shard.js";
import { portWidth, tileInterface } from "../../../src/hw/index.js";
import { closeAllSimulations, packFields, unpackFields } from "../../../src/sim/index.js";
import { compileTileModel, outputWidth } from "../../../src/sme/index.js";
import { icarusSimulate, withTempDir, writeFiles } from "../../../src/tools/index.js";
import { SMALL_INPUT } from "../helpers.js";

afterAll(closeAllSimulations);

describe("Icarus Verilog cross-check", () => {
  it("a plain Verilog testbench with $readmemh gives the same outputs as Verilator and the golden model", async () => {
    const c = resolveFlowConfig({ ...SMALL_INPUT, seed: 11 });
    const g = await generateDesign(c);
    const set = activationVectors(c.params.rows, c.params.actBits, { random: 60, layerLike: 20, seed: 5 });
    const tile = tileInterface(g.tile);
    const files = g.tile.design.files;

    const icarus = await runIcarus({ tile, files, program: g.image, vectors: set.vectors });
    expect(icarus.version).toMatch(/^Icarus Verilog version \d/);
    expect(icarus.testbench).toContain('$readmemh("program.hex", prog_mem);');
    expect(icarus.testbench).toContain('$readmemh("vectors.hex", vec_mem);');
    expect(icarus.testbench).toContain("{ prog_target, prog_xbar, prog_row, prog_data } = prog_mem[sent];");
    expect(icarus.outputs).toHaveLength(set.vectors.length);

    const verilator = await runShard({ tile, files, program: g.image, vectors: set.vectors, offset: 0, golden: null, blockSize: 64 });
    expect(icarus.outputs).toEqual(verilator.outputs!.map((hex) => BigInt(`0x${hex}`)));

    const model = compileTileModel(g.plan, c.params);
    const cmp = compareOutputs(set.vectors, icarus.outputs, (x) => model.run(x), c.params.cols, outputWidth(c.params));
    expect(cmp.mismatches).toBe(0);
    // Not a vacuous comparison: the weights and inputs give non-zero outputs.
    expect(icarus.outputs.some((o) => o !== 0n)).toBe(true);
  });

  it("the baked testbench has no programming port", async () => {
    const g = await generateDesign(resolveFlowConfig({ ...SMALL_INPUT, kind: "baked" }));
    const tb = renderTestbench(tileInterface(g.tile), 0, 3, 100);
    expect(tb).not.toContain("prog_valid");
    expect(tb).toContain(".in_act(in_act)");
  });
});

describe("the README's $readmemh programming snippet", () => {
  it("programs the tile correctly in Icarus Verilog", async () => {
    const c = resolveFlowConfig({ ...SMALL_INPUT, seed: 13 });
    const g = await generateDesign(c);
    const readme = g.files.get("README.md")!;
    const snippet = /```verilog\n([\s\S]*?)```/.exec(readme)![1];
    const w = (name: string): number => portWidth(g.tile, name);
    const x = [15, 0, 7, 3, 9, 1, 12, 5];
    const tb = `\`timescale 1ns / 1ps
module readme_tb;
  reg clk = 1'b0;
  reg rst = 1'b1;
  always #5 clk = ~clk;
  reg prog_valid = 1'b0;
  wire prog_ready;
  reg [1:0] prog_target;
  reg [${w("prog_xbar") - 1}:0] prog_xbar;
  reg [${w("prog_row") - 1}:0] prog_row;
  reg [${w("prog_data") - 1}:0] prog_data;
  reg in_valid = 1'b0;
  wire in_ready;
  reg [${w("in_act") - 1}:0] in_act = 0;
  wire out_valid;
  reg out_ready = 1'b1;
  wire [${w("out_sum") - 1}:0] out_sum;
  ${g.tile.name} dut (${g.tile.ports.map((p) => `.${p.name}(${p.name})`).join(", ")});
${snippet}
  initial begin
    #21 rst = 1'b0;
    wait (prog_done == ${g.image.transfers.length});
    @(negedge clk);
    in_act = ${w("in_act")}'h${packFields(x.map(BigInt), 4).toString(16)};
    in_valid = 1'b1;
    #4;
    while (!in_ready) begin @(negedge clk); #4; end
    @(negedge clk);
    in_valid = 1'b0;
    wait (out_valid);
    #1 $display("%h", out_sum);
    $finish;
  end
endmodule
`;
    const run = await withTempDir("readme-tb", async (dir) => {
      const names = await writeFiles(dir, [...g.tile.design.files, { name: "tb.v", text: tb }, { name: "program.hex", text: g.files.get("program.hex")! }]);
      return icarusSimulate(
        dir,
        names.filter((n) => n.endsWith(".v")),
        { top: "readme_tb" },
      );
    });
    const line = run.output.split("\n").find((l) => /^[0-9a-f]+$/i.test(l.trim()));
    const word = BigInt(`0x${line!.trim()}`);
    const expected = compileTileModel(g.plan, c.params).run(x);
    expect(unpackFields(word, outputWidth(c.params), c.params.cols, true).map(Number)).toEqual(Array.from(expected));
    expect(Array.from(expected).some((v) => v !== 0)).toBe(true);
  });
});
