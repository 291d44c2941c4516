// The shell's widths alone, not the hw barrel: reading options need not load the simulator driver.
import { type AxisWidths, defaultAxisWidth } from "../hw/axis-shell.js";
import {
  commandKeys,
  DESIGN_KINDS,
  type DesignKind,
  defaultOf,
  loadCommandParams,
  makeTileParams,
  type ParamKey,
  type ParamValues,
  parseParams,
  type ScaleMode,
  TILE_KEYS,
  type TileParams,
} from "../params/index.js";
import { outputWidth } from "../sme/index.js";
import { budgetParamsOf, type BudgetParams } from "../sme/budget/options.js";
import { UserError } from "../util/errors.js";
import { defaultJobs, MAX_JOBS } from "./verify/parallelism.js";

export { DESIGN_KINDS, type DesignKind, defaultJobs, MAX_JOBS };

/** Where the tile's weights come from (design.md §5). */
export type WeightsSource =
  | { readonly kind: "synthetic"; readonly seed: number }
  | { readonly kind: "file"; readonly file: string; readonly layer?: string; readonly tileRow: number; readonly tileCol: number };

/** Everything `sme generate` / `verify` / `demo` need, validated and with defaults applied. */
export interface FlowConfig {
  readonly params: TileParams;
  /** Mode `budget`: the target the tile's weights must reach (scope `tile`: a design holds one tile); else null. */
  readonly budget: BudgetParams | null;
  readonly kind: DesignKind;
  readonly scale: ScaleMode;
  readonly weights: WeightsSource;
  /** Seed of the synthetic weights and of the random activation vectors. */
  readonly seed: number;
  /** The design folder; undefined means `rtl-out/<design-name>`. */
  readonly out?: string;
  /** Random activation vectors `sme verify` streams (real-layer-like and corner vectors come on top). */
  readonly vectors: number;
  /** Simulator processes `sme verify` shards the vectors over. */
  readonly jobs: number;
  /** Milliseconds a simulator may take to answer before it counts as hung. */
  readonly simTimeoutMs: number;
  /** The AXI4-Stream shell's beat widths when the top is the shell (`--bus axis`); absent for the bare tile. */
  readonly axis?: AxisWidths;
}

/** The commands that build a {@link FlowConfig}. */
export type FlowCommand = "generate" | "verify" | "demo" | "synth";

export const FLOW_DEFAULTS = {
  kind: defaultOf("kind", "generate")!,
  scale: defaultOf("scale", "generate")!,
  seed: defaultOf("seed", "generate")!,
  vectors: defaultOf("vectors", "verify")!,
  simTimeoutS: defaultOf("simTimeout", "verify")!,
} as const;

/** Every key a flow command reads (verify reads the most; demo's weights come as overrides). */
export const FLOW_KEYS: readonly ParamKey[] = [...new Set([...commandKeys("generate"), ...commandKeys("verify"), ...commandKeys("demo")])];

/**
 * Validates merged options (config file values overridden by flags) and resolves defaults. `origin` starts
 * every message (e.g. the config file's name).
 */
export function resolveFlowConfig(input: Readonly<Record<string, unknown>>, origin = "options"): FlowConfig {
  const c: ParamValues = parseParams(input, { keys: FLOW_KEYS, command: "verify", origin: { kind: "object", label: origin } });
  const tileInput: Record<string, unknown> = {};
  for (const k of TILE_KEYS) if (c[k] !== undefined) tileInput[k] = c[k];
  const params = makeTileParams(tileInput);
  const seed = c.seed ?? FLOW_DEFAULTS.seed;
  if (c.synthetic === true && c.weights !== undefined) {
    throw new UserError(`${origin}: choose one weights source: --synthetic or --weights ${c.weights}, not both`);
  }
  if (c.synthetic === false && c.weights === undefined) {
    throw new UserError(`${origin}: synthetic is false but no weights file is given; give one with --weights FILE, or drop "synthetic: false"`);
  }
  if (c.weights === undefined && (c.layer !== undefined || c.tile !== undefined)) {
    throw new UserError(`${origin}: --layer and --tile pick a kernel and tile of a weights file; give the file with --weights FILE`);
  }
  let weights: WeightsSource;
  if (c.weights === undefined) {
    weights = { kind: "synthetic", seed };
  } else {
    const [tileRow, tileCol] = c.tile ?? [0, 0];
    weights = { kind: "file", file: c.weights, ...(c.layer !== undefined ? { layer: c.layer } : {}), tileRow, tileCol };
  }
  const axisFlag = c.axisActWidth !== undefined ? "--axis-act-width" : c.axisSumWidth !== undefined ? "--axis-sum-width" : undefined;
  if ((c.bus ?? "bare") === "bare" && axisFlag) throw new UserError(`${origin}: ${axisFlag} sets a beat of the AXI4-Stream shell; add --bus axis, or drop it`);
  const axis: AxisWidths | undefined =
    c.bus === "axis"
      ? { act: c.axisActWidth ?? defaultAxisWidth(params.rows * params.actBits), sum: c.axisSumWidth ?? defaultAxisWidth(params.cols * outputWidth(params)) }
      : undefined;
  return Object.freeze({
    params,
    budget: params.mode === "budget" ? budgetParamsOf({ targetSqnr: c.targetSqnr ?? null }, { scope: "tile" }) : null,
    kind: c.kind ?? FLOW_DEFAULTS.kind,
    scale: c.scale ?? FLOW_DEFAULTS.scale,
    weights,
    seed,
    ...(c.out !== undefined ? { out: c.out } : {}),
    vectors: c.vectors ?? FLOW_DEFAULTS.vectors,
    jobs: c.jobs ?? defaultJobs(),
    simTimeoutMs: Math.round((c.simTimeout ?? FLOW_DEFAULTS.simTimeoutS) * 1000),
    ...(axis ? { axis } : {}),
  });
}

/**
 * The whole option pipeline of a command: read `--config FILE` (if any), overlay the flags (keyed by registry
 * key), validate. Precedence: design.md §5 defaults < `overrides` (the command's own defaults) < config file <
 * flags.
 */
export async function loadFlowConfig(
  flags: Readonly<Record<string, unknown>>,
  overrides: Readonly<Record<string, unknown>> = {},
  command: FlowCommand = "verify",
): Promise<FlowConfig> {
  const read = await loadCommandParams(command, flags);
  const fromFile: ParamValues = { ...read.fromFile };
  const fromFlags = read.fromFlags;
  // `--synthetic` on the command line overrides a weights file named in the config (and vice versa).
  if (fromFlags.synthetic === true) {
    delete fromFile.weights;
    delete fromFile.layer;
    delete fromFile.tile;
  }
  if (fromFlags.weights !== undefined) delete fromFile.synthetic;
  return resolveFlowConfig(
    { ...overrides, ...fromFile, ...fromFlags },
    read.configFile !== undefined ? `config file ${read.configFile} with the flags` : "options",
  );
}
