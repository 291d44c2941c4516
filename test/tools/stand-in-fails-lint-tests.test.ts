/**
 * The lint tests prove something only if they fail when Verilator does not really run: with a stand-in
 * `verilator` that exits 1 and prints nothing, the tests of emitted Verilog and of `sme verify`'s lint step
 * must fail, not pass on an empty output.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/util/paths.js";
import { standInDir, writeScript } from "./stand-ins.js";

let scripts: Awaited<ReturnType<typeof standInDir>>;
beforeAll(async () => {
  scripts = await standInDir();
});
afterAll(() => scripts.remove());

describe("a stand-in verilator that exits 1 silently", () => {
  it("makes the lint tests fail", async () => {
    const stub = await writeScript(scripts.dir, "verilator", "exit 1");
    const files = ["test/examples/counter.test.ts", "test/flow/verify/lint.test.ts"];
    // A moved file would make vitest run fewer tests and this check fail for the wrong reason.
    for (const f of files) expect(existsSync(join(projectRoot, f)), `${f} is missing`).toBe(true);
    // The default reporter only: the nested run must not overwrite this run's JSON report.
    const run = await execa("npx", ["vitest", "run", "--reporter", "default", ...files], {
      cwd: projectRoot,
      env: { SME_VERILATOR: stub, FORCE_COLOR: "0", NO_COLOR: "1" },
      reject: false,
      all: true,
    });
    expect(run.exitCode, run.all).toBe(1);
    expect(run.all).toMatch(/Tests\s+3 failed \(3\)/);
    expect(run.all).toMatch(/ToolFailedError: verilator \(.*\) --version failed \(exit status 1\)/);
  }, 180_000);
});
