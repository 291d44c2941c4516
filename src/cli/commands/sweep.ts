import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { Command, Option } from "commander";
import YAML from "yaml";
import { writeReport, type ReportInput } from "../../report/report.js";
import { paperFigures, paperModels } from "../../sweep/figures-preset.js";
import { paramNames } from "../../sweep/params.js";
import { mergeResults, readResults } from "../../sweep/results-file.js";
import { resultsFileName, runSweep, writeSummaries, type SweepRun } from "../../sweep/runner.js";
import { parseShard } from "../../sweep/shard.js";
import { parseSweepSpec, type RawSpec } from "../../sweep/spec.js";
import { UserError } from "../../util/errors.js";


/** Reads a JSON or YAML sweep config whose keys are the camelCase flag names. */
export async function readSweepConfig(file: string): Promise<RawSpec> {
  if (!existsSync(file)) throw new UserError(`config file ${file} does not exist`);
  const text = await readFile(file, "utf8");
  let raw: unknown;
  try {
    raw = file.endsWith(".json") ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    throw new UserError(`cannot parse config file ${file}: ${(err as Error).message.split("\n")[0]}`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new UserError(`config file ${file} must hold a mapping of parameter names to values`);
  return raw as RawSpec;
}

function positiveInt(what: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UserError(`${what} must be a whole number of at least 1, got "${v}"`);
    return n;
  };
}

interface SweepFlags {
  config?: string;
  layer?: string;
  cost?: string;
  rtl?: boolean;
  rtlBudget?: string;
  jobs?: number;
  shard?: string;
  out?: string;
  fresh?: boolean;
  report?: boolean;
  json?: boolean;
  progress?: boolean;
  [param: string]: unknown;
}

function summary(run: SweepRun): object {
  return {
    resultsFile: run.resultsPath,
    points: run.results.length,
    evaluated: run.evaluated,
    resumed: run.resumed,
    seconds: Number((run.elapsedMs / 1000).toFixed(2)),
    results: run.results.map((r) => ({ point: r.point, adcBits: r.adcBits, totals: r.totals, ...(r.rtl ? { rtl: r.rtl } : {}) })),
  };
}

async function sweepAction(model: string | undefined, flags: SweepFlags): Promise<void> {
  const fromConfig = flags.config ? await readSweepConfig(flags.config) : {};
  const fromFlags: RawSpec = {};
  for (const name of paramNames) if (flags[name] !== undefined) fromFlags[name] = flags[name];
  if (model !== undefined) fromFlags.model = model;
  if (flags.layer !== undefined) fromFlags.layer = flags.layer;
  if (flags.cost !== undefined) fromFlags.cost = flags.cost;
  if (flags.rtl) fromFlags.rtl = true;
  if (flags.rtlBudget !== undefined) fromFlags.rtlBudgetS = flags.rtlBudget;
  const raw: RawSpec = { ...fromConfig, ...fromFlags };
  const spec = parseSweepSpec(raw, flags.config ?? "the command line");
  if (spec.rtl) {
    await (await import("../../sweep/rtl.js")).checkRtlTools(); // fail now, not after the first point
    const big = spec.points.filter((p) => p.rows * p.cols > 64 * 64).length;
    if (big > 0) {
      process.stderr.write(
        `sweep: warning: ${big} point(s) have tiles above 64x64; Yosys synthesis of those takes minutes and may exceed the ${spec.rtlBudgetS} s budget (--rtl-budget)\n`,
      );
    }
  }
  const jobs = flags.jobs ?? (typeof raw.jobs === "number" ? raw.jobs : 1);
  const shardText = flags.shard ?? (typeof raw.shard === "string" ? raw.shard : undefined);
  const outDir = resolve(flags.out ?? (typeof raw.out === "string" ? raw.out : "out/sweep"));
  const run = await runSweep({
    spec, outDir, jobs,
    ...(shardText ? { shard: parseShard(shardText) } : {}),
    fresh: flags.fresh === true || raw.fresh === true,
    progress: flags.progress !== false && !flags.json,
  });
  if (flags.report) await writeReport(join(outDir, "report"), [{ source: run.resultsPath, results: run.results }]);
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(summary(run))}\n`);
  } else {
    process.stderr.write(
      `sweep: ${run.results.length} points (${run.evaluated} evaluated, ${run.resumed} resumed) in ${(run.elapsedMs / 1000).toFixed(1)} s -> ${run.resultsPath}` +
        `${flags.report ? `, report in ${join(outDir, "report")}` : ""}\n`,
    );
  }
}

async function mergeAction(files: string[], flags: { out?: string; json?: boolean }): Promise<void> {
  if (files.length === 0) throw new UserError("sme sweep merge needs at least one results file");
  const merged = mergeResults(await Promise.all(files.map((f) => readResults(f))));
  const outDir = resolve(flags.out ?? "out/sweep");
  await mkdir(outDir, { recursive: true });
  const target = join(outDir, resultsFileName(undefined));
  await writeFile(target, merged.map((r) => `${JSON.stringify(r)}\n`).join(""));
  await writeSummaries(outDir, merged);
  if (flags.json) process.stdout.write(`${JSON.stringify({ resultsFile: target, points: merged.length, inputs: files })}\n`);
  else process.stderr.write(`merge: ${merged.length} points from ${files.length} file(s) -> ${target}\n`);
}

/** Runs the three paper-figure sweeps on both face-api models (resumable, in `<out>/sweeps`) and writes `<out>/report`. */
async function figuresAction(flags: { out?: string; jobs?: number; cost?: string; json?: boolean; progress?: boolean }): Promise<void> {
  const outDir = resolve(flags.out ?? "reports/paper-figures");
  const inputs: ReportInput[] = [];
  for (const model of paperModels) {
    for (const fig of paperFigures) {
      const spec = parseSweepSpec({ ...fig.grid, model, ...(flags.cost ? { cost: flags.cost } : {}) }, `figure ${fig.id}`);
      if (!flags.json) process.stderr.write(`${model}: ${fig.title} (${spec.points.length} points)\n`);
      const run = await runSweep({ spec, outDir: join(outDir, "sweeps", model, fig.id), jobs: flags.jobs ?? 1, progress: flags.progress !== false && !flags.json });
      inputs.push({ source: `sweeps/${model}/${fig.id}/results.jsonl`, results: run.results, heading: fig.title, id: fig.id });
    }
  }
  const reportDir = join(outDir, "report");
  const { figures } = await writeReport(reportDir, inputs, { title: "SME paper figures on the face-api networks" });
  if (flags.json) process.stdout.write(`${JSON.stringify({ report: join(reportDir, "index.html"), markdown: join(reportDir, "report.md"), figures })}\n`);
  else process.stderr.write(`figures: report in ${join(reportDir, "index.html")} and ${join(reportDir, "report.md")}\n`);
}

const gridHelp = "a value, a list (32,64), a range (1..8, 0..12:4) or a geometric range (32..256*2)";

/** `sme sweep`: parameter grids over a model, `sme sweep merge` for shards, `sme sweep figures` for the paper figures. */
export function registerSweep(program: Command): void {
  const sweep = program
    .command("sweep")
    .description("Sweep tile parameters over a model's real weights: crossbars, SQNR, row-map bits, area and energy per point")
    .argument("[model]", "TF.js model.json / weights manifest, an .npy matrix, or resnet / mobilenet (the face-api models)")
    .option("--rows <grid>", `crossbar rows R: ${gridHelp}`)
    .option("--cols <grid>", "crossbar columns C (R = same as rows)")
    .option("--weight-bits <grid>", "weight bits N")
    .option("--window <grid>", "window S (1..N)")
    .option("--mode <list>", "mapping modes: dense, bitslice, squeeze, squeeze-min, remap")
    .option("--squeeze <grid>", "D of the squeeze modes (1..N-1)")
    .option("--act-bits <grid>", "activation bits A")
    .option("--dac-bits <grid>", "DAC bits per input cycle")
    .option("--ou-rows <grid>", "rows activated together (must divide R; R = all)")
    .option("--adc-bits <grid>", "ADC bits (lossless = no saturation)")
    .option("--scale <list>", "weight scale: layer, channel, pow2")
    .option("--layer <name>", "only this kernel of the model")
    .option("--config <file>", "JSON or YAML file with the same keys in camelCase (flags win)")
    .option("--cost <table>", "cost table: sme (paper Table I), isaac, or a JSON file", undefined)
    .option("--rtl", "also generate each tile, count Yosys cells and measure sme verify vectors/s")
    .option("--rtl-budget <seconds>", "time budget of the RTL measurements per point")
    .addOption(new Option("--jobs <n>", `points evaluated in parallel (this machine has ${availableParallelism()} cores)`).argParser(positiveInt("--jobs")))
    .option("--shard <i/n>", "run only shard i of n (1-based) into its own results file; combine with sme sweep merge")
    .option("--out <dir>", "output folder for results.jsonl, results.csv, layers.csv, results.json (default: out/sweep)")
    .option("--fresh", "discard earlier results in the output folder instead of resuming")
    .option("--report", "also write an HTML + Markdown report with plots into <out>/report")
    .option("--no-progress", "no progress bar")
    .option("--json", "print a JSON summary on stdout")
    .action((model: string | undefined, flags: SweepFlags) => sweepAction(model, flags));

  sweep
    .command("merge")
    .description("Combine the results files of shards (or of several runs) into one results.jsonl with CSV/JSON summaries")
    .argument("<files...>", "results*.jsonl files")
    .option("--out <dir>", "output folder", "out/sweep")
    .option("--json", "print a JSON summary on stdout")
    // The parent `sweep` knows --out/--json too and takes them wherever they stand: read both levels.
    .action((files: string[], _flags: unknown, cmd: Command) => mergeAction(files, cmd.optsWithGlobals()));

  sweep
    .command("figures")
    .description("Reproduce the paper figures (crossbars per mode, window S sweep, tile size sweep) on the face-api ResNet and MobileNet models")
    .option("--out <dir>", "report folder (default: reports/paper-figures)")
    .addOption(new Option("--jobs <n>", "points evaluated in parallel").argParser(positiveInt("--jobs")))
    .option("--cost <table>", "cost table: sme, isaac, or a JSON file")
    .option("--no-progress", "no progress bar")
    .option("--json", "print a JSON summary on stdout")
    .action((_flags: unknown, cmd: Command) => figuresAction(cmd.optsWithGlobals()));
}
