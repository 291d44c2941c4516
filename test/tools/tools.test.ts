import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lintDesign } from "../../src/flow/verify/lint.js";
import {
  iverilogCompile,
  nextpnrIce40,
  ToolFailedError,
  type ToolName,
  ToolNotFoundError,
  toolCommand,
  toolVersion,
  verilatorLint,
  verilatorLintPaths,
  withTempDir,
  yosysCheck,
} from "../../src/tools/index.js";
import { realTool, standInDir, withEnv, writeScript } from "./stand-ins.js";

const clean = { name: "t.v", text: "module t (input wire clk, input wire a, output reg q);\n  always @(posedge clk) q <= a;\nendmodule\n" };
const widthWarning = { name: "t.v", text: clean.text.replace("q <= a", "q <= {a, a}") };

/**
 * One check per Debian-installed tool, as the project uses them (FuseSoC comes from PyPI and has its own test:
 * test/flow/generate/fusesoc.test.ts).
 */
const CHECKS: Record<Exclude<ToolName, "fusesoc">, { env: string; run: () => Promise<unknown> }> = {
  verilator: { env: "SME_VERILATOR", run: () => verilatorLint([clean], "t") },
  iverilog: { env: "SME_IVERILOG", run: () => iverilogCompile([clean], "t") },
  yosys: { env: "SME_YOSYS", run: () => yosysCheck([clean], "t") },
  "nextpnr-ice40": { env: "SME_NEXTPNR_ICE40", run: () => nextpnrIce40("{}", "hx1k", "tq144") },
};

let scripts: Awaited<ReturnType<typeof standInDir>>;
beforeAll(async () => {
  scripts = await standInDir();
});
afterAll(() => scripts.remove());

describe("tool commands", () => {
  it("come from SME_VERILATOR, SME_IVERILOG and SME_YOSYS, else the PATH", async () => {
    await withEnv({ SME_VERILATOR: "/opt/v/bin/verilator", SME_IVERILOG: "", SME_YOSYS: "/x/yosys" }, async () => {
      expect(toolCommand("verilator")).toBe("/opt/v/bin/verilator");
      expect(toolCommand("iverilog")).toBe("iverilog"); // empty means unset
      expect(toolCommand("yosys")).toBe("/x/yosys");
    });
  });

  it("report the version of the tool that ran", async () => {
    expect(await toolVersion("verilator")).toMatch(/^Verilator \d+\.\d+/);
    expect(await toolVersion("iverilog")).toMatch(/^Icarus Verilog version \d+/);
    expect(await toolVersion("yosys")).toMatch(/^Yosys \d+\.\d+/);
  });
});

describe("a missing or broken tool is an error, never an empty result", () => {
  for (const [tool, check] of Object.entries(CHECKS) as [Exclude<ToolName, "fusesoc">, (typeof CHECKS)["yosys"]][]) {
    it(`${tool}: missing, it says how to install it or set ${check.env}`, async () => {
      const err = await withEnv({ [check.env]: "/nonexistent/tool" }, check.run).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ToolNotFoundError);
      expect((err as Error).message).toContain(`tried to run "/nonexistent/tool"`);
      expect((err as Error).message).toContain(`sudo apt-get install ${tool}`);
      expect((err as Error).message).toContain(check.env);
    });

    it(`${tool}: a stand-in that exits 1 silently fails the check`, async () => {
      const stub = await writeScript(scripts.dir, `${tool}-exit1`, "exit 1");
      const err = await withEnv({ [check.env]: stub }, check.run).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ToolFailedError);
      expect((err as Error).message).toMatch(new RegExp(`^${tool} \\(${stub}\\) .* failed \\(exit status 1\\)`));
    });

    it(`${tool}: a stand-in that answers --version but exits 1 silently on the real job fails the check`, async () => {
      const real = await realTool(tool);
      const stub = await writeScript(scripts.dir, `${tool}-job-exit1`, `case "$1" in -V|--version) exec "${real}" "$@";; esac\nexit 1`);
      const err = await withEnv({ [check.env]: stub }, check.run).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ToolFailedError);
      expect((err as Error).message).toMatch(/exited with status 1 without a diagnostic/);
    });

    it(`${tool}: a stand-in that prints nothing and exits 0 is not taken for a clean result`, async () => {
      const stub = await writeScript(scripts.dir, `${tool}-silent`, "exit 0");
      const err = await withEnv({ [check.env]: stub }, check.run).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ToolFailedError);
      expect((err as Error).message).toMatch(/printed nothing/);
    });
  }

  it("yosys: a stand-in that answers --version and exits 0 without running the script fails the check", async () => {
    const real = await realTool("yosys");
    const stub = await writeScript(scripts.dir, "yosys-job-exit0", `case "$1" in -V) exec "${real}" "$@";; esac\nexit 0`);
    const err = await withEnv({ SME_YOSYS: stub }, () => yosysCheck([clean], "t")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ToolFailedError);
    expect((err as Error).message).toMatch(/without finishing its script/);
  });

  it("sme verify's lint step fails the same way (it runs the Verilator SME_VERILATOR names)", async () => {
    await withTempDir("lint-stub", async (dir) => {
      await writeFile(join(dir, "t.v"), clean.text);
      const stub = await writeScript(scripts.dir, "verilator-lint-exit1", "exit 1");
      const err = await withEnv({ SME_VERILATOR: stub }, () => lintDesign([join(dir, "t.v")], "t", { cacheDir: join(dir, "cache") })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ToolFailedError);
    });
  });
});

describe("lint in any folder", () => {
  it("lints files in a folder whose path holds spaces, unicode and quotes, naming the right file", async () => {
    await withTempDir("lint-path", async (root) => {
      const dir = join(root, "with space", "ünïcødé 'q' \"dq\"");
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, "t.v"), clean.text);
      const ok = await verilatorLintPaths([join(dir, "t.v")], "t");
      expect(ok).toMatchObject({ ok: true, messages: [] });
      expect(ok.version).toMatch(/^Verilator \d/);
      expect((await lintDesign([join(dir, "t.v")], "t", { cacheDir: join(root, "cache") })).ok).toBe(true);

      await writeFile(join(dir, "t.v"), widthWarning.text);
      const bad = await verilatorLintPaths([join(dir, "t.v")], "t");
      expect(bad.ok).toBe(false);
      expect(bad.messages[0]).toMatch(/^%Warning-WIDTH\S*: t\.v:2:/);
      expect(bad.output).not.toMatch(/DECLFILENAME/); // what absolute paths with spaces gave
    });
  });
});
