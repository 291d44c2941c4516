import type { Command } from "commander";
import { formatAnalysisCsv, formatAnalysisJson, formatAnalysisTables } from "../../sme/analysis-format.js";
import { readConfigFile, scaleFrom, tileParamsFrom } from "../../sme/config.js";
import { loadModel } from "../../sme/loaders/index.js";
import { analyzeModel } from "../../sme/metrics.js";
import { resolveModelPath } from "../../sweep/models.js";
import { UserError } from "../../util/errors.js";

interface AnalyzeFlags {
  config?: string;
  layer?: string;
  json?: boolean;
  csv?: boolean;
  [key: string]: unknown;
}

async function analyzeAction(modelArg: string, flags: AnalyzeFlags): Promise<void> {
  if (flags.json && flags.csv) throw new UserError("choose one of --json and --csv");
  const config = flags.config ? await readConfigFile(flags.config) : {};
  const params = tileParamsFrom(config, flags);
  const scale = scaleFrom(config, flags);
  const layer = flags.layer ?? (typeof config.layer === "string" ? config.layer : undefined);
  const started = performance.now();
  const model = await loadModel(resolveModelPath(modelArg));
  const metrics = analyzeModel(model, params, { scale, ...(layer !== undefined ? { layer } : {}) });
  const seconds = (performance.now() - started) / 1000;
  if (flags.json) process.stdout.write(`${formatAnalysisJson(metrics)}\n`);
  else if (flags.csv) process.stdout.write(formatAnalysisCsv(metrics));
  else {
    process.stdout.write(formatAnalysisTables(metrics));
    process.stderr.write(`analyze: ${metrics.layers.length} layer(s) in ${seconds.toFixed(2)} s\n`);
  }
}

/** `sme analyze MODEL`: crossbars, SQNR, cycles and row-map bits per layer and mode of a real network (design.md §2.4). */
export function registerAnalyze(program: Command): void {
  program
    .command("analyze")
    .description("Per-layer crossbar usage, weight SQNR, input cycles and row-map bits of a model for every mapping mode")
    .argument("<model>", "TF.js model.json / *-weights_manifest.json, an .npy matrix, or resnet / mobilenet (the face-api models)")
    .option("--rows <R>", "crossbar rows (default 128)")
    .option("--cols <C>", "crossbar columns (default 128)")
    .option("--weight-bits <N>", "weight magnitude bits (default 8)")
    .option("--window <S>", "SME window, 1..N (default 3; S = N is plain N-bit quantization)")
    .option("--act-bits <A>", "activation bits (default 8)")
    .option("--dac-bits <bits>", "DAC bits per input cycle (default 1)")
    .option("--ou-rows <rows>", "rows activated together, must divide R (default R)")
    .option("--adc-bits <bits>", "ADC bits (default lossless)")
    .option("--mode <mode>", "mode shown per layer: dense, bitslice, squeeze, squeeze-min, remap (default squeeze-min)")
    .option("--squeeze <D>", "D of the squeeze modes, 1..N-1 (default 2)")
    .option("--scale <scale>", "weight scale: layer, channel or pow2 (default layer)")
    .option("--layer <name>", "analyze only this kernel")
    .option("--config <file>", "JSON or YAML file with the same keys in camelCase (flags win)")
    .option("--json", "print the metrics as JSON on stdout (nothing else)")
    .option("--csv", "print the selected mode's per-layer metrics as CSV on stdout")
    .action((model: string, flags: AnalyzeFlags) => analyzeAction(model, flags));
}
