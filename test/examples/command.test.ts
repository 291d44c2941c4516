import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";

describe("sme examples", () => {
  let dir = "";
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("writes one folder per example with one .v per module, deterministically", async () => {
    dir = await mkdtemp(join(tmpdir(), "sme-examples-"));
    const out = join(dir, "ex");
    const write = process.stdout.write;
    let printed = "";
    process.stdout.write = ((chunk: string) => {
      printed += chunk;
      return true;
    }) as typeof process.stdout.write;
    try {
      expect(await runCli(["examples", "--out", out, "--json"])).toBe(0);
      const first = await readFile(join(out, "pipeline2_width8", "pipeline2_width8.v"), "utf8");
      expect(await runCli(["examples", "--out", out])).toBe(0);
      expect(await readFile(join(out, "pipeline2_width8", "pipeline2_width8.v"), "utf8")).toBe(first);
    } finally {
      process.stdout.write = write;
    }
    const listed = JSON.parse(printed.slice(0, printed.lastIndexOf("]") + 1)) as { module: string; files: string[] }[];
    expect(listed.map((l) => l.module)).toEqual(["counter", "popcount_width16", "fifo_depth4_width8", "regfile_width16_words8", "pipeline2_width8"]);
    expect((await readdir(join(out, "pipeline2_width8"))).sort()).toEqual([
      "add_stage_increment1_width8.v",
      "add_stage_increment2_width8.v",
      "pipeline2_width8.v",
    ]);
    expect((await readdir(out)).sort()).toEqual([".sme-output.json", ...listed.map((l) => l.module)].sort()); // the modules and the record of what was written
  });
});
