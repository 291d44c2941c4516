import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import type { Command } from "commander";
import { ACTIVATION_MODES, parseActivationMode } from "../../accuracy/activations.js";
import { BACKENDS, DEFAULT_BACKEND, parseBackend } from "../../accuracy/backend.js";
import { listImages } from "../../accuracy/images.js";
import { DEFAULT_MODELS_DIR } from "../../accuracy/networks.js";
import { accuracyJson, formatAccuracyTable, writeAccuracyReport } from "../../accuracy/report.js";
import { runAccuracy } from "../../accuracy/run.js";
import { stageTraceDir } from "../../accuracy/traces.js";
import { loadCostTable } from "../../cost/load-table.js";
import { readConfigFile, scaleFrom, tileParamsFrom } from "../../sme/config.js";
import { isAdcLossless, losslessAdcBits, MAPPING_MODES, type MappingMode } from "../../sme/params.js";
import { parseGridValues } from "../../sweep/range.js";
import { UserError } from "../../util/errors.js";

interface AccuracyFlags {
  config?: string;
  mode?: string;
  squeeze?: string;
  images?: string;
  models?: string;
  backend?: string;
  activations?: string;
  mapAll?: boolean;
  jobs?: string;
  cost?: string;
  report?: string;
  saveActivations?: string;
  layerSqnr?: boolean;
  json?: boolean;
  [key: string]: unknown;
}

const DEFAULT_MODES = MAPPING_MODES.join(",");
const DEFAULT_SQUEEZE = "1..3";
const defaultJobs = (): number => Math.max(1, Math.min(availableParallelism(), 4));

function modeList(raw: unknown): MappingMode[] {
  return parseGridValues(raw, "--mode").map((m) => {
    if (typeof m !== "string" || !(MAPPING_MODES as readonly string[]).includes(m)) {
      throw new UserError(`--mode: unknown mapping mode "${String(m)}"; use ${MAPPING_MODES.join(", ")}`);
    }
    return m as MappingMode;
  });
}

function squeezeList(raw: unknown): number[] {
  return parseGridValues(raw, "--squeeze").map((d) => {
    if (typeof d !== "number" || !Number.isInteger(d)) throw new UserError(`--squeeze: D must be a whole number, got "${String(d)}"`);
    return d;
  });
}

function jobsFrom(v: string | undefined): number {
  if (v === undefined) return defaultJobs();
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UserError(`--jobs must be a whole number from 1 to 64, got "${v}"`);
  return n;
}

async function accuracyAction(flags: AccuracyFlags): Promise<void> {
  const config = flags.config ? await readConfigFile(flags.config) : {};
  const { mode: cfgMode, squeeze: cfgSqueeze, ...tileConfig } = config;
  const { mode: _m, squeeze: _s, ...tileFlags } = flags;
  const base = tileParamsFrom(tileConfig, tileFlags);
  if (!isAdcLossless(base)) {
    throw new UserError(
      `sme accuracy runs lossless converters only: --adc-bits ${base.adcBits} can saturate (these rows need ${losslessAdcBits(base.ouRows, base.dacBits)}); leave adcBits out of the config file`,
    );
  }
  const modes = modeList(flags.mode ?? cfgMode ?? DEFAULT_MODES);
  const squeezes = squeezeList(flags.squeeze ?? cfgSqueeze ?? DEFAULT_SQUEEZE);
  const activations = parseActivationMode(flags.activations ?? "quantized");
  const backend = parseBackend(flags.backend ?? DEFAULT_BACKEND);
  const images = await listImages(flags.images);
  const cost = await loadCostTable(flags.cost ?? "sme");
  const mappings = modes.reduce((n, m) => n + (m === "squeeze" || m === "squeeze-min" ? squeezes.length : 1), 0);
  if (flags.saveActivations !== undefined) {
    if (activations !== "quantized") throw new UserError("--save-activations records the A-bit activations the tiles take: drop --activations float");
    if (mappings !== 1) {
      throw new UserError(`--save-activations records the activations of one mapping, this run has ${mappings}: choose one --mode (and one --squeeze for the squeeze modes)`);
    }
  }
  const stage = flags.saveActivations === undefined ? null : await stageTraceDir(flags.saveActivations);
  const say = flags.json ? undefined : (line: string) => process.stderr.write(`accuracy: ${line}\n`);
  try {
    const result = await runAccuracy({
      base,
      scale: scaleFrom(config, flags),
      modes,
      squeezes,
      activations,
      backend,
      images,
      modelsDir: resolve(flags.models ?? DEFAULT_MODELS_DIR),
      mapAll: flags.mapAll === true,
      jobs: jobsFrom(flags.jobs),
      cost,
      traceDir: stage?.tmp ?? null,
      layerSqnr: flags.layerSqnr !== false,
      ...(say ? { progress: say } : {}),
    });
    if (flags.report) await writeAccuracyReport(resolve(flags.report), result);
    await stage?.commit();
    if (flags.json) process.stdout.write(`${accuracyJson(result)}\n`);
    else {
      process.stdout.write(formatAccuracyTable(result));
      const t = result.timing;
      say?.(`${t.wallS.toFixed(1)} s wall, ${t.cpuS.toFixed(1)} s CPU on ${result.settings.jobs} engine(s)` +
        `${flags.report ? `; report in ${resolve(flags.report)}` : ""}${stage ? `; activations in ${resolve(flags.saveActivations!)}` : ""}`);
    }
  } catch (err) {
    await stage?.discard();
    throw err;
  }
}

