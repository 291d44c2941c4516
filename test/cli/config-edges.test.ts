import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runSme, tempDir } from "../flow/helpers.js";

/** Runs a command that must fail on its input: exit 2, one line on stderr, nothing on stdout, no folder written. */
async function refused(args: readonly string[], out: string): Promise<string> {
  const r = await runSme([...args, "--out", out]);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr.split("\n")).toHaveLength(2); // one line and its newline
  expect(existsSync(out)).toBe(false);
  return r.stderr.trim();
}

describe("config-file and flag edge cases", () => {
  it("N = 1 with a squeeze mode explains why instead of offering 1 <= D <= 0", async () => {
    const dir = await tempDir("edge-n1");
    const msg = await refused(["generate", "--weight-bits", "1", "--window", "1"], join(dir, "d"));
    expect(msg).toBe(
      "sme: invalid tile parameters: --mode squeeze-min squeezes D = 1..N-1 bits and needs --weight-bits N >= 2; with N = 1 use --mode dense, bitslice or remap",
    );
    const ok = await runSme([
      "generate",
      "--weight-bits",
      "1",
      "--window",
      "1",
      "--mode",
      "bitslice",
      "--rows",
      "8",
      "--cols",
      "8",
      "--out",
      join(dir, "b"),
      "--json",
    ]);
    expect(ok.code).toBe(0);
  });

  it("--adc-bits lossless is taken by generate, as its help says", async () => {
    const dir = await tempDir("edge-lossless");
    const r = await runSme(["generate", "--rows", "8", "--cols", "8", "--adc-bits", "lossless", "--out", join(dir, "d"), "--json"]);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(await readFile(join(dir, "d", "manifest.json"), "utf8")) as { params: { adcBits: number } };
    expect(manifest.params.adcBits).toBe(4); // ceil(log2(8 * 1 + 1))
  });

  it.each([
    ["empty.yaml", ""],
    ["empty.json", ""],
    ["comments.yaml", "# nothing set yet\n"],
  ])("an empty config file is refused, YAML or JSON alike (%s)", async (name, text) => {
    const dir = await tempDir("edge-empty");
    await writeFile(join(dir, name), text);
    for (const command of ["generate", "sweep"]) {
      const msg = await refused([command, "--config", join(dir, name)], join(dir, "out"));
      expect(msg).toBe(`sme: config file ${join(dir, name)} holds no settings; write at least one key (e.g. "rows: 64") or leave out --config`);
    }
  });

  it.each([
    ["dup.json", '{"rows": 8, "cols": 8, "rows": 16}', "twice on line 1"],
    ["dup.yaml", "rows: 8\ncols: 8\nrows: 16\n", "twice (lines 1 and 3)"],
  ])("a key written twice is refused, YAML or JSON alike (%s)", async (name, text, where) => {
    const dir = await tempDir("edge-dup");
    await writeFile(join(dir, name), text);
    const msg = await refused(["generate", "--config", join(dir, name)], join(dir, "d"));
    expect(msg).toBe(`sme: config file ${join(dir, name)}: key "rows" is written ${where}; keep one`);
  });

  it("a malformed tile says what a tile is", async () => {
    const dir = await tempDir("edge-tile");
    await writeFile(join(dir, "c.json"), JSON.stringify({ tile: [1, "x"], weights: "w.npy" }));
    const msg = await refused(["generate", "--config", join(dir, "c.json")], join(dir, "d"));
    expect(msg).toBe(`sme: config file ${join(dir, "c.json")}: tile must be "ROW,COL" or [ROW, COL] with tile indices from 0 (e.g. "0,1"), got [1,"x"]`);
  });

  it('"synthetic: false" without weights is refused instead of building synthetic weights', async () => {
    const dir = await tempDir("edge-synthetic");
    await writeFile(join(dir, "c.yaml"), "synthetic: false\nrows: 8\n");
    const msg = await refused(["generate", "--config", join(dir, "c.yaml")], join(dir, "d"));
    expect(msg).toMatch(/: synthetic is false but no weights file is given; give one with --weights FILE, or drop "synthetic: false"$/);
  });
});
