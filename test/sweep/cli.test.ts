import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { captureOutput } from "../capture-output.js";
import { runCli } from "../../src/cli/program.js";
import { tempModel, writeNpy } from "./helpers.js";

const cli = captureOutput();

async function npyModel() {
  const { dir } = await tempModel();
  const model = join(dir, "w.npy");
  await writeNpy(
    model,
    Array.from({ length: 20 }, (_, i) => Array.from({ length: 12 }, (_, j) => Math.sin(i * 7 + j * 3) * (j + 1))),
  );
  return { dir, model };
}

describe("sme sweep / sme report", () => {
  it("sweeps an .npy matrix from flags and a YAML config, prints JSON only on stdout, and reports", async () => {
    const { dir, model } = await npyModel();
    const cfg = join(dir, "sweep.yaml");
    await writeFile(cfg, "rows: 8..16*2\ncols: R\nmode: [bitslice, squeeze]\nsqueeze: 2\n");
    const out = join(dir, "out");
    expect(await runCli(["sweep", model, "--config", cfg, "--window", "2,3", "--out", out, "--json", "--report"])).toBe(0);
    const summary = JSON.parse(cli.stdout);
    expect(summary.points).toBe(8);
    expect(summary.results[0].point).toMatchObject({ rows: 8, cols: 8, window: 2, mode: "bitslice" });
    expect(existsSync(join(out, "report", "index.html"))).toBe(true);
    expect((await readFile(join(out, "results.csv"), "utf8")).trim().split("\n")).toHaveLength(9);

    cli.stdout = "";
    expect(await runCli(["report", join(out, "results.jsonl"), "--out", join(dir, "rep"), "--json"])).toBe(0);
    expect(JSON.parse(cli.stdout).figures.length).toBeGreaterThan(0);
  });

  it("exits 2 with one clear line for bad specs", async () => {
    const { model } = await npyModel();
    expect(await runCli(["sweep", model, "--window", "4..2"])).toBe(2);
    expect(cli.stderr).toMatch(/^sme: --window: range "4\.\.2" is empty/);
    cli.stderr = "";
    expect(await runCli(["sweep", model, "--weight-bits", "4", "--window", "5"])).toBe(2);
    expect(cli.stderr).toMatch(/--window S = 5 is larger than --weight-bits N = 4; use 1 <= S <= N \(at sweep point rows=128,.*,window=5,/);
    cli.stderr = "";
    expect(await runCli(["sweep", "/no/such.npy"])).toBe(2);
    expect(cli.stderr).toMatch(/does not exist/);
    expect(cli.stdout).toBe("");
  });

  it("runs shards and merges them", async () => {
    const { dir, model } = await npyModel();
    const out = join(dir, "sh");
    for (const s of ["1/2", "2/2"])
      expect(await runCli(["sweep", model, "--rows", "4,8", "--mode", "dense,remap", "--shard", s, "--out", out, "--no-progress"])).toBe(0);
    expect(await runCli(["sweep", "merge", join(out, "results.shard-1-of-2.jsonl"), join(out, "results.shard-2-of-2.jsonl"), "--out", out, "--json"])).toBe(0);
    expect(JSON.parse(cli.stdout).points).toBe(4);
  });
});
