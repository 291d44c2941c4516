import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { readResults } from "../../src/sweep/results-file.js";
import { runSweep } from "../../src/sweep/runner.js";
import { parseSweepSpec } from "../../src/sweep/spec.js";
import { tempModel, writeNpy } from "./helpers.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const sme = `${process.execPath} ${join(repo, "bin", "sme.mjs")}`;

/** What must not differ between two runs of a point (the time it took may). */
const figures = (r: { elapsedMs?: number }) => {
  const { elapsedMs: _t, ...rest } = r;
  return rest;
};

describe("the emitted Slurm plan, run locally", () => {
  it("gives, task by task with the array variables set and then merged, the results of the unsharded sweep", async () => {
    const { dir } = await tempModel();
    const model = join(dir, "w.npy");
    await writeNpy(
      model,
      Array.from({ length: 24 }, (_, i) => Array.from({ length: 10 }, (_, j) => Math.sin(i * 3 + j * 7) * (1 + (i % 5)))),
    );
    const grid = ["--rows", "4,8", "--cols", "R", "--mode", "dense,squeeze,remap", "--squeeze", "1,2", "--window", "2,3"];
    const out = join(dir, "out");
    await execa(process.execPath, [join(repo, "bin", "sme.mjs"), "sweep", "plan", model, ...grid, "--shards", "3", "--emit", "slurm", "--out", out], {
      cwd: dir,
    });
    const plan = join(out, "plan");
    const array = await readFile(join(plan, "sweep.sbatch"), "utf8");
    expect(array).toMatch(/^#SBATCH --array=1-3$/m);
    // Slurm numbers this array 1..3; the tasks run out of order, as a cluster may run them.
    for (const task of [2, 3, 1]) {
      const env = { SME: sme, SLURM_ARRAY_TASK_ID: String(task), SLURM_ARRAY_TASK_MIN: "1", SLURM_ARRAY_TASK_MAX: "3", SLURM_ARRAY_TASK_COUNT: "3" };
      const r = await execa("bash", [join(plan, "sweep.sbatch")], { env, reject: false });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stderr).toContain(`shard ${task} of 3 (Slurm)`);
    }
    const merged = await execa("bash", [join(plan, "merge.sbatch")], { env: { SME: sme }, reject: false });
    expect(merged.exitCode, merged.stderr).toBe(0);

    const spec = parseSweepSpec({ model, rows: "4,8", cols: "R", mode: "dense,squeeze,remap", squeeze: "1,2", window: "2,3" });
    const whole = await runSweep({ spec, outDir: join(dir, "whole"), jobs: 1 });
    expect(whole.results.length).toBe(16);
    const fromShards = await readResults(join(out, "results.jsonl"));
    const byKey = new Map(fromShards.map((r) => [r.key, r]));
    expect(fromShards.length).toBe(whole.results.length);
    for (const r of whole.results) expect(figures(byKey.get(r.key)!), r.key).toEqual(JSON.parse(JSON.stringify(figures(r))));
  }, 300_000);
});
