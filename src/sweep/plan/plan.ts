import { createHash } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { costPresets } from "../../cost/presets.js";
import { GRID_KEYS, paramSpec, type GridValues, type ParamKey, type ParamValues, type PlanTarget } from "../../params/index.js";
import { writeDirAtomic } from "../../util/atomic-dir.js";
import { UserError } from "../../util/errors.js";
import { modelAliases } from "../models.js";
import { SPEC_KEYS, type SweepSpec } from "../spec.js";
import { githubActionsPlan } from "./gha.js";
import { kubernetesPlan } from "./k8s.js";
import { slurmPlan } from "./slurm.js";

/** What every scheduler's plan is made from. */
export interface PlanContext {
  /** Job names: `sme-sweep-<hash of the sweep's config>`, the same for the same sweep. */
  readonly name: string;
  readonly shards: number;
  /** Worker threads per shard (in the config); the cores each task asks for. */
  readonly jobs: number;
  /** The sweep's output folder (absolute): shard results and the merged results. */
  readonly outDir: string;
  /** The plan folder (absolute), `<outDir>/plan`. */
  readonly planDir: string;
  /** The working directory the plan was made in: the jobs run from there (absolute). */
  readonly workDir: string;
  /** The sweep's config file text (`sweep.json`). */
  readonly config: string;
  /** Whether the sweep measures RTL (the jobs need Verilator and Yosys). */
  readonly rtl: boolean;
  readonly points: number;
  /** Container image with sme installed (Kubernetes). */
  readonly image?: string;
}

/** One scheduler's files, by name inside the plan folder; `submit` is the file to run (or copy) to start the sweep. */
export interface PlanFiles {
  readonly files: ReadonlyMap<string, string>;
  readonly submit: string;
}

/** The shards' results files, in shard order: what the merge job combines. */
export function shardFileNames(shards: number): string[] {
  return Array.from({ length: shards }, (_, i) => `results.shard-${i + 1}-of-${shards}.jsonl`);
}

const PLAN_FILE_NAMES = new Set(["README.md", "sweep.json", "sweep.sbatch", "merge.sbatch", "submit.sh", "sweep-job.yaml", "merge-job.yaml", "sme-sweep.yml"]);

/**
 * The sweep as a config file every shard reads: the sweep keys that were given (grids as lists) and `jobs`.
 * Paths become absolute (Slurm, Kubernetes: the cluster sees the same paths, or the user edits them) or
 * relative to the plan folder (GitHub Actions: a checkout of the same repository); built-in names stay names.
 */
export function sweepConfig(values: ParamValues, grids: GridValues, planDir: string, target: PlanTarget): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of SPEC_KEYS) {
    const v = (GRID_KEYS as readonly ParamKey[]).includes(key) ? grids[key as keyof GridValues] : values[key];
    if (v === undefined) continue;
    out[key] = typeof v === "string" ? placePath(key, v, planDir, target) : v;
  }
  if (values.jobs !== undefined) out.jobs = values.jobs;
  return out;
}

function placePath(key: ParamKey, value: string, planDir: string, target: PlanTarget): string {
  const kind = paramSpec(key).path;
  if (kind === undefined) return value;
  if (kind === "file-or-name" && (Object.hasOwn(modelAliases, value) || Object.hasOwn(costPresets, value))) return value;
  const abs = isAbsolute(value) ? value : resolve(value);
  return target === "gha" ? relative(planDir, abs) || "." : abs;
}

export interface WritePlanOptions {
  readonly target: PlanTarget;
  readonly spec: SweepSpec;
  readonly values: ParamValues;
  readonly grids: GridValues;
  readonly shards: number;
  readonly jobs: number;
  readonly outDir: string;
  readonly workDir: string;
  readonly image?: string;
}

export interface WrittenPlan {
  readonly planDir: string;
  readonly files: readonly string[];
  readonly submit: string;
  readonly name: string;
}

/**
 * Writes `<out>/plan`: the sweep's config and the scheduler's array job and merge job, with a README. The plan
 * folder is replaced as a whole (it must be new or an earlier plan); results in `<out>` are not touched.
 */
export async function writePlan(o: WritePlanOptions): Promise<WrittenPlan> {
  const points = o.spec.points.length;
  if (o.shards > points) throw new UserError(`--shards ${o.shards} is more than the sweep's ${points} point(s): use --shards ${points} or fewer`);
  const planDir = join(o.outDir, "plan");
  checkPlanFolder(planDir);
  const configObject = sweepConfig(o.values, o.grids, planDir, o.target);
  const config = `${JSON.stringify(configObject, null, 2)}\n`;
  const name = `sme-sweep-${createHash("sha256").update(config).update(String(o.shards)).digest("hex").slice(0, 8)}`;
  const ctx: PlanContext = {
    name,
    shards: o.shards,
    jobs: o.jobs,
    outDir: o.outDir,
    planDir,
    workDir: o.workDir,
    config,
    rtl: o.spec.rtl,
    points,
    ...(o.image !== undefined ? { image: o.image } : {}),
  };
  const plan = o.target === "slurm" ? slurmPlan(ctx) : o.target === "k8s" ? kubernetesPlan(ctx) : githubActionsPlan(ctx);
  const files = new Map<string, string>([["sweep.json", config], ...plan.files]);
  await writeDirAtomic(planDir, files);
  return { planDir, files: [...files.keys()].map((f) => join(planDir, f)), submit: join(planDir, plan.submit), name };
}

/** True for a folder `sme sweep plan` wrote: its sweep.json and only the plan's own files. */
export function isSweepPlan(dir: string): boolean {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return false;
  const entries = readdirSync(dir);
  return entries.includes("sweep.json") && entries.every((f) => PLAN_FILE_NAMES.has(f));
}

/** The plan folder may be new, empty or an earlier plan: anything else in it is not ours to replace. */
function checkPlanFolder(dir: string): void {
  if (!existsSync(dir)) return;
  const foreign = readdirSync(dir).filter((f) => !PLAN_FILE_NAMES.has(f));
  if (foreign.length > 0) {
    throw new UserError(`${dir} holds files that are not a sweep plan (${foreign.slice(0, 3).join(", ")}); choose another --out or move them away`);
  }
}
