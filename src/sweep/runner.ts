import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import cliProgress from "cli-progress";
import { loadCostTable } from "../cost/load-table.js";
import { checkOutputFolder, recordedOwnership, recordFiles, writeOwnedFile, type Ownership } from "../util/output-folder.js";
import { layersToCsv, resultsToCsv } from "./csv.js";
import { sweepIdentity } from "./identity.js";
import { inProcessExecutor, workerPoolExecutor, type PointExecutor } from "./pool.js";
import { configurationKey, type SweepPoint } from "./params.js";
import type { PointResult } from "./result.js";
import { prepareForAppend, readResults, ResultsAppender } from "./results-file.js";
import { selectShard, type Shard } from "./shard.js";
import { evaluatorSetup, type SweepSpec } from "./spec.js";
import { makeFolder } from "../util/make-folder.js";
import { designOwnership } from "../flow/generate/design-ownership.js";
import { isSweepPlan } from "./plan/plan.js";

export interface RunSweepOptions {
  readonly spec: SweepSpec;
  /** Output folder: the JSON-lines store plus CSV/JSON summaries of this grid. */
  readonly outDir: string;
  /** Points evaluated at the same time (worker threads when above 1). */
  readonly jobs: number;
  readonly shard?: Shard;
  /** Forget earlier results in the output folder instead of resuming. */
  readonly fresh?: boolean;
  /** Show a progress bar with ETA on stderr. */
  readonly progress?: boolean;
  /** Module that evaluates points (tests pass a cheap one). */
  readonly evaluatorUrl?: string;
}

export interface SweepRun {
  readonly resultsPath: string;
  /** Results of this grid (this shard) in grid order, old and new. */
  readonly results: readonly PointResult[];
  readonly evaluated: number;
  /** Points found done in the results file and skipped. */
  readonly resumed: number;
  readonly elapsedMs: number;
}

export const defaultEvaluatorUrl = new URL("./golden-evaluator.js", import.meta.url).href;

/** The results file of a run: one per shard, so shards on a shared disk never write the same file. */
export function resultsFileName(shard: Shard | undefined): string {
  return shard ? `results.shard-${shard.index}-of-${shard.count}.jsonl` : "results.jsonl";
}

/**
 * Runs a validated sweep: skips points already in the results file, evaluates the rest `jobs` at a time,
 * appends each result as one JSON line the moment it is ready (so an interrupted sweep resumes), then writes
 * `results.csv`, `layers.csv` and `results.json` for the grid.
 */
export async function runSweep(opts: RunSweepOptions): Promise<SweepRun> {
  const started = performance.now();
  const { spec } = opts;
  // Everything that can be wrong with the input is found before the first file is written.
  checkSweepFolder(opts.outDir);
  await loadCostTable(spec.cost);
  const resultsName = resultsFileName(opts.shard);
  const resultsPath = join(opts.outDir, resultsName);
  const done = opts.fresh || !existsSync(resultsPath) ? new Set<string>() : new Set((await readResults(resultsPath)).map((r) => r.key));

  const identity = sweepIdentity(spec);
  const keyOf = identity.keyOf;
  const mine = selectShard(spec.points, opts.shard);
  const todo = mine.filter((p) => !done.has(keyOf(p)));

  let evaluated = 0;
  if (todo.length > 0) {
    const setup = evaluatorSetup(spec);
    const url = opts.evaluatorUrl ?? defaultEvaluatorUrl;
    const batches = batchByConfiguration(todo);
    const jobs = Math.max(1, Math.min(opts.jobs, batches.length));
    // Loading the model (and the layer, the cost table) checks them: a bad one leaves no folder behind.
    const executor: PointExecutor = jobs === 1 ? await inProcessExecutor(url, setup) : await workerPoolExecutor(jobs, url, setup);
    let appender: ResultsAppender;
    try {
      await makeFolder(opts.outDir);
      if (opts.fresh) await rm(resultsPath, { force: true });
      await prepareForAppend(resultsPath);
      await recordFiles(opts.outDir, "sweep", { [resultsName]: null });
      appender = await ResultsAppender.open(resultsPath);
    } catch (err) {
      await executor.close();
      throw err;
    }
    const bar = opts.progress
      ? new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: "sweep {bar} {value}/{total} points | {percentage}% | elapsed {duration_formatted} | ETA {eta_formatted}",
            etaBuffer: 20,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
    bar?.start(todo.length, 0);
    const queue = [...batches];
    let failure: unknown;
    try {
      await Promise.all(
        Array.from({ length: jobs }, async () => {
          for (let batch = queue.shift(); batch !== undefined && failure === undefined; batch = queue.shift()) {
            try {
              const rs = await executor.run(batch);
              for (const [i, r] of rs.entries()) {
                const p = batch[i]!;
                await appender.append(identity.stamp(r, p));
              }
              evaluated += rs.length;
              bar?.increment(rs.length);
            } catch (err) {
              failure ??= err;
            }
          }
        }),
      );
    } finally {
      bar?.stop();
      await appender.close();
      await executor.close();
    }
    if (failure !== undefined) throw failure;
  }

  await makeFolder(opts.outDir);
  if (!existsSync(resultsPath)) await prepareForAppend(resultsPath);
  await recordFiles(opts.outDir, "sweep", { [resultsName]: null });
  const stored = new Map((await readResults(resultsPath)).map((r) => [r.key, r]));
  const results = mine.map((p) => stored.get(keyOf(p))).filter((r): r is PointResult => r !== undefined);
  await writeSummaries(opts.outDir, results, opts.shard ? `.shard-${opts.shard.index}-of-${opts.shard.count}` : "");
  return { resultsPath, results, evaluated, resumed: mine.length - todo.length, elapsedMs: performance.now() - started };
}

