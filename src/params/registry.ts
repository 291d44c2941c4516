import type { z } from "zod";
import {
  ACTIVATION_MODES,
  BACKENDS,
  BUDGET_SCOPES,
  BUSES,
  DESIGN_KINDS,
  ICE40_DEVICES,
  KERNEL_KINDS,
  MAPPING_MODES,
  PLAN_TARGETS,
  SCALE_MODES,
  SYNTH_TARGETS,
} from "./modes.js";
import {
  choice,
  choiceList,
  decibels,
  nameList,
  onOff,
  optionalChoice,
  positiveSeconds,
  shardSpec,
  text,
  tileIndices,
  wholeNumber,
  wholeNumberOr,
} from "./values.js";

/**
 * The one parameter registry: every key a command takes on the command line or from a config file, with its
 * schema, flag, help text, default, whether sweeps take a grid of it and which commands use it. Commander
 * options (src/cli/options.ts), the config-file reader, the sweep grid parser and every per-value message
 * come from here; adding a parameter is one entry below plus the code that uses its value.
 *
 * The order of the entries is the order of `--help` and of a sweep grid (first key varies slowest). The grid
 * keys must keep their order: a sweep point's identity in results files lists them in it.
 */

/** The subcommands that read parameters. */
export const COMMANDS = [
  "analyze",
  "generate",
  "verify",
  "demo",
  "synth",
  "sweep",
  "sweep figures",
  "sweep merge",
  "sweep plan",
  "sweep point",
  "report",
  "examples",
  "accuracy",
] as const;
export type CommandName = (typeof COMMANDS)[number];

/** Commands that build one tile from the tile keys (a sweep, and the plan of a sweep on a cluster, many). */
const TILE: readonly CommandName[] = ["analyze", "generate", "verify", "demo", "synth", "sweep", "sweep plan", "accuracy"];
/** Commands that generate one design folder (or read one back). */
const DESIGN: readonly CommandName[] = ["generate", "verify", "synth"];

/** `sme sweep` and `sme sweep plan`, which writes the jobs that run a sweep on a cluster: they read the same sweep keys. */
const SWEEP: readonly CommandName[] = ["sweep", "sweep plan"];

/**
 * Limits chosen so that every tile output fits a JavaScript number exactly: the output width
 * `A + N + ceil(log2 R) + 1` is at most 16 + 16 + 12 + 1 = 45 bits < 53.
 */
export const LIMITS = { maxRows: 4096, maxCols: 4096, maxWeightBits: 16, maxActBits: 16, maxDacBits: 8, maxAdcBits: 32 } as const;

/** The largest `--max-points` a sweep may raise its limit to: a grid's points and results are held in memory. */
export const MAX_GRID_POINTS = 10_000_000;

/** Most simulator processes `sme verify --jobs` may ask for. */
export const MAX_JOBS = 16;

/** What one command changes about a parameter. */
export interface CommandVariant<S extends z.ZodType> {
  readonly help?: string;
  readonly default?: z.output<S>;
  readonly defaultText?: string;
  /** A narrower schema for this command (e.g. `--jobs` of `verify` counts simulators, at most {@link MAX_JOBS}). */
  readonly schema?: S;
}

export interface ParamSpec<S extends z.ZodType = z.ZodType> {
  /** Command-line flag, e.g. `--weight-bits`; none for a key that comes as the command's argument (`model`). */
  readonly flag?: string;
  /** Placeholder of the flag's value in help, e.g. `N`; none for on/off flags. */
  readonly placeholder?: string;
  /** The value may be left out (`--waves` alone): the flag then reads as `true`, which the schema maps. */
  readonly optionalValue?: boolean;
  /** The letter design.md uses for it (R, C, N, S, A, D), shown in help and messages. */
  readonly symbol?: string;
  /** One value, from flag text or a typed config-file value. */
  readonly schema: S;
  readonly help: string;
  /** The value when nobody gives one; absent when it is derived (see `defaultText`) or there is none. */
  readonly default?: z.output<S>;
  /** The default as help shows it, when the value alone does not say it (`R`, `as many as fit the cores`). */
  readonly defaultText?: string;
  /** `sme sweep` takes a grid of values (lists and ranges) for it. */
  readonly grid?: boolean;
  /** The commands that read it. A config file may hold it for any command; the others ignore it. */
  readonly commands: readonly CommandName[];
  /** False for command-line switches a config file may not set (`--json`, `--config`). */
  readonly inConfigFile?: boolean;
  /**
   * A path, which a config file gives relative to its own folder. `file-or-name` values may also be a bare
   * name (`resnet`, `sme`), which stays a name.
   */
  readonly path?: "file" | "file-or-name";
  readonly variants?: Partial<Record<CommandName, CommandVariant<S>>>;
}

