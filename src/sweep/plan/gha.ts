import { join, relative } from "node:path";
import YAML from "yaml";
import { UserError } from "../../util/errors.js";
import type { PlanContext, PlanFiles } from "./plan.js";

/** GitHub Actions runs at most this many jobs of one matrix. */
const MAX_MATRIX = 256;

/**
 * GitHub Actions: a workflow (to copy into `.github/workflows/`) with a matrix job, one entry per shard, each
 * uploading its results file as an artifact, and a merge job that downloads them all, merges them and uploads
 * the merged results. Paths are relative to the repository root (the folder the plan was made in).
 */
export function githubActionsPlan(c: PlanContext): PlanFiles {
  if (c.shards > MAX_MATRIX) throw new UserError(`--emit gha: a GitHub Actions matrix runs at most ${MAX_MATRIX} jobs, not --shards ${c.shards}`);
  const config = relative(c.workDir, join(c.planDir, "sweep.json"));
  const setup = [
    { uses: "actions/checkout@v4" },
    { uses: "actions/setup-node@v4", with: { "node-version": 20, cache: "npm" } },
    { run: "npm ci --no-fund --no-audit" },
    ...(c.rtl ? [{ name: "Verilator and Yosys for --rtl", run: "sudo apt-get update && sudo apt-get install -y verilator yosys" }] : []),
  ];
  const workflow = {
    name: c.name,
    on: { workflow_dispatch: {} },
    jobs: {
      sweep: {
        "runs-on": "ubuntu-latest",
        strategy: { "fail-fast": false, matrix: { shard: Array.from({ length: c.shards }, (_, i) => i + 1) } },
        steps: [
          ...setup,
          {
            name: `Shard \${{ matrix.shard }} of ${c.shards}`,
            run: `npx sme sweep --config ${config} --shard \${{ matrix.shard }}/${c.shards} --out sweep-out --no-progress`,
          },
          {
            uses: "actions/upload-artifact@v4",
            with: { name: `sweep-shard-\${{ matrix.shard }}`, path: "sweep-out/results.shard-*.jsonl", "if-no-files-found": "error" },
          },
        ],
      },
      merge: {
        needs: "sweep",
        "runs-on": "ubuntu-latest",
        steps: [
          ...setup,
          { uses: "actions/download-artifact@v4", with: { pattern: "sweep-shard-*", path: "shards", "merge-multiple": true } },
          { name: "Merge the shards", run: "npx sme sweep merge shards/*.jsonl --out sweep-out" },
          { uses: "actions/upload-artifact@v4", with: { name: "sweep-results", path: "sweep-out/" } },
        ],
      },
    },
  };
  const text =
    `# ${c.name}: ${c.points} sweep points in ${c.shards} matrix jobs and a merge job. Copy into .github/workflows/.\n` +
    YAML.stringify(workflow, { lineWidth: 0, aliasDuplicateObjects: false });
  const readme = [
    `# ${c.name}: a sweep of ${c.points} points as a GitHub Actions matrix of ${c.shards} jobs`,
    "",
    "```sh",
    `cp ${relative(c.workDir, join(c.planDir, "sme-sweep.yml"))} .github/workflows/ && git add .github/workflows/sme-sweep.yml ${config}`,
    "```",
    "",
    `Commit both, then start the workflow (it runs on \`workflow_dispatch\`). Matrix job i runs \`sme sweep --shard i/${c.shards}\``,
    "and uploads its results as the artifact `sweep-shard-i`; the merge job downloads them, runs `sme sweep merge` and",
    "uploads `sweep-results` (results.jsonl, results.csv, layers.csv, results.json). Paths in `sweep.json` are relative",
    "to its folder, so a model file must be committed too (`resnet` and `mobilenet` ship with sme).",
    "",
  ].join("\n");
  return {
    files: new Map([
      ["sme-sweep.yml", text],
      ["README.md", readme],
    ]),
    submit: "sme-sweep.yml",
  };
}