/**
 * Groups points that differ only in mapping mode and D: the golden model analyses every mode of a configuration
 * at once, so they are evaluated together on one worker. Batch order follows the grid.
 */
export function batchByConfiguration(points: readonly SweepPoint[]): SweepPoint[][] {
  const batches = new Map<string, SweepPoint[]>();
  for (const p of points) {
    const k = configurationKey(p);
    let b = batches.get(k);
    if (!b) {
      b = [];
      batches.set(k, b);
    }
    b.push(p);
  }
  return [...batches.values()];
}

/** `results.csv` (one row per point), `layers.csv` (one per layer per point) and `results.json`, each replaced whole. */
export async function writeSummaries(outDir: string, results: readonly PointResult[], suffix = ""): Promise<void> {
  await writeOwnedFile(outDir, "sweep", `results${suffix}.csv`, resultsToCsv(results));
  await writeOwnedFile(outDir, "sweep", `layers${suffix}.csv`, layersToCsv(results));
  await writeOwnedFile(outDir, "sweep", `results${suffix}.json`, `${JSON.stringify(results, null, 1)}\n`);
}

/** The files a sweep writes into its output folder. */
const SWEEP_FILE = /^(results|layers)(\.shard-\d+-of-\d+)?\.(jsonl|csv|json)$/;

/** A sweep folder an earlier version wrote, before folders carried a record of their files. */
function legacySweep(_dir: string, entries: readonly string[]): Ownership | null {
  if (!entries.some((e) => /^results.*\.jsonl$/.test(e))) return null;
  if (!entries.every((e) => SWEEP_FILE.test(e) || e === "report")) return null;
  return { files: new Map(entries.filter((e) => e !== "report").map((e) => [e, null])), folders: ["report"] };
}

/**
 * Refuses an output folder that holds files the sweep did not write (or that were changed since): a sweep
 * rewrites its summaries there and appends to its results file. Its `report/` is checked when written, and a
 * `plan/` that `sme sweep plan` wrote is left alone.
 */
export function checkSweepFolder(outDir: string): void {
  checkOutputFolder(outDir, {
    label: "--out",
    // The sweep's own record, and a design sme generate wrote there (one config file's `out` serves both).
    ownership: (dir) => {
      const own = recordedOwnership(dir);
      const design = designOwnership(dir);
      // `sme sweep plan` puts the scheduler's jobs in <out>/plan; its shards then write their results beside it.
      const plan = isSweepPlan(join(dir, "plan"));
      if (!own && !design && !plan) return null;
      const folders = [...(own?.folders ?? []), "report", ...(plan ? ["plan"] : [])];
      return { files: new Map([...(design?.files ?? []), ...(own?.files ?? [])]), folders: [...new Set(folders)] };
    },
    legacy: legacySweep,
  });
}