/** Keeps each entry's schema type (so values read from the registry are typed) and whether it takes a grid. */
const param = <S extends z.ZodType, const G extends boolean = false>(spec: ParamSpec<S> & { readonly grid?: G }): ParamSpec<S> & { readonly grid?: G } => spec;

const DEFAULT_JOBS_TEXT = "as many as fit the cores beside the host threads driving them";

export const PARAMS = {
  rows: param({
    flag: "--rows",
    placeholder: "R",
    symbol: "R",
    schema: wholeNumber(1, LIMITS.maxRows),
    help: "crossbar rows R",
    default: 128,
    grid: true,
    commands: TILE,
  }),
  cols: param({
    flag: "--cols",
    placeholder: "C",
    symbol: "C",
    schema: wholeNumberOr("R", 1, LIMITS.maxCols),
    help: "crossbar columns C; R = as many as rows",
    default: 128,
    grid: true,
    commands: TILE,
  }),
  weightBits: param({
    flag: "--weight-bits",
    placeholder: "N",
    symbol: "N",
    schema: wholeNumber(1, LIMITS.maxWeightBits),
    help: "weight magnitude bits N",
    default: 8,
    grid: true,
    commands: TILE,
  }),
  window: param({
    flag: "--window",
    placeholder: "S",
    symbol: "S",
    schema: wholeNumber(1, LIMITS.maxWeightBits),
    help: "SME window S, 1..N (S = N is plain N-bit quantization)",
    default: 3,
    defaultText: "3, or N when N < 3",
    grid: true,
    commands: TILE,
  }),
  mode: param({
    flag: "--mode",
    placeholder: "mode",
    schema: choice(MAPPING_MODES),
    help: `mapping mode: ${MAPPING_MODES.join(", ")}`,
    default: "squeeze-min",
    grid: true,
    commands: TILE,
    variants: {
      analyze: { help: `mode shown per layer: ${MAPPING_MODES.join(", ")}` },
      accuracy: { help: `mapping modes to run, a list: ${MAPPING_MODES.join(", ")}`, defaultText: "all of them" },
    },
  }),
  squeeze: param({
    flag: "--squeeze",
    placeholder: "D",
    symbol: "D",
    schema: wholeNumber(0, LIMITS.maxWeightBits - 1),
    help: "D of the squeeze modes, 1..N-1",
    default: 2,
    grid: true,
    commands: TILE,
    variants: { accuracy: { help: "D of the squeeze modes to run, a list or range (1..3)", defaultText: "1..3" } },
  }),
  actBits: param({
    flag: "--act-bits",
    placeholder: "A",
    symbol: "A",
    schema: wholeNumber(1, LIMITS.maxActBits),
    help: "activation bits A",
    default: 8,
    grid: true,
    commands: TILE,
  }),
  dacBits: param({
    flag: "--dac-bits",
    placeholder: "bits",
    schema: wholeNumber(1, LIMITS.maxDacBits),
    help: "DAC bits per input cycle",
    default: 1,
    grid: true,
    commands: TILE,
  }),
  ouRows: param({
    flag: "--ou-rows",
    placeholder: "rows",
    schema: wholeNumberOr("R", 1, LIMITS.maxRows),
    help: "rows activated together, a divisor of R; R = all rows",
    default: "R",
    grid: true,
    commands: TILE,
  }),
  adcBits: param({
    flag: "--adc-bits",
    placeholder: "bits",
    schema: wholeNumberOr("lossless", 1, LIMITS.maxAdcBits),
    help: "ADC bits; lossless = wide enough to never saturate",
    default: "lossless",
    grid: true,
    commands: TILE,
  }),
  scale: param({
    flag: "--scale",
    placeholder: "scale",
    schema: choice(SCALE_MODES),
    help: `weight scale: ${SCALE_MODES.join(", ")}`,
    default: "layer",
    grid: true,
    commands: TILE,
  }),
  targetSqnr: param({
    flag: "--target-sqnr",
    placeholder: "dB",
    schema: decibels(),
    help: "budget mode: weight SQNR the mapped weights must reach over each unit of the budget scope, with the fewest crossbars",
    default: 23,
    grid: true,
    commands: TILE,
    variants: {
      generate: { help: "budget mode: weight SQNR the tile's mapped weights must reach, with the fewest crossbars" },
      verify: { help: "budget mode: weight SQNR the tile's mapped weights must reach, with the fewest crossbars" },
      demo: { help: "budget mode: weight SQNR the tile's mapped weights must reach, with the fewest crossbars" },
      accuracy: { help: "budget mode: the SQNR targets to run, a list (each network is one budget)" },
    },
  }),
  budgetScope: param({
    flag: "--budget-scope",
    placeholder: "scope",
    schema: choice(BUDGET_SCOPES),
    help: `budget mode: where the target applies: ${BUDGET_SCOPES.join(", ")} (generate and verify map one tile: tile)`,
    default: "model",
    grid: true,
    commands: ["analyze", "sweep", "accuracy"],
  }),
  minLayerSqnr: param({
    flag: "--min-layer-sqnr",
    placeholder: "dB",
    schema: decibels(),
    help: "budget mode: weight SQNR every layer must reach as well",
    defaultText: "none",
    grid: true,
    commands: ["analyze", "sweep", "accuracy"],
  }),
  kind: param({
    flag: "--kind",
    placeholder: "kind",
    schema: choice(DESIGN_KINDS),
    help: `design kind: ${DESIGN_KINDS.join(" or ")}`,
    default: "programmable",
    commands: ["generate", "verify", "demo", "synth"],
  }),
  bus: param({
    flag: "--bus",
    placeholder: "bus",
    schema: choice(BUSES),
    help: "the design's top: bare (the tile's own ports) or axis (the tile in an AXI4-Stream shell)",
    default: "bare",
    commands: DESIGN,
  }),
  axisActWidth: param({
    flag: "--axis-act-width",
    placeholder: "bits",
    schema: wholeNumber(8, LIMITS.maxRows * LIMITS.maxActBits),
    help: "with --bus axis: bits per s_axis_act beat, a multiple of 8",
    defaultText: "32, or R x A in whole bytes when narrower",
    commands: DESIGN,
  }),
  axisSumWidth: param({
    flag: "--axis-sum-width",
    placeholder: "bits",
    schema: wholeNumber(8, LIMITS.maxCols * 64),
    help: "with --bus axis: bits per m_axis_sum beat, a multiple of 8",
    defaultText: "32, or the result bus in whole bytes when narrower",
    commands: DESIGN,
  }),
  model: param({
    placeholder: "model",
    schema: text("a model file or name"),
    path: "file-or-name",
    help: "TF.js model.json / *-weights_manifest.json, an .npy matrix, or resnet / mobilenet (the face-api models)",
    commands: ["analyze", ...SWEEP],
  }),
  weights: param({
    flag: "--weights",
    placeholder: "file",
    schema: text("a file name"),
    path: "file",
    help: "TF.js model.json / *-weights_manifest.json, or an .npy matrix",
    defaultText: "synthetic",
    commands: DESIGN,
  }),
  layer: param({
    flag: "--layer",
    placeholder: "name",
    schema: text("a kernel name"),
    help: "which kernel of the model (its first tile unless --tile)",
    commands: ["analyze", "generate", "verify", "synth", ...SWEEP],
    variants: {
      analyze: { help: "analyze only this kernel" },
      sweep: { help: "only this kernel of the model" },
      "sweep plan": { help: "only this kernel of the model" },
    },
  }),
  tile: param({
    flag: "--tile",
    placeholder: "row,col",
    schema: tileIndices(),
    help: "which R x C tile of the kernel, e.g. 0,1",
    defaultText: "0,0",
    commands: DESIGN,
  }),
  synthetic: param({
    flag: "--synthetic",
    schema: onOff(),
    help: "a seeded random matrix (the default without --weights)",
    commands: DESIGN,
  }),
  seed: param({
    flag: "--seed",
    placeholder: "n",
    schema: wholeNumber(0, 2 ** 32 - 1),
    help: "seed of the synthetic weights and the random vectors",
    default: 1,
    commands: ["generate", "verify", "demo", "synth"],
  }),
  cost: param({
    flag: "--cost",
    placeholder: "table",
    schema: text("a cost table name or file"),
    path: "file-or-name",
    help: "cost table: sme (paper Table I), isaac, or a JSON file",
    default: "sme",
    commands: [...SWEEP, "sweep figures", "accuracy"],
    variants: { accuracy: { help: "cost table for the energy per inference: sme (paper Table I), isaac, or a JSON file" } },
  }),
  rtl: param({
    flag: "--rtl",
    schema: onOff(),
    help: "also generate each tile, count Yosys cells and measure sme verify vectors/s",
    commands: SWEEP,
  }),
  rtlBudgetS: param({
    flag: "--rtl-budget",
    placeholder: "seconds",
    schema: positiveSeconds(),
    help: "time budget of the RTL measurements per point",
    default: 120,
    commands: SWEEP,
  }),
  accuracy: param({
    flag: "--accuracy",
    schema: onOff(),
    help:
      "also run face-api's detector and recognizer on photos with each point's mapping and record what changes against float " +
      "(the columns of sme accuracy; --images, --backend, --activations, --models, --map-all as there)",
    commands: SWEEP,
  }),
  target: param({
    flag: "--target",
    placeholder: "target",
    schema: choice(SYNTH_TARGETS),
    help: "synthesis target: generic (Yosys synth), ice40 (synth_ice40, then nextpnr-ice40 for Fmax) or xilinx (synth_xilinx)",
    default: "generic",
    commands: ["synth", ...SWEEP],
    variants: {
      sweep: { help: "with --rtl: synthesize each tile for ice40 or xilinx too (LUTs, FFs, carry, BRAM, DSP; Fmax on ice40)", default: "generic" },
      "sweep plan": { help: "with --rtl: synthesize each tile for ice40 or xilinx too (LUTs, FFs, carry, BRAM, DSP; Fmax on ice40)", default: "generic" },
    },
  }),
  device: param({
    flag: "--device",
    placeholder: "device",
    schema: choice(ICE40_DEVICES),
    help: `iCE40 device nextpnr places on: ${ICE40_DEVICES.join(", ")}`,
    default: "hx8k",
    commands: ["synth", ...SWEEP],
  }),
  synthBudgetS: param({
    flag: "--synth-budget",
    placeholder: "seconds",
    schema: positiveSeconds(),
    help: "time budget of synthesis plus place and route",
    default: 600,
    commands: ["synth"],
  }),
  vectors: param({
    flag: "--vectors",
    placeholder: "n",
    schema: wholeNumber(0, 100_000_000),
    help: "random activation vectors (a quarter as many layer-like and 5 corner vectors are added)",
    default: 2000,
    commands: ["verify", "demo"],
    variants: {
      demo: { default: 10_000 },
      verify: {
        help: "random activation vectors (a quarter as many layer-like and 5 corner vectors are added); whole-layer runs: random input vectors per layer",
      },
    },
  }),
  jobs: param({
    flag: "--jobs",
    placeholder: "n",
    schema: wholeNumber(1, 1024),
    help: "points evaluated in parallel (worker threads)",
    default: 1,
    commands: ["verify", "demo", ...SWEEP, "sweep figures", "accuracy"],
    variants: {
      accuracy: {
        help: "worker threads, each running every configuration on its share of the photos",
        schema: wholeNumber(1, 64),
        defaultText: "one per core, at most 4",
      },
      "sweep plan": { help: "worker threads of each shard (and the cores each array task asks for)" },
      verify: {
        help: `simulator processes to shard the vectors (whole-layer runs: the tiles) over, 1..${MAX_JOBS}`,
        schema: wholeNumber(1, MAX_JOBS),
        defaultText: DEFAULT_JOBS_TEXT,
      },
      demo: { help: `simulator processes to shard the vectors over, 1..${MAX_JOBS}`, schema: wholeNumber(1, MAX_JOBS), defaultText: DEFAULT_JOBS_TEXT },
    },
  }),
  simTimeout: param({
    flag: "--sim-timeout",
    placeholder: "seconds",
    schema: positiveSeconds(),
    help: "how long a simulator may take to answer before it counts as hung and is stopped",
    default: 60,
    commands: ["verify", "demo"],
  }),
  shard: param({
    flag: "--shard",
    placeholder: "i/n|auto",
    schema: shardSpec(),
    help:
      "run only shard i of n (1-based) into its own results file, combine them with sme sweep merge; auto: i and n from the array job " +
      "that started it (Slurm, a Kubernetes Indexed Job, AWS Batch)",
    commands: ["sweep"],
  }),
  shardCount: param({
    flag: "--shard-count",
    placeholder: "n",
    schema: wholeNumber(1, 1_000_000),
    help: "shards of --shard auto where the scheduler does not say (Kubernetes Indexed Jobs, AWS Batch); or set SME_SHARD_COUNT",
    commands: ["sweep"],
  }),
  shards: param({
    flag: "--shards",
    placeholder: "n",
    schema: wholeNumber(1, 100_000),
    help: "array tasks to split the sweep into",
    default: 4,
    commands: ["sweep plan"],
  }),
  emit: param({
    flag: "--emit",
    placeholder: "scheduler",
    schema: choice(PLAN_TARGETS),
    help: "slurm: an sbatch array and a dependent merge; k8s: an Indexed Job and a merge Job; gha: a GitHub Actions matrix and a merge job",
    default: "slurm",
    commands: ["sweep plan"],
  }),
  image: param({
    flag: "--image",
    placeholder: "name",
    schema: text("a container image name"),
    help: "container image with sme installed, for --emit k8s",
    commands: ["sweep plan"],
  }),
  pointJson: param({
    flag: "--json",
    placeholder: "object",
    schema: text("a JSON object of sweep keys"),
    help: 'the point as a JSON object of sweep keys, one value each (e.g. {"model":"resnet","rows":64,"mode":"remap"})',
    commands: ["sweep point"],
    inConfigFile: false,
  }),
  out: param({
    flag: "--out",
    placeholder: "dir",
    schema: text("a folder name"),
    path: "file",
    help: "output folder",
    commands: ["generate", "verify", "demo", "synth", ...SWEEP, "sweep figures", "sweep merge", "report", "examples"],
    variants: {
      generate: { help: "design folder", defaultText: "rtl-out/<design-name>" },
      verify: { help: "design folder", defaultText: "rtl-out/<design-name>" },
      demo: { help: "design folder", defaultText: "rtl-out/<design-name>" },
      synth: { help: "design folder (when generating one)", defaultText: "rtl-out/<design-name>" },
      sweep: { help: "output folder for results.jsonl, results.csv, layers.csv, results.json", default: "out/sweep" },
      "sweep plan": { help: "the sweep's output folder: the shards' and the merged results; the plan goes into <out>/plan", default: "out/sweep" },
      "sweep figures": { help: "report folder", default: "reports/paper-figures" },
      "sweep merge": { default: "out/sweep" },
      report: { help: "report folder", default: "reports/sweep" },
      examples: { default: "rtl-out/examples" },
    },
  }),
  maxPoints: param({
    flag: "--max-points",
    placeholder: "n",
    schema: wholeNumber(1, MAX_GRID_POINTS),
    help: "refuse a grid of more points than this (they are counted before any is evaluated)",
    default: 100_000,
    commands: ["sweep"],
  }),
  fresh: param({ flag: "--fresh", schema: onOff(), help: "discard earlier results in the output folder instead of resuming", commands: ["sweep"] }),
  waves: param({
    flag: "--waves",
    placeholder: "format",
    optionalValue: true,
    schema: optionalChoice(["fst", "vcd"]),
    help: "write the whole run's waves into <design>/verify/ (a traced build): fst or vcd",
    defaultText: "off; fst when given alone",
    commands: ["verify"],
  }),
  replayVectors: param({
    flag: "--replay-vectors",
    placeholder: "n",
    schema: wholeNumber(0, 100_000),
    help: "on a mismatch, vectors before the first failing one replayed into <design>/verify/first-mismatch.fst",
    default: 8,
    commands: ["verify"],
  }),
  junit: param({
    flag: "--junit",
    placeholder: "file",
    schema: text("a file name"),
    path: "file",
    help: "also write the results as JUnit XML (a test case per design, coverage in its properties)",
    commands: ["verify"],
  }),
  coverage: param({
    flag: "--coverage",
    schema: onOff(),
    help: "Verilator line and toggle coverage merged over all simulators: <design>/verify/coverage.info (lcov) and a per-module summary; counts the functional bins too",
    commands: ["verify"],
  }),
  functionalCoverage: param({
    flag: "--functional-coverage",
    schema: onOff(),
    help: "count the tile's functional-coverage bins (a coverage build)",
    commands: ["verify"],
  }),
  untilCovered: param({
    flag: "--until-covered",
    schema: onOff(),
    help: "after the run, add seeded constrained-random vectors (and random programs) until every reachable bin is hit or --cover-budget is spent",
    commands: ["verify"],
  }),
  coverBudget: param({
    flag: "--cover-budget",
    placeholder: "vectors",
    schema: wholeNumber(1, 100_000_000),
    help: "most vectors --until-covered adds",
    default: 100_000,
    commands: ["verify"],
  }),
  design: param({
    flag: "--design",
    placeholder: "dir",
    schema: text("a design folder"),
    help: "verify this generated design folder instead of generating one",
    commands: ["verify", "synth"],
    inConfigFile: false,
    variants: { synth: { help: "synthesize this generated design folder instead of generating one" } },
  }),
  allTiles: param({
    flag: "--all-tiles",
    schema: onOff(),
    help: "verify every tile of the kernel (--layer) in one build: each programmed in turn, its inputs streamed, partial sums added up",
    commands: ["verify"],
  }),
  layers: param({
    flag: "--layers",
    placeholder: "a,b,c",
    schema: nameList("kernel names"),
    help: "verify every tile of these kernels of --weights (a whole-layer run)",
    commands: ["verify"],
  }),
  allLayers: param({ flag: "--all-layers", schema: onOff(), help: "verify every tile of every kernel of --weights (a whole-layer run)", commands: ["verify"] }),
  layerKinds: param({
    flag: "--layer-kinds",
    placeholder: "kinds",
    schema: choiceList(KERNEL_KINDS),
    help: `whole-layer runs: only kernels of these kinds (${KERNEL_KINDS.join(", ")})`,
    defaultText: "all",
    commands: ["verify"],
  }),
  layerActivations: param({
    flag: "--activations",
    placeholder: "source",
    schema: text("a trace folder, random or an .npy file"),
    path: "file-or-name",
    help: "whole-layer inputs: a folder of sme accuracy --save-activations, random (uniform A-bit, --vectors per layer, seeded) or an .npy of input vectors",
    default: "random",
    commands: ["verify"],
  }),
  maxVectors: param({
    flag: "--max-vectors",
    placeholder: "n",
    schema: wholeNumber(1, 1_000_000_000),
    help: "whole-layer runs: at most this many input vectors per layer",
    defaultText: "all",
    commands: ["verify"],
  }),
  title: param({ flag: "--title", placeholder: "text", schema: text("a title"), help: "report title", commands: ["report"], inConfigFile: false }),
  report: param({
    flag: "--report",
    schema: onOff(),
    help: "also write an HTML + Markdown report with plots into <out>/report",
    commands: ["sweep"],
    inConfigFile: false,
  }),
  progress: param({
    flag: "--no-progress",
    schema: onOff(),
    help: "no progress bar",
    commands: ["sweep", "sweep figures"],
    inConfigFile: false,
  }),
  images: param({
    flag: "--images",
    placeholder: "dir",
    schema: text("a folder or photo"),
    path: "file",
    help: "folder of JPEG/PNG photos, or one photo",
    defaultText: "face-api's six sample photos",
    commands: [...SWEEP, "accuracy"],
  }),
  models: param({
    flag: "--models",
    placeholder: "dir",
    schema: text("a folder name"),
    path: "file",
    help: "face-api model folder",
    defaultText: "the weights shipped with face-api",
    commands: [...SWEEP, "accuracy"],
  }),
  backend: param({
    flag: "--backend",
    placeholder: "name",
    schema: choice(BACKENDS),
    help: `TF.js backend: ${BACKENDS.join(" or ")}`,
    default: "wasm",
    commands: [...SWEEP, "accuracy"],
  }),
  activations: param({
    flag: "--activations",
    placeholder: "how",
    schema: choice(ACTIVATION_MODES),
    help: "quantized: A-bit activations with per-layer calibrated scales, as the tiles take them; float: unquantized",
    default: "quantized",
    commands: [...SWEEP, "accuracy"],
  }),
  mapAll: param({
    flag: "--map-all",
    schema: onOff(),
    help: "map the landmark net too (by default it keeps its float weights)",
    commands: [...SWEEP, "accuracy"],
  }),
  layerSqnr: param({
    flag: "--no-layer-sqnr",
    schema: onOff(),
    help: "skip each mapped layer's output SQNR (the float-kernel pass behind it costs about a quarter of the run)",
    commands: ["accuracy"],
  }),
  saveActivations: param({
    flag: "--save-activations",
    placeholder: "dir",
    schema: text("a folder name"),
    path: "file",
    help: "write the A-bit input vectors of every mapped layer (one mapping only) as .npy with a manifest",
    commands: ["accuracy"],
  }),
  reportDir: param({
    flag: "--report",
    placeholder: "dir",
    schema: text("a folder name"),
    path: "file",
    help: "write report.md, index.html, accuracy.json and the plots into this folder",
    commands: ["accuracy"],
  }),
  config: param({
    flag: "--config",
    placeholder: "file",
    schema: text("a file name"),
    help: "JSON or YAML file of camelCase keys (flags win)",
    commands: ["analyze", "generate", "verify", "demo", "synth", ...SWEEP, "accuracy"],
    inConfigFile: false,
  }),
  csv: param({
    flag: "--csv",
    schema: onOff(),
    help: "print the selected mode's per-layer metrics as CSV on stdout",
    commands: ["analyze"],
    inConfigFile: false,
  }),
  debug: param({
    flag: "--debug",
    schema: onOff(),
    help: "print the stack trace of an error (errors are one line without it)",
    commands: COMMANDS,
    inConfigFile: false,
  }),
  json: param({
    flag: "--json",
    schema: onOff(),
    help: "print only JSON on stdout",
    commands: COMMANDS.filter((c) => c !== "sweep point"),
    inConfigFile: false,
    variants: {
      analyze: { help: "print the metrics as JSON on stdout (nothing else)" },
      sweep: { help: "print a JSON summary on stdout" },
      synth: { help: "print the figures as JSON on stdout (nothing else)" },
      "sweep figures": { help: "print a JSON summary on stdout" },
      "sweep merge": { help: "print a JSON summary on stdout" },
      "sweep plan": { help: "print the written files as JSON on stdout" },
      report: { help: "print the written files as JSON on stdout" },
      examples: { help: "print the emitted folders and files as JSON on stdout (nothing else)" },
      accuracy: { help: "print the results as JSON on stdout (nothing else)" },
    },
  }),
} as const;

