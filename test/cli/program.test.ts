import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";

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
});
