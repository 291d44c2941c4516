import type { Command } from "commander";
import { defaultOf, loadCommandParams, makeTileParams, mergedParams, TILE_KEYS } from "../../params/index.js";
import { loadModel } from "../../sme/loaders/index.js";
import { budgetParamsOf } from "../../sme/budget/options.js";
import { analyzeModel } from "../../sme/metrics.js";
import { resolveModelPath } from "../../sweep/models.js";
import { UserError } from "../../util/errors.js";
import { formatAnalysisCsv, formatAnalysisJson, formatAnalysisTables } from "../analysis-format.js";
import { addParamOptions, flagValues } from "../options.js";

async function analyzeAction(modelArg: string | undefined, flags: Record<string, unknown>): Promise<void> {
  const { values: v } = mergedParams(await loadCommandParams("analyze", { ...flags, model: modelArg }));
  if (v.json && v.csv) throw new UserError("choose one of --json and --csv");
  const tile: Record<string, unknown> = {};
  for (const k of TILE_KEYS) if (v[k] !== undefined) tile[k] = v[k];
  const params = makeTileParams(tile);
  const scale = v.scale ?? defaultOf("scale", "analyze")!;
  const started = performance.now();
  const model = await loadModel(resolveModelPath(v.model));
  // The budget mapping is an optimisation over the whole model: planned only when it is the mode asked for.
  const budget = params.mode === "budget" ? budgetParamsOf(v) : undefined;
  const metrics = analyzeModel(model, params, { scale, ...(v.layer !== undefined ? { layer: v.layer } : {}), ...(budget ? { budget } : {}) });
  const seconds = (performance.now() - started) / 1000;
  if (v.json) process.stdout.write(`${formatAnalysisJson(metrics)}\n`);
  else if (v.csv) process.stdout.write(formatAnalysisCsv(metrics));
  else {
    process.stdout.write(formatAnalysisTables(metrics));
    process.stderr.write(`analyze: ${metrics.layers.length} layer(s) in ${seconds.toFixed(2)} s\n`);
  }
}

/** `sme analyze MODEL`: crossbars, SQNR, cycles and row-map bits per layer and mode of a real network (design.md §2.4). */
export function registerAnalyze(program: Command): void {
  const cmd = program
    .command("analyze")
    .description("Per-layer crossbar usage, weight SQNR, input cycles and row-map bits of a model for every mapping mode")
    .argument("[model]", "TF.js model.json / *-weights_manifest.json, an .npy matrix, or resnet / mobilenet (the face-api models); or model: in --config");
  addParamOptions(cmd, "analyze").action((model: string | undefined, opts: Record<string, unknown>) => analyzeAction(model, flagValues(opts, "analyze")));
}