export type ParamKey = keyof typeof PARAMS;
/** The value of a key once its schema has checked it. */
export type ParamValue<K extends ParamKey> = z.output<(typeof PARAMS)[K]["schema"]>;
/** Values of any keys, checked. */
export type ParamValues = { -readonly [K in ParamKey]?: ParamValue<K> };

export const PARAM_KEYS = Object.keys(PARAMS) as ParamKey[];

/** The keys `sme sweep` takes a grid of, in grid order. */
export const GRID_KEYS = PARAM_KEYS.filter((k) => PARAMS[k].grid === true) as GridKey[];
export type GridKey = { [K in ParamKey]: NonNullable<(typeof PARAMS)[K]["grid"]> extends true ? K : never }[ParamKey];

/** The keys a config file may hold (every command's). */
export const CONFIG_FILE_KEYS = PARAM_KEYS.filter((k) => paramSpec(k).inConfigFile !== false);

/** The entry of a key, widened for generic code. */
export function paramSpec(key: ParamKey): ParamSpec {
  return PARAMS[key] as ParamSpec;
}

/** The keys one command reads, in registry order. */
export function commandKeys(command: CommandName): ParamKey[] {
  return PARAM_KEYS.filter((k) => paramSpec(k).commands.includes(command));
}

/** A key's entry as one command sees it (its variant applied). */
export function paramFor(key: ParamKey, command: CommandName): ParamSpec {
  const spec = paramSpec(key);
  const variant = spec.variants?.[command];
  if (!variant) return spec;
  const merged: Record<string, unknown> = { ...spec };
  for (const [k, v] of Object.entries(variant)) merged[k] = v;
  return merged as unknown as ParamSpec;
}

/** The default value of a key for a command. */
export function defaultOf<K extends ParamKey>(key: K, command: CommandName): ParamValue<K> | undefined {
  return paramFor(key, command).default as ParamValue<K> | undefined;
}

/** How messages name a key: its flag when the value came from the command line, else the key and its letter. */
export function nameOf(key: ParamKey, from: "flag" | "key"): string {
  const spec = paramSpec(key);
  if (from === "flag" && spec.flag !== undefined) return spec.flag;
  return spec.symbol ? `${key} (${spec.symbol})` : key;
}

/** The flag of a key as help and rule messages cite it (`--weight-bits`; a key without a flag is cited as itself). */
export function flagOf(key: ParamKey): string {
  return paramSpec(key).flag ?? key;
}
