import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { captureOutput } from "../capture-output.js";
import YAML from "yaml";
import { runCli } from "../../src/cli/program.js";
import { readResults } from "../../src/sweep/results-file.js";
import { tempModel, writeNpy } from "./helpers.js";

const cli = captureOutput();

async function npyModel() {
  const { dir } = await tempModel();
  const model = join(dir, "w.npy");
  await writeNpy(
    model,
    Array.from({ length: 20 }, (_, i) => Array.from({ length: 12 }, (_, j) => Math.cos(i * 5 + j) * (j + 1))),
  );
  return { dir, model };
}

const GRID = ["--rows", "4,8", "--mode", "dense,remap,squeeze", "--squeeze", "1"];

describe("sme sweep plan", () => {
  it("writes a Kubernetes Indexed Job whose pods read their shard from the environment, and a merge Job over every shard", async () => {
    const { dir, model } = await npyModel();
    const out = join(dir, "out");
    expect(
      await runCli([
        "sweep",
        "plan",
        model,
        ...GRID,
        "--shards",
        "3",
        "--emit",
        "k8s",
        "--image",
        "registry.example/sme:1",
        "--jobs",
        "2",
        "--out",
        out,
        "--json",
      ]),
    ).toBe(0);
    const written = JSON.parse(cli.stdout) as { plan: string; points: number; files: string[]; name: string };
    expect(written.points).toBe(6);
    expect(written.plan).toBe(join(out, "plan"));
    const docs = YAML.parseAllDocuments(await readFile(join(out, "plan", "sweep-job.yaml"), "utf8")).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual(["ConfigMap", "PersistentVolumeClaim", "Job"]);
    const config = JSON.parse(docs[0].data["sweep.json"]);
    expect(config).toEqual({ rows: [4, 8], mode: ["dense", "remap", "squeeze"], squeeze: [1], model, jobs: 2 });
    const job = docs[2];
    expect(job.metadata.name).toBe(written.name);
    expect(job.spec).toMatchObject({ completionMode: "Indexed", completions: 3, parallelism: 3 });
    const pod = job.spec.template.spec.containers[0];
    expect(pod.image).toBe("registry.example/sme:1");
    expect(pod.command).toEqual(["sme", "sweep", "--config", "/plan/sweep.json", "--shard", "auto", "--out", "/results", "--no-progress"]);
    expect(pod.env).toEqual([{ name: "SME_SHARD_COUNT", value: "3" }]);
    expect(pod.resources.requests.cpu).toBe("2");
    const merge = YAML.parse(await readFile(join(out, "plan", "merge-job.yaml"), "utf8"));
    expect(merge.spec.template.spec.containers[0].command).toEqual([
      "sme",
      "sweep",
      "merge",
      "/results/results.shard-1-of-3.jsonl",
      "/results/results.shard-2-of-3.jsonl",
      "/results/results.shard-3-of-3.jsonl",
      "--out",
      "/results",
    ]);
    expect(await readFile(join(out, "plan", "submit.sh"), "utf8")).toMatch(new RegExp(`kubectl wait --for=condition=complete .*job/${written.name}\\n`));
  });

  it("writes a GitHub Actions matrix with one job per shard and a merge job over the uploaded artifacts, paths relative to the checkout", async () => {
    const { dir, model } = await npyModel();
    const out = join(dir, "out");
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(await runCli(["sweep", "plan", "w.npy", ...GRID, "--shards", "2", "--emit", "gha", "--out", "out"])).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    const config = JSON.parse(await readFile(join(out, "plan", "sweep.json"), "utf8"));
    // Relative to the plan folder, which a config file's paths are read against.
    expect(config.model).toBe("../../w.npy");
    expect(resolve(out, "plan", config.model)).toBe(model);
    const wf = YAML.parse(await readFile(join(out, "plan", "sme-sweep.yml"), "utf8"));
    expect(wf.jobs.sweep.strategy.matrix.shard).toEqual([1, 2]);
    const runs = (steps: Array<{ run?: string }>) => steps.flatMap((s) => (s.run ? [s.run] : []));
    expect(runs(wf.jobs.sweep.steps)).toContain(`npx sme sweep --config out/plan/sweep.json --shard \${{ matrix.shard }}/2 --out sweep-out --no-progress`);
    expect(wf.jobs.merge.needs).toBe("sweep");
    expect(runs(wf.jobs.merge.steps)).toContain("npx sme sweep merge shards/*.jsonl --out sweep-out");
    expect(wf.jobs.merge.steps.find((s: { uses?: string }) => s.uses?.startsWith("actions/download-artifact"))!.with).toMatchObject({
      pattern: "sweep-shard-*",
      "merge-multiple": true,
    });
  });

  it("refuses more shards than points, a folder that is not a plan, and a Kubernetes plan without an image", async () => {
    const { dir, model } = await npyModel();
    expect(await runCli(["sweep", "plan", model, "--rows", "4,8", "--shards", "3", "--out", join(dir, "a")])).toBe(2);
    expect(cli.stderr).toMatch(/--shards 3 is more than the sweep's 2 point\(s\)/);
    await mkdir(join(dir, "b", "plan"), { recursive: true });
    await writeFile(join(dir, "b", "plan", "notes.txt"), "mine");
    cli.stderr = "";
    expect(await runCli(["sweep", "plan", model, "--rows", "4,8", "--shards", "2", "--out", join(dir, "b")])).toBe(2);
    expect(cli.stderr).toMatch(/holds files that are not a sweep plan \(notes\.txt\)/);
    cli.stderr = "";
    expect(await runCli(["sweep", "plan", model, "--rows", "4,8", "--shards", "2", "--emit", "k8s", "--out", join(dir, "c")])).toBe(2);
    expect(cli.stderr).toMatch(/--emit k8s needs --image/);
  });
});

describe("sme sweep point", () => {
  it("prints the results line sme sweep writes for the same point", async () => {
    const { dir, model } = await npyModel();
    const out = join(dir, "full");
    expect(await runCli(["sweep", model, "--rows", "4", "--mode", "squeeze", "--squeeze", "1", "--out", out, "--no-progress"])).toBe(0);
    const [expected] = await readResults(join(out, "results.jsonl"));
    cli.stdout = "";
    expect(await runCli(["sweep", "point", "--json", JSON.stringify({ model, rows: 4, mode: "squeeze", squeeze: 1 })])).toBe(0);
    expect(cli.stdout.endsWith("\n") && cli.stdout.trim().split("\n")).toHaveLength(1);
    const line = JSON.parse(cli.stdout);
    const { elapsedMs: _a, ...got } = line;
    const { elapsedMs: _b, ...want } = expected!;
    expect(got).toEqual(JSON.parse(JSON.stringify(want)));
  });

  it("exits 2 with one line for a point that is not one point, bad JSON or an unknown key", async () => {
    const { model } = await npyModel();
    expect(await runCli(["sweep", "point", "--json", JSON.stringify({ model, rows: "4,8" })])).toBe(2);
    expect(cli.stderr).toMatch(/^sme: --json: sme sweep point runs one point, these keys give 2 /);
    cli.stderr = "";
    expect(await runCli(["sweep", "point", "--json", "{rows: 4"])).toBe(2);
    expect(cli.stderr).toMatch(/^sme: --json is not valid JSON/);
    cli.stderr = "";
    expect(await runCli(["sweep", "point", "--json", JSON.stringify({ model, rowz: 4 })])).toBe(2);
    expect(cli.stderr).toMatch(/unknown key "rowz" \(did you mean "rows"\?\)/);
    cli.stderr = "";
    expect(await runCli(["sweep", "point"])).toBe(2);
    expect(cli.stderr).toMatch(/sme sweep point needs --json/);
    expect(cli.stdout).toBe("");
  });
});
