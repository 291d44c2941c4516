/**
 * The design folder as a FuseSoC core: its self-checking testbench passes in Icarus Verilog as written (and
 * fails on a wrong expected output), and FuseSoC itself accepts the core (`core-info`), lints it and passes the
 * `sim` target. FuseSoC comes from PyPI (`scripts/setup.sh` installs it into .venv/); where it is not installed
 * the FuseSoC tests are skipped with the reason, and the core is still checked against the CAPI2 schema
 * (test/flow/generate/capi2.test.ts).
 */
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { resolveFlowConfig } from "../../../src/flow/config.js";
import { generateDesign, writeDesign } from "../../../src/flow/generate/generate.js";
import { fusesoc, icarusSimulate, ToolFailedError, toolVersion, verilatorLintPaths, withTempDir } from "../../../src/tools/index.js";
import { runSme, SMALL_INPUT, tempDir } from "../helpers.js";

const fusesocVersion = await toolVersion("fusesoc").catch((err: unknown) => (err as Error).message.split("\n")[0]);
const haveFusesoc = /^\d+\.\d+/.test(fusesocVersion);
if (!haveFusesoc) console.warn(`FuseSoC tests skipped: ${fusesocVersion}`);

/** Runs the folder's testbench the way its README says, without FuseSoC. */
async function runTestbench(dir: string, programmable: boolean): Promise<string> {
  const tb = join(dir, "tb");
  if (programmable) await cp(join(dir, "program.hex"), join(tb, "program.hex"));
  const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as { files: { name: string }[] };
  const rtl = manifest.files.map((f) => f.name).filter((n) => n.endsWith(".v") && !n.startsWith("tb/"));
  return (await icarusSimulate(tb, [...rtl.map((n) => join("..", n)), "sme_flow_tb.v"], { top: "sme_flow_tb" })).output;
}

describe.each([
  { label: "bare programmable tile", input: { ...SMALL_INPUT, seed: 3 } },
  { label: "baked tile in its AXI4-Stream shell", input: { ...SMALL_INPUT, kind: "baked", bus: "axis", axisActWidth: 8, axisSumWidth: 16, seed: 4 } },
])("design folder core: $label", ({ input }) => {
  it("its testbench passes in Icarus Verilog, and stops with an error on a wrong expected output", async () => {
    await withTempDir("core-tb", async (root) => {
      const g = await generateDesign(resolveFlowConfig({ ...input, out: join(root, "d") }));
      await writeDesign(g);
      const programmable = g.config.kind === "programmable";
      expect(await runTestbench(g.dir, programmable)).toMatch(/^PASS: \d+ outputs match expected\.hex$/m);
      // The testbench is emitted Verilog too: lint-clean with the design under -Wall (--timing for its delays).
      // It comes first, so its `timescale covers the design's modules as in a simulator's compilation unit.
      const rtl = g.manifest.files.map((f) => f.name).filter((n) => n.endsWith(".v") && n !== "tb/sme_flow_tb.v");
      const lint = await verilatorLintPaths(
        ["tb/sme_flow_tb.v", ...rtl].map((n) => join(g.dir, n)),
        "sme_flow_tb",
        { timing: true },
      );
      expect(lint.messages).toEqual([]);
      expect(lint.ok).toBe(true);
      const bad = join(root, "bad");
      await cp(g.dir, bad, { recursive: true });
      const expected = (await readFile(join(bad, "tb/expected.hex"), "utf8")).split("\n");
      expected[2] = expected[2]!.replace(/.$/, (c) => (c === "0" ? "1" : "0"));
      await writeFile(join(bad, "tb/expected.hex"), expected.join("\n"));
      const err = await runTestbench(bad, programmable).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ToolFailedError);
      expect((err as ToolFailedError).output).toMatch(/MISMATCH: output 2 is/);
      expect((err as ToolFailedError).output).toMatch(/FAIL: \d+ of \d+ outputs, 1 wrong/);
    });
  });

  it.skipIf(!haveFusesoc)("FuseSoC reads the core, lints it clean and passes its sim target in Icarus Verilog", async () => {
    await withTempDir("core-fusesoc", async (root) => {
      const g = await generateDesign(resolveFlowConfig({ ...input, out: join(root, "d") }));
      await writeDesign(g);
      const vlnv = (parse((await readFile(join(g.dir, `${g.name}.core`), "utf8")).replace(/^CAPI=2:\n/, "")) as { name: string }).name;
      const info = await fusesoc(g.dir, ["core-info", vlnv], { cwd: root, timeoutMs: 60_000 });
      expect(info.exitCode, info.output).toBe(0);
      expect(info.output).toMatch(/lint\s*:/);
      expect(info.output).toMatch(/sim\s*:/);
      const lint = await fusesoc(g.dir, ["run", "--target", "lint", vlnv], { cwd: root, timeoutMs: 120_000 });
      expect(lint.exitCode, lint.output).toBe(0);
      expect(lint.output).not.toMatch(/%Warning|%Error/);
      const sim = await fusesoc(g.dir, ["run", "--target", "sim", vlnv], { cwd: root, timeoutMs: 120_000 });
      expect(sim.exitCode, sim.output).toBe(0);
      expect(sim.output).toMatch(/PASS: \d+ outputs match expected\.hex/);
    });
  });
});

describe("sme generate as a FuseSoC generator", () => {
  it("reads the generator input FuseSoC writes and names the core after the inputs hash", async () => {
    const root = await tempDir("gapi");
    const params = { ...SMALL_INPUT, mode: "squeeze-min", bus: "axis", seed: 5 };
    await writeFile(join(root, "gen_input.yml"), `files_root: ${root}\ngapi: '1.0'\nparameters: ${JSON.stringify(params)}\nvlnv: ::net-tile:0\n`);
    const r = await runSme(["generate", "--config", join(root, "gen_input.yml"), "--out", join(root, "d"), "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const manifest = JSON.parse(await readFile(join(root, "d", "manifest.json"), "utf8")) as { name: string; inputsHash: string; bus: unknown };
    expect(manifest.bus).not.toBeNull();
    expect(manifest.name.endsWith(`-${manifest.inputsHash.slice(0, 8)}`)).toBe(true);
    const core = parse((await readFile(join(root, "d", `${manifest.name}.core`), "utf8")).replace(/^CAPI=2:\n/, "")) as { name: string };
    expect(core.name).toMatch(new RegExp(`^sme-rtl:tile:${manifest.name}:\\d+\\.\\d+\\.\\d+$`));
    // The same settings as flags give the same design.
    const flags = await generateDesign(resolveFlowConfig({ ...params, out: join(root, "e") }));
    expect(flags.name).toBe(manifest.name);
  });
});
