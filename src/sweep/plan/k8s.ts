import YAML from "yaml";
import { UserError } from "../../util/errors.js";
import type { PlanContext, PlanFiles } from "./plan.js";
import { shardFileNames } from "./plan.js";
import { shellQuote } from "./shell.js";

const PLAN_MOUNT = "/plan";
const RESULTS_MOUNT = "/results";

/**
 * Kubernetes: a ConfigMap with the sweep's config, a ReadWriteMany volume claim for the results, an Indexed Job of
 * N completions whose pod i runs shard i + 1 (`sme sweep --shard auto` reads `JOB_COMPLETION_INDEX`;
 * `SME_SHARD_COUNT` carries N, which Kubernetes does not put in the pod's environment), and a merge Job that
 * `submit.sh` starts once the Indexed Job is complete. The image must have `sme` on its PATH.
 */
export function kubernetesPlan(c: PlanContext): PlanFiles {
  if (c.image === undefined) {
    throw new UserError(
      "--emit k8s needs --image: a container image with sme on its PATH (e.g. FROM node:20 with npm install -g of the packed sme-rtl tarball)",
    );
  }
  const volumes = [
    { name: "plan", configMap: { name: `${c.name}-plan` } },
    { name: "results", persistentVolumeClaim: { claimName: `${c.name}-results` } },
  ];
  const mounts = [
    { name: "plan", mountPath: PLAN_MOUNT, readOnly: true },
    { name: "results", mountPath: RESULTS_MOUNT },
  ];
  const configMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `${c.name}-plan` }, data: { "sweep.json": c.config } };
  const claim = {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: `${c.name}-results` },
    spec: { accessModes: ["ReadWriteMany"], resources: { requests: { storage: "1Gi" } } },
  };
  const job = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: c.name },
    spec: {
      completionMode: "Indexed",
      completions: c.shards,
      parallelism: c.shards,
      backoffLimit: 2 * c.shards,
      template: {
        spec: {
          restartPolicy: "Never",
          containers: [
            {
              name: "shard",
              image: c.image,
              command: ["sme", "sweep", "--config", `${PLAN_MOUNT}/sweep.json`, "--shard", "auto", "--out", RESULTS_MOUNT, "--no-progress"],
              env: [{ name: "SME_SHARD_COUNT", value: String(c.shards) }],
              resources: { requests: { cpu: String(c.jobs) } },
              volumeMounts: mounts,
            },
          ],
          volumes,
        },
      },
    },
  };
  const merge = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: `${c.name}-merge` },
    spec: {
      backoffLimit: 1,
      template: {
        spec: {
          restartPolicy: "Never",
          containers: [
            {
              name: "merge",
              image: c.image,
              command: ["sme", "sweep", "merge", ...shardFileNames(c.shards).map((f) => `${RESULTS_MOUNT}/${f}`), "--out", RESULTS_MOUNT],
              volumeMounts: mounts,
            },
          ],
          volumes,
        },
      },
    },
  };
  const header = (what: string) => `# ${what} of ${c.name}: ${c.points} sweep points in ${c.shards} shards. Start it with submit.sh.\n`;
  const docs = (objects: object[]) => objects.map((o) => YAML.stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })).join("---\n");
  const submit = [
    "#!/bin/bash",
    "# Starts the Indexed Job, waits for every index to complete, then runs the merge Job.",
    "set -euo pipefail",
    'cd "$(dirname "$0")"',
    "kubectl apply -f sweep-job.yaml",
    `kubectl wait --for=condition=complete --timeout=\${SME_SWEEP_TIMEOUT:-24h} job/${shellQuote(c.name)}`,
    "kubectl apply -f merge-job.yaml",
    `kubectl wait --for=condition=complete --timeout=1h job/${shellQuote(`${c.name}-merge`)}`,
    `echo "results in the volume claim ${c.name}-results: ${RESULTS_MOUNT}/results.jsonl"`,
    "",
  ].join("\n");
  const readme = [
    `# ${c.name}: a sweep of ${c.points} points as a Kubernetes Indexed Job of ${c.shards} completions`,
    "",
    "```sh",
    "bash submit.sh",
    "```",
    "",
    `- \`sweep-job.yaml\`: the sweep's config as a ConfigMap (mounted at \`${PLAN_MOUNT}\`), a ReadWriteMany volume claim`,
    `  \`${c.name}-results\` (mounted at \`${RESULTS_MOUNT}\`; the cluster needs a storage class that offers it), and the`,
    `  Indexed Job: pod i runs \`sme sweep --shard auto\`, which reads \`JOB_COMPLETION_INDEX\` and \`SME_SHARD_COUNT=${c.shards}\`.`,
    `- \`merge-job.yaml\`: \`sme sweep merge\` of the shards into \`${RESULTS_MOUNT}/results.jsonl\` and its summaries.`,
    "- `submit.sh`: applies the Indexed Job, waits for it to complete, then runs the merge Job.",
    `- The image \`${c.image}\` must have \`sme\` on its PATH. A model given as a file must exist at the same path in the`,
    "  container (the config holds absolute paths); `resnet` and `mobilenet` ship with sme.",
    "",
  ].join("\n");
  return {
    files: new Map([
      ["sweep-job.yaml", header("Indexed Job") + docs([configMap, claim, job])],
      ["merge-job.yaml", header("Merge Job") + docs([merge])],
      ["submit.sh", submit],
      ["README.md", readme],
    ]),
    submit: "submit.sh",
  };
}
