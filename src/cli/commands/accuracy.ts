import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import type { Command } from "commander";
import { listImages } from "../../accuracy/images.js";
import { DEFAULT_MODELS_DIR } from "../../accuracy/networks.js";
import { accuracyJson, checkAccuracyReportFolder, formatAccuracyTable, writeAccuracyReport } from "../../accuracy/report.js";
import { runAccuracy } from "../../accuracy/run.js";
import { stageTraceDir } from "../../accuracy/traces.js";
import { loadCostTable } from "../../cost/load-table.js";
import {
  defaultOf,
  isAdcLossless,
  isSqueezeMode,
  loadCommandParams,
  losslessAdcBits,
  makeTileParams,
  MAPPING_MODES,
  mergedParams,
  TILE_KEYS,
} from "../../params/index.js";
import { budgetParamsOf } from "../../sme/budget/options.js";
import { UserError } from "../../util/errors.js";
import { addParamOptions, flagValues } from "../options.js";

/** Squeeze depths run when none are given. */
const DEFAULT_SQUEEZE = [1, 2, 3];
const defaultJobs = (): number => Math.max(1, Math.min(availableParallelism(), 4));

async function accuracyAction(flags: Record<string, unknown>): Promise<void> {
  const { values: v, grids } = mergedParams(await loadCommandParams("accuracy", flags));
  const tile: Record<string, unknown> = {};
  for (const k of TILE_KEYS) if (k !== "mode" && k !== "squeeze" && v[k] !== undefined) tile[k] = v[k];
  const base = makeTileParams(tile);
  if (!isAdcLossless(base)) {
    throw new UserError(
      `sme accuracy runs lossless converters only: --adc-bits ${base.adcBits} can saturate (these rows need ${losslessAdcBits(base.ouRows, base.dacBits)}); leave --adc-bits out`,
    );
  }
  const modes = grids.mode ?? [...MAPPING_MODES];
  const squeezes = grids.squeeze ?? DEFAULT_SQUEEZE;
  for (const m of modes) if (isSqueezeMode(m)) for (const d of squeezes) makeTileParams({ ...tile, mode: m, squeeze: d });
  // Budget: one run per target, each network planned as one budget (scope model unless --budget-scope says otherwise).
  const targets = grids.targetSqnr ?? [defaultOf("targetSqnr", "accuracy")!];
  const budgets = targets.map((t) => budgetParamsOf({ targetSqnr: t, budgetScope: v.budgetScope ?? null, minLayerSqnr: v.minLayerSqnr ?? null }));
  const activations = v.activations ?? defaultOf("activations", "accuracy")!;
  const backend = v.backend ?? defaultOf("backend", "accuracy")!;
  const images = await listImages(v.images);
  const cost = await loadCostTable(v.cost ?? defaultOf("cost", "accuracy")!);
  const mappings = modes.reduce((n, m) => n + (isSqueezeMode(m) ? squeezes.length : m === "budget" ? budgets.length : 1), 0);
  if (v.saveActivations !== undefined) {
    if (activations !== "quantized") throw new UserError("--save-activations records the A-bit activations the tiles take: drop --activations float");
    if (mappings !== 1) {
      throw new UserError(
        `--save-activations records the activations of one mapping, this run has ${mappings}: choose one --mode (and one --squeeze for the squeeze modes, one --target-sqnr for budget)`,
      );
    }
  }
  if (v.reportDir) checkAccuracyReportFolder(resolve(v.reportDir));
  const stage = v.saveActivations === undefined ? null : await stageTraceDir(v.saveActivations);
  const say = v.json ? undefined : (line: string) => process.stderr.write(`accuracy: ${line}\n`);
  try {
    const result = await runAccuracy({
      base,
      scale: v.scale ?? defaultOf("scale", "accuracy")!,
      modes,
      squeezes,
      budgets,
      activations,
      backend,
      images,
      modelsDir: resolve(v.models ?? DEFAULT_MODELS_DIR),
      mapAll: v.mapAll === true,
      jobs: v.jobs ?? defaultJobs(),
      cost,
      traceDir: stage?.tmp ?? null,
      layerSqnr: v.layerSqnr !== false,
      ...(say ? { progress: say } : {}),
    });
    if (v.reportDir) await writeAccuracyReport(resolve(v.reportDir), result);
    await stage?.commit();
    if (v.json) process.stdout.write(`${accuracyJson(result)}\n`);
    else {
      process.stdout.write(formatAccuracyTable(result));
      const t = result.timing;
      say?.(
        `${t.wallS.toFixed(1)} s wall, ${t.cpuS.toFixed(1)} s CPU on ${result.settings.jobs} engine(s)` +
          `${v.reportDir ? `; report in ${resolve(v.reportDir)}` : ""}${stage && v.saveActivations ? `; activations in ${resolve(v.saveActivations)}` : ""}`,
      );
    }
  } catch (err) {
    await stage?.discard();
    throw err;
  }
}

/** `sme accuracy`: the face-api networks on real photos with SME-mapped weights, against the float network. */
export function registerAccuracy(program: Command): void {
  const cmd = program
    .command("accuracy")
    .description("Run face-api's detector and face recognizer on photos with SME-mapped weights and measure what changes against the float networks");
  addParamOptions(cmd, "accuracy").action((opts: Record<string, unknown>) => accuracyAction(flagValues(opts, "accuracy")));
}
