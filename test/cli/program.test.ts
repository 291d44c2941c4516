import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";
import { packageVersion } from "../../src/util/paths.js";
import { runSme } from "../flow/helpers.js";

describe("sme CLI", () => {
  it("exits 2 on an unknown subcommand", async () => {
    const write = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      expect(await runCli(["no-such-command"])).toBe(2);
    } finally {
      process.stderr.write = write;
    }
  });

  it("prints the package's version for --version and -V", async () => {
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
    for (const flag of ["--version", "-V"]) expect(await runSme([flag])).toEqual({ code: 0, stdout: `${packageVersion()}\n`, stderr: "" });
  });
});
