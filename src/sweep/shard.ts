import { parseParams } from "../params/index.js";
import { UserError } from "../util/errors.js";

export interface Shard {
  /** 1-based shard number. */
  readonly index: number;
  readonly count: number;
}

/** Parses `--shard i/n` (1 <= i <= n), as a Slurm array index or GNU parallel's `{#}` gives it. */
export function parseShard(text: string): Shard {
  const shard = parseParams({ shard: text }, { keys: ["shard"], origin: { kind: "flags" } }).shard!;
  if (shard === "auto") throw new UserError("--shard auto is resolved from the environment: use resolveShard");
  return shard;
}

/** The points of one shard: every n-th point, so that shards get a similar mix of cheap and costly points. */
export function selectShard<T>(items: readonly T[], shard: Shard | undefined): T[] {
  if (shard === undefined) return [...items];
  return items.filter((_, i) => i % shard.count === shard.index - 1);
}

/** Environment variable that gives the shard count where the scheduler does not (Kubernetes, AWS Batch). */
export const SHARD_COUNT_ENV = "SME_SHARD_COUNT";

/** Where `--shard auto` found its shard, for messages. */
export interface ResolvedShard extends Shard {
  readonly from: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The shard of `--shard auto`: index and count from the array job that started the process.
 *
 * - Slurm (`sbatch --array=a-b`): `SLURM_ARRAY_TASK_ID` minus `SLURM_ARRAY_TASK_MIN`, plus 1; the count is
 *   `SLURM_ARRAY_TASK_COUNT` (or `MAX - MIN + 1`). An array with gaps or steps (`--array=0-15:4`, `1,5,7`) has
 *   no such numbering and is refused.
 * - Kubernetes Indexed Jobs: `JOB_COMPLETION_INDEX` (0-based); the count from `count` (`--shard-count`) or
 *   `SME_SHARD_COUNT` (the Job's `completions`, which Kubernetes does not put in the environment).
 * - AWS Batch array jobs: `AWS_BATCH_JOB_ARRAY_INDEX` (0-based); the count as for Kubernetes.
 *
 * None of them set, or a count that is missing or contradicts the scheduler's, is a `UserError` saying what to set.
 */
export function resolveShard(env: Env, count?: number): ResolvedShard {
  const givenCount = count ?? wholeFrom(env, SHARD_COUNT_ENV, 1);
  const slurmId = env.SLURM_ARRAY_TASK_ID;
  if (slurmId !== undefined && slurmId !== "") {
    const id = wholeFrom(env, "SLURM_ARRAY_TASK_ID", 0)!;
    const min = wholeFrom(env, "SLURM_ARRAY_TASK_MIN", 0) ?? 0;
    const max = wholeFrom(env, "SLURM_ARRAY_TASK_MAX", 0);
    const taskCount = wholeFrom(env, "SLURM_ARRAY_TASK_COUNT", 1);
    const span = max === undefined ? undefined : max - min + 1;
    const n = taskCount ?? span ?? givenCount;
    if (n === undefined)
      throw new UserError("--shard auto: Slurm set SLURM_ARRAY_TASK_ID but neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX; give --shard-count");
    if (span !== undefined && span !== n) {
      throw new UserError(
        `--shard auto: the Slurm array ${min}-${max} has ${n} tasks, not one per index (a step or a list); submit it as --array=1-${n} or give --shard i/n`,
      );
    }
    const index = id - min + 1;
    if (index < 1 || index > n) throw new UserError(`--shard auto: SLURM_ARRAY_TASK_ID ${id} is outside the array ${min}-${min + n - 1}`);
    checkCount(givenCount, n, "the Slurm array");
    return { index, count: n, from: "Slurm" };
  }
  for (const [variable, scheduler] of [
    ["JOB_COMPLETION_INDEX", "Kubernetes Indexed Job"],
    ["AWS_BATCH_JOB_ARRAY_INDEX", "AWS Batch array job"],
  ] as const) {
    if (env[variable] === undefined || env[variable] === "") continue;
    const zeroBased = wholeFrom(env, variable, 0)!;
    if (givenCount === undefined) {
      throw new UserError(
        `--shard auto: a ${scheduler} (${variable}=${zeroBased}) does not say how many shards there are; give --shard-count N or set ${SHARD_COUNT_ENV}`,
      );
    }
    if (zeroBased >= givenCount)
      throw new UserError(`--shard auto: ${variable} ${zeroBased} is not below the shard count ${givenCount}; the count must be the job's size`);
    return { index: zeroBased + 1, count: givenCount, from: scheduler };
  }
  throw new UserError(
    "--shard auto found no array job: it reads SLURM_ARRAY_TASK_ID (Slurm), JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs) or " +
      "AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch); outside an array job give --shard i/n",
  );
}

function checkCount(given: number | undefined, actual: number, what: string): void {
  if (given !== undefined && given !== actual)
    throw new UserError(`--shard auto: --shard-count / ${SHARD_COUNT_ENV} says ${given} shards, ${what} has ${actual}; leave the count out or make them agree`);
}

/** A whole number >= `min` from the environment, undefined when unset; anything else is a `UserError` naming the variable. */
function wholeFrom(env: Env, name: string, min: number): number | undefined {
  const text = env[name];
  if (text === undefined || text.trim() === "") return undefined;
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < min) throw new UserError(`--shard auto: ${name} must be a whole number of at least ${min}, got "${text}"`);
  return Number(text);
}
