import { join, resolve } from "node:path";
import type { Command } from "commander";
import { defaultOf, loadCommandParams, mergedParams } from "../../params/index.js";
import { writeReport, type ReportInput } from "../../report/report.js";
import { paperFigures, paperModels } from "../../sweep/figures-preset.js";
import { writePlan } from "../../sweep/plan/plan.js";
import { evaluateOnePoint, parsePointJson } from "../../sweep/point.js";
import { mergeResults, readResults } from "../../sweep/results-file.js";
import { checkSweepFolder, resultsFileName, runSweep, writeSummaries, type SweepRun } from "../../sweep/runner.js";
import { resolveShard, type Shard } from "../../sweep/shard.js";
import { parseSweepSpec } from "../../sweep/spec.js";
import { UserError } from "../../util/errors.js";
import { checkOutputFolder, recordFiles, writeOwnedFile } from "../../util/output-folder.js";
import { addParamOptions, flagValues } from "../options.js";
import { makeFolder } from "../../util/make-folder.js";

function summary(run: SweepRun): object {
  return {
    resultsFile: run.resultsPath,
    points: run.results.length,
    evaluated: run.evaluated,
    resumed: run.resumed,
    seconds: Number((run.elapsedMs / 1000).toFixed(2)),
    results: run.results.map((r) => ({
      point: r.point, adcBits: r.adcBits, totals: r.totals, ...(r.rtl ? { rtl: r.rtl } : {}), ...(r.accuracy ? { accuracy: r.accuracy } : {}),
    })),
  };
}

async function sweepAction(model: string | undefined, flags: Record<string, unknown>): Promise<void> {
  const read = await loadCommandParams("sweep", { ...flags, model });
  const { values: v, grids } = mergedParams(read);
  const spec = parseSweepSpec({ ...v, ...grids }, read.configFile ?? "the command line");
  if (spec.rtl) {
    await (await import("../../sweep/rtl.js")).checkRtlTools(); // fail now, not after the first point
    const big = spec.points.filter((p) => p.rows * p.cols > 64 * 64).length;
    if (big > 0) {
      process.stderr.write(
        `sweep: warning: ${big} point(s) have tiles above 64x64; Yosys synthesis of those takes minutes and may exceed the ${spec.rtlBudgetS} s budget (--rtl-budget)\n`,
      );
    }
  }
  const outDir = resolve(v.out ?? defaultOf("out", "sweep")!);
  const shard = chosenShard(v.shard, v.shardCount);
  if (shard && v.shard === "auto" && !v.json) process.stderr.write(`sweep: shard ${shard.index} of ${shard.count} (${shard.from})\n`);
  const run = await runSweep({
    spec, outDir,
    jobs: v.jobs ?? defaultOf("jobs", "sweep")!,
    ...(shard ? { shard: { index: shard.index, count: shard.count } } : {}),
    fresh: v.fresh === true,
    progress: v.progress !== false && !v.json,
  });
  if (v.report) await writeReport(join(outDir, "report"), [{ source: run.resultsPath, results: run.results }]);
  if (v.json) {
    process.stdout.write(`${JSON.stringify(summary(run))}\n`);
  } else {
    process.stderr.write(
      `sweep: ${run.results.length} points (${run.evaluated} evaluated, ${run.resumed} resumed) in ${(run.elapsedMs / 1000).toFixed(1)} s -> ${run.resultsPath}` +
        `${v.report ? `, report in ${join(outDir, "report")}` : ""}\n`,
    );
  }
}

/** `--shard i/n` as given, or `--shard auto` resolved from the array job's environment. */
function chosenShard(shard: Shard | "auto" | undefined, count: number | undefined): (Shard & { from?: string }) | undefined {
  if (count !== undefined && shard !== "auto") throw new UserError("--shard-count goes with --shard auto; with --shard i/n the count is n");
  return shard === "auto" ? resolveShard(process.env, count) : shard;
}