/** `sme accuracy`: the face-api networks on real photos with SME-mapped weights, against the float network. */
export function registerAccuracy(program: Command): void {
  program
    .command("accuracy")
    .description("Run face-api's detector and face recognizer on photos with SME-mapped weights and measure what changes against the float networks")
    .option("--mode <list>", `mapping modes to run (default ${DEFAULT_MODES})`)
    .option("--squeeze <list>", `D of the squeeze modes: a list or range (default ${DEFAULT_SQUEEZE})`)
    .option("--rows <R>", "crossbar rows R (default 128)")
    .option("--cols <C>", "crossbar columns C (default 128)")
    .option("--weight-bits <N>", "weight magnitude bits N (default 8)")
    .option("--window <S>", "SME window S, 1..N (default 3)")
    .option("--act-bits <A>", "activation bits A (default 8)")
    .option("--dac-bits <bits>", "DAC bits per input cycle, for the energy estimate (default 1)")
    .option("--ou-rows <rows>", "rows activated together, for the energy estimate (default R)")
    .option("--scale <scale>", "weight scale: layer, channel or pow2 (default layer)")
    .option("--config <file>", "JSON or YAML file with the tile keys in camelCase (flags win)")
    .option("--images <dir>", "folder of JPEG/PNG photos, or one photo (default: face-api's six sample photos)")
    .option("--models <dir>", "face-api model folder (default: the weights shipped with face-api)")
    .option("--backend <name>", `TF.js backend: ${BACKENDS.join(" or ")} (default ${DEFAULT_BACKEND})`)
    .option("--activations <how>", `${ACTIVATION_MODES.join(" or ")}: A-bit activations with per-layer calibrated scales, or float (default quantized)`)
    .option("--map-all", "map the landmark net too (by default it keeps its float weights)")
    .option("--jobs <n>", `worker threads, each running every configuration on its share of the photos (default ${defaultJobs()} here)`)
    .option("--cost <table>", "cost table for energy per inference: sme, isaac, or a JSON file (default sme)")
    .option("--report <dir>", "write report.md, index.html, accuracy.json and the plots into this folder")
    .option("--no-layer-sqnr", "skip each mapped layer's output SQNR (the float-kernel pass behind it costs about a quarter of the run)")
    .option("--save-activations <dir>", "write the A-bit input vectors of every mapped layer (one mapping only) as .npy with a manifest")
    .option("--json", "print the results as JSON on stdout (nothing else)")
    .action((flags: AccuracyFlags) => accuracyAction(flags));
}
