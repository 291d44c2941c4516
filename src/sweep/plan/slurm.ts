import { join } from "node:path";
import type { PlanContext, PlanFiles } from "./plan.js";
import { shardFileNames } from "./plan.js";
import { shellLine, shellQuote } from "./shell.js";

/** How the jobs start sme: `SME` from the environment when set, else the project's own `sme` through npx. */
const SME_COMMAND = [
  "# The sme command: the project's own (npx, from the folder the plan was made in) unless SME names another.",
  `SME=\${SME:-"npx --no sme"}`,
];

/**
 * Slurm: an `sbatch --array=1-N` job whose task i runs shard i (`sme sweep --shard auto` reads the array index),
 * a merge job, and `submit.sh`, which queues both with the merge depending on every task's success
 * (`--dependency=afterok`). Paths are absolute: the nodes are expected to share the file system the plan was
 * made on.
 */
export function slurmPlan(c: PlanContext): PlanFiles {
  const q = shellQuote;
  const config = join(c.planDir, "sweep.json");
  const logs = join(c.outDir, "logs");
  const array = [
    "#!/bin/bash",
    `# Array job of ${c.name}: task i of 1..${c.shards} evaluates shard i of ${c.points} points into ${c.outDir}.`,
    "# Queue it with submit.sh, which also queues the merge.",
    `#SBATCH --job-name=${c.name}`,
    `#SBATCH --array=1-${c.shards}`,
    `#SBATCH --cpus-per-task=${c.jobs}`,
    `#SBATCH --output=${join(logs, "shard-%a.log")}`,
    "set -euo pipefail",
    ...SME_COMMAND,
    `cd ${q(c.workDir)}`,
    `$SME ${shellLine(["sweep", "--config", config, "--shard", "auto", "--out", c.outDir, "--no-progress"])}`,
    "",
  ].join("\n");
  const merge = [
    "#!/bin/bash",
    `# Merge job of ${c.name}: combines the ${c.shards} shards' results into ${join(c.outDir, "results.jsonl")}.`,
    `#SBATCH --job-name=${c.name}-merge`,
    `#SBATCH --output=${join(logs, "merge.log")}`,
    "set -euo pipefail",
    ...SME_COMMAND,
    `cd ${q(c.workDir)}`,
    `$SME sweep merge ${shardFileNames(c.shards)
      .map((f) => q(join(c.outDir, f)))
      .join(" ")} --out ${q(c.outDir)}`,
    "",
  ].join("\n");
  const submit = [
    "#!/bin/bash",
    "# Queues the array job, then the merge, which starts once every array task has succeeded.",
    "set -euo pipefail",
    `mkdir -p ${q(logs)}`,
    `array=$(sbatch --parsable ${q(join(c.planDir, "sweep.sbatch"))})`,
    `array=\${array%%;*}`,
    `merge=$(sbatch --parsable --dependency=afterok:$array ${q(join(c.planDir, "merge.sbatch"))})`,
    `echo "array job $array (${c.shards} tasks), merge job \${merge%%;*}: results in ${join(c.outDir, "results.jsonl")}"`,
    "",
  ].join("\n");
  const readme = [
    `# ${c.name}: a sweep of ${c.points} points in ${c.shards} Slurm array tasks`,
    "",
    "```sh",
    `bash ${join(c.planDir, "submit.sh")}`,
    "```",
    "",
    `- \`sweep.sbatch\`: the array job (\`--array=1-${c.shards}\`, ${c.jobs} CPU(s) per task); task i runs`,
    "  `sme sweep --config sweep.json --shard auto`, which reads `SLURM_ARRAY_TASK_ID` and writes",
    `  \`results.shard-i-of-${c.shards}.jsonl\` into \`${c.outDir}\`. A task that is run again resumes its shard.`,
    "- `merge.sbatch`: `sme sweep merge` of the shards into `results.jsonl`, `results.csv`, `layers.csv`, `results.json`.",
    "- `submit.sh`: queues both, the merge with `--dependency=afterok` on the array. Logs go to",
    `  \`${logs}\`.`,
    `- The jobs \`cd\` to \`${c.workDir}\` and run \`npx --no sme\` there; set \`SME\` to another command (e.g. \`SME=sme\`) to change that.`,
    "",
  ].join("\n");
  return {
    files: new Map([
      ["sweep.sbatch", array],
      ["merge.sbatch", merge],
      ["submit.sh", submit],
      ["README.md", readme],
    ]),
    submit: "submit.sh",
  };
}