/** `sme sweep plan`: the sweep's config plus the array job and merge job of a scheduler, in `<out>/plan`. */
async function planAction(model: string | undefined, flags: Record<string, unknown>): Promise<void> {
  const read = await loadCommandParams("sweep plan", { ...flags, model });
  const { values: v, grids } = mergedParams(read);
  const spec = parseSweepSpec({ ...v, ...grids }, read.configFile ?? "the command line");
  const target = v.emit ?? defaultOf("emit", "sweep plan")!;
  if (v.image !== undefined && target !== "k8s") throw new UserError(`--image names the container of --emit k8s; --emit ${target} takes none`);
  const plan = await writePlan({
    target, spec, values: v, grids,
    shards: v.shards ?? defaultOf("shards", "sweep plan")!,
    jobs: v.jobs ?? defaultOf("jobs", "sweep plan")!,
    outDir: resolve(v.out ?? defaultOf("out", "sweep plan")!),
    workDir: process.cwd(),
    ...(v.image !== undefined ? { image: v.image } : {}),
  });
  if (v.json) process.stdout.write(`${JSON.stringify({ plan: plan.planDir, name: plan.name, points: spec.points.length, submit: plan.submit, files: plan.files })}\n`);
  else process.stderr.write(`plan: ${spec.points.length} points in ${v.shards ?? defaultOf("shards", "sweep plan")} ${target} shard(s) -> ${plan.planDir}; start with ${plan.submit}\n`);
}

