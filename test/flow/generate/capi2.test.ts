/** The `.core` file `sme generate` writes, checked against the CAPI2 schema (no FuseSoC needed). */

import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { resolveFlowConfig } from "../../../src/flow/config.js";
import { capi2Core } from "../../../src/flow/generate/capi2.js";
import { fusesocCore } from "../../../src/flow/generate/fusesoc-core.js";
import { generateDesign } from "../../../src/flow/generate/generate.js";
import { generatorVersion } from "../../../src/hdl/index.js";
import { SMALL_INPUT } from "../helpers.js";

async function coreOf(input: Record<string, unknown>) {
  const g = await generateDesign(resolveFlowConfig(input));
  const text = g.files.get(`${g.name}.core`)!;
  return { g, text, core: capi2Core.parse(parse(text.replace(/^CAPI=2:\n/, ""))) };
}

describe("the design folder's FuseSoC core", () => {
  it("is CAPI2 with a VLNV from the design name and generator version, and names every file it uses", async () => {
    const { g, text, core } = await coreOf({ ...SMALL_INPUT, seed: 2 });
    expect(text.startsWith("CAPI=2:\n")).toBe(true);
    expect(core.name).toBe(`sme-rtl:tile:${g.name}:${generatorVersion()}`);
    const rtl = core.filesets!.rtl!.files;
    expect(rtl).toEqual(g.tile.design.files.map((f) => f.name));
    const tbFiles = core.filesets!.tb!.files.map((f) => (typeof f === "string" ? f : Object.keys(f)[0]));
    expect(tbFiles).toEqual(["tb/sme_flow_tb.v", "program.hex", "tb/vectors.hex", "tb/expected.hex"]);
    for (const f of [...rtl, ...tbFiles]) expect(g.files.has(f as string), f as string).toBe(true);
    expect(Object.keys(core.targets)).toEqual(["default", "lint", "sim", "synth"]);
    expect(core.targets.lint).toMatchObject({ default_tool: "verilator", toplevel: g.tile.name, tools: { verilator: { mode: "lint-only" } } });
    expect(core.targets.sim).toMatchObject({ default_tool: "icarus", toplevel: "sme_flow_tb", filesets: ["rtl", "tb"] });
    expect(Object.keys(core.targets.sim!.tools!)).toEqual(["icarus", "verilator"]);
    expect(core.targets.synth).toMatchObject({ default_tool: "yosys", tools: { yosys: { arch: "ice40" } } });
    expect(core.parameters!.DRAIN_CYCLES).toMatchObject({ datatype: "int", paramtype: "vlogparam" });
    expect(g.files.get("tb/sme_flow_tb.v")).toContain("parameter DRAIN_CYCLES");
  });

  it("of a baked design has no program.hex; of a shell design, the shell is the top", async () => {
    const baked = await coreOf({ ...SMALL_INPUT, kind: "baked", bus: "axis" });
    const tbFiles = baked.core.filesets!.tb!.files.map((f) => (typeof f === "string" ? f : Object.keys(f)[0]));
    expect(tbFiles).not.toContain("program.hex");
    expect(baked.core.targets.default!.toplevel).toBe(baked.g.tile.name);
    expect(baked.g.tile.name).toMatch(/_axis_a32s/);
    expect(baked.g.name).toMatch(/-baked-axis-[0-9a-f]{8}$/);
  });

  it("the schema refuses what FuseSoC refuses: unknown keys, a target naming a missing fileset or parameter", () => {
    const good = fusesocCore({
      name: "d",
      version: "1.0.0",
      top: "t",
      description: "x",
      rtl: ["t.v"],
      testbench: { file: "tb/tb.v", top: "tb", drainCycles: 10 },
      data: [{ file: "tb/v.hex", as: "v.hex" }],
    });
    expect(capi2Core.safeParse(good).success).toBe(true);
    expect(capi2Core.safeParse({ ...good, extra: 1 }).success).toBe(false);
    expect(capi2Core.safeParse({ ...good, targets: { ...good.targets, lint: { ...good.targets.lint, bogus: true } } }).success).toBe(false);
    expect(capi2Core.safeParse({ ...good, targets: { x: { filesets: ["nope"] } } }).error?.issues[0]?.message).toBe("fileset nope is not defined");
    expect(capi2Core.safeParse({ ...good, targets: { x: { parameters: ["NOPE=1"] } } }).error?.issues[0]?.message).toBe("parameter NOPE is not defined");
    expect(capi2Core.safeParse({ ...good, name: "no-vlnv" }).success).toBe(false);
  });
});