/** `sme sweep point --json '{...}'`: one point, its results line on stdout. */
async function pointAction(flags: Record<string, unknown>): Promise<void> {
  const { values: v } = mergedParams(await loadCommandParams("sweep point", flags));
  if (v.pointJson === undefined) throw new UserError(`sme sweep point needs --json '{...}': the point's sweep keys, e.g. '{"model":"resnet","rows":64,"mode":"remap"}'`);
  const result = await evaluateOnePoint(parsePointJson(v.pointJson), "--json");
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function mergeAction(files: string[], flags: Record<string, unknown>): Promise<void> {
  const { values: v } = mergedParams(await loadCommandParams("sweep merge", flags));
  if (files.length === 0) throw new UserError("sme sweep merge needs at least one results file");
  const outDir = resolve(v.out ?? defaultOf("out", "sweep merge")!);
  checkSweepFolder(outDir);
  const merged = mergeResults(await Promise.all(files.map((f) => readResults(f))));
  // As `sme report` does: an empty merge is a mistake in the file names, not a result.
  if (merged.length === 0) throw new UserError(`no sweep results in ${files.join(", ")}; run sme sweep first (or check the file names)`);
  const name = resultsFileName(undefined);
  const target = join(outDir, name);
  await makeFolder(outDir);
  await writeOwnedFile(outDir, "sweep", name, merged.map((r) => `${JSON.stringify(r)}\n`).join(""));
  await recordFiles(outDir, "sweep", { [name]: null });
  await writeSummaries(outDir, merged);
  if (v.json) process.stdout.write(`${JSON.stringify({ resultsFile: target, points: merged.length, inputs: files })}\n`);
  else process.stderr.write(`merge: ${merged.length} points from ${files.length} file(s) -> ${target}\n`);
}

/** What `sme sweep figures` writes into its folder: one sweep folder per model and figure, and the report. */
const FIGURE_FOLDERS = ["sweeps", "report"];

/** Runs the three paper-figure sweeps on both face-api models (resumable, in `<out>/sweeps`) and writes `<out>/report`. */
async function figuresAction(flags: Record<string, unknown>): Promise<void> {
  const { values: v } = mergedParams(await loadCommandParams("sweep figures", flags));
  const outDir = resolve(v.out ?? defaultOf("out", "sweep figures")!);
  checkOutputFolder(outDir, {
    label: "--out",
    legacy: (_dir, entries) => (entries.every((e) => FIGURE_FOLDERS.includes(e)) ? { files: new Map(), folders: FIGURE_FOLDERS } : null),
  });
  await makeFolder(outDir);
  await recordFiles(outDir, "sweep figures", {}, FIGURE_FOLDERS);
  const inputs: ReportInput[] = [];
  for (const model of paperModels) {
    for (const fig of paperFigures) {
      const spec = parseSweepSpec({ ...fig.grid, model, ...(v.cost ? { cost: v.cost } : {}) }, `figure ${fig.id}`);
      if (!v.json) process.stderr.write(`${model}: ${fig.title} (${spec.points.length} points)\n`);
      const run = await runSweep({
        spec, outDir: join(outDir, "sweeps", model, fig.id), jobs: v.jobs ?? defaultOf("jobs", "sweep figures")!, progress: v.progress !== false && !v.json,
      });
      inputs.push({ source: `sweeps/${model}/${fig.id}/results.jsonl`, results: run.results, heading: fig.title, id: fig.id });
    }
  }
  const reportDir = join(outDir, "report");
  const { figures } = await writeReport(reportDir, inputs, { title: "SME paper figures on the face-api networks" });
  if (v.json) process.stdout.write(`${JSON.stringify({ report: join(reportDir, "index.html"), markdown: join(reportDir, "report.md"), figures })}\n`);
  else process.stderr.write(`figures: report in ${join(reportDir, "index.html")} and ${join(reportDir, "report.md")}\n`);
}

/** `sme sweep`: parameter grids over a model, `sme sweep merge` for shards, `sme sweep figures` for the paper figures. */
export function registerSweep(program: Command): void {
  const sweep = program
    .command("sweep")
    // Options after `plan`, `point`, `merge` or `figures` are that subcommand's (`sweep point --json` takes a value).
    .enablePositionalOptions()
    .description("Sweep tile parameters over a model's real weights: crossbars, SQNR, row-map bits, area and energy per point")
    .argument("[model]", "TF.js model.json / weights manifest, an .npy matrix, or resnet / mobilenet (the face-api models); or model: in --config");
  addParamOptions(sweep, "sweep").action((model: string | undefined, opts: Record<string, unknown>) => sweepAction(model, flagValues(opts, "sweep")));

  const merge = sweep
    .command("merge")
    .description("Combine the results files of shards (or of several runs) into one results.jsonl with CSV/JSON summaries")
    .argument("<files...>", "results*.jsonl files");
  // The parent `sweep` knows --out/--json too and takes them wherever they stand: read both levels.
  addParamOptions(merge, "sweep merge").action((files: string[], _opts: unknown, cmd: Command) => mergeAction(files, flagValues(cmd.optsWithGlobals(), "sweep merge")));

  const plan = sweep
    .command("plan")
    .description("Write the jobs that run a sweep on a cluster: an array job (Slurm, a Kubernetes Indexed Job or a GitHub Actions matrix) and its merge job")
    .argument("[model]", "as for sme sweep");
  addParamOptions(plan, "sweep plan").action((m: string | undefined, _opts: unknown, cmd: Command) => planAction(m, flagValues(cmd.optsWithGlobals(), "sweep plan")));

  const point = sweep
    .command("point")
    .description("Evaluate one sweep point and print its results line (JSON) on stdout: for any queue that hands out points");
  addParamOptions(point, "sweep point").action((_opts: unknown, cmd: Command) => pointAction(flagValues(cmd.opts(), "sweep point")));

  const figures = sweep
    .command("figures")
    .description("Reproduce the paper figures (crossbars per mode, window S sweep, tile size sweep) on the face-api ResNet and MobileNet models");
  addParamOptions(figures, "sweep figures").action((_opts: unknown, cmd: Command) => figuresAction(flagValues(cmd.optsWithGlobals(), "sweep figures")));
}
