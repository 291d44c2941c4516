import { dirname, isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { makeTileParams, SCALE_MODES, tileParamsInputSchema, type ScaleMode, type TileParams } from "../sme/index.js";
import { UserError } from "../util/errors.js";
import { readConfigFile } from "./config-file.js";
import { defaultJobs, MAX_JOBS } from "./parallelism.js";

export { defaultJobs, MAX_JOBS };

/** Design kinds of design.md §4: weights written at run time through `prog_*`, or fixed at generation. */
export const DESIGN_KINDS = ["programmable", "baked"] as const;
export type DesignKind = (typeof DESIGN_KINDS)[number];

/** Where the tile's weights come from (design.md §5). */
export type WeightsSource =
  | { readonly kind: "synthetic"; readonly seed: number }
  | { readonly kind: "file"; readonly file: string; readonly layer?: string; readonly tileRow: number; readonly tileCol: number };

/** Everything `sme generate` / `verify` / `demo` need, validated and with defaults applied. */
export interface FlowConfig {
  readonly params: TileParams;
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
}

export const FLOW_DEFAULTS = { kind: "programmable", scale: "layer", seed: 1, vectors: 2000 } as const;

const wholeNumber = (name: string, min: number, max: number) =>
  z
    .number({ error: `${name} must be a number` })
    .int({ error: `${name} must be a whole number` })
    .min(min, { error: `${name} must be at least ${min}` })
    .max(max, { error: `${name} must be at most ${max}` });

const tileSpec = z.union([
  z.string().regex(/^\s*\d+\s*,\s*\d+\s*$/, { error: 'tile must be "ROW,COL" (tile indices from 0, e.g. "0,1")' }),
  z.tuple([wholeNumber("tile row", 0, 1_000_000), wholeNumber("tile column", 0, 1_000_000)], { error: 'tile must be "ROW,COL" or [ROW, COL]' }),
]);

/**
 * The keys a config file may hold and the flags may set (camelCase flag names). Tile keys come from the
 * golden model's schema so both agree on names, ranges and messages; unknown keys are rejected.
 */
export const flowConfigInputSchema = tileParamsInputSchema
  .extend({
    kind: z.enum(DESIGN_KINDS, { error: `kind must be one of ${DESIGN_KINDS.join(", ")}` }).optional(),
    scale: z.enum(SCALE_MODES, { error: `scale must be one of ${SCALE_MODES.join(", ")}` }).optional(),
    weights: z.string({ error: "weights must be a file name" }).min(1, { error: "weights must be a file name" }).optional(),
    layer: z.string({ error: "layer must be a kernel name" }).min(1, { error: "layer must be a kernel name" }).optional(),
    tile: tileSpec.optional(),
    synthetic: z.boolean({ error: "synthetic must be true or false" }).optional(),
    seed: wholeNumber("seed", 0, 2 ** 32 - 1).optional(),
    out: z.string({ error: "out must be a folder name" }).min(1, { error: "out must be a folder name" }).optional(),
    vectors: wholeNumber("vectors", 0, 100_000_000).optional(),
    jobs: wholeNumber("jobs", 1, MAX_JOBS).optional(),
  })
  .strict();

export type FlowConfigInput = z.input<typeof flowConfigInputSchema>;
export const FLOW_CONFIG_KEYS = Object.keys(flowConfigInputSchema.shape) as (keyof FlowConfigInput)[];

/** Keys whose command-line value is a whole number. */
const NUMERIC_KEYS = new Set(["rows", "cols", "weightBits", "window", "actBits", "dacBits", "ouRows", "adcBits", "squeeze", "seed", "vectors", "jobs"]);
const TILE_KEYS = new Set(Object.keys(tileParamsInputSchema.shape));

const flagName = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * Turns commander's option values (strings, booleans) into config keys with typed values. Only keys the
 * schema knows are taken, so command-only flags (`--json`, `--config`) pass through untouched.
 */
export function flagsToInput(flags: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of FLOW_CONFIG_KEYS) {
    const v = flags[key];
    if (v === undefined) continue;
    if (NUMERIC_KEYS.has(key) && typeof v === "string") {
      if (!/^\s*-?\d+\s*$/.test(v)) throw new UserError(`${flagName(key)} must be a whole number, got "${v}"`);
      out[key] = Number(v);
    } else {
      out[key] = v;
    }
  }
  return out;
}

function describeIssues(error: z.ZodError, origin: string): string {
  const msgs = error.issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      const keys = issue.keys.map((k) => `"${k}"`).join(", ");
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${keys}; known keys: ${FLOW_CONFIG_KEYS.join(", ")}`;
    }
    return issue.path.length > 0 && !issue.message.startsWith(String(issue.path[0])) ? `${issue.path.join(".")}: ${issue.message}` : issue.message;
  });
  return `${origin}: ${msgs.join("; ")}`;
}

/**
 * Validates merged options (config file values overridden by flags) and resolves defaults. `baseDir`
 * resolves relative paths from a config file; flags are relative to the working directory.
 */
export function resolveFlowConfig(input: Readonly<Record<string, unknown>>, origin = "options"): FlowConfig {
  const parsed = flowConfigInputSchema.safeParse(input);
  if (!parsed.success) throw new UserError(describeIssues(parsed.error, origin));
  const c = parsed.data;
  const tileInput: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) if (TILE_KEYS.has(k)) tileInput[k] = v;
  const params = makeTileParams(tileInput);
  const seed = c.seed ?? FLOW_DEFAULTS.seed;
  if (c.synthetic && c.weights !== undefined) {
    throw new UserError(`${origin}: choose one weights source: --synthetic or --weights ${c.weights}, not both`);
  }
  if (c.weights === undefined && (c.layer !== undefined || c.tile !== undefined)) {
    throw new UserError(`${origin}: --layer and --tile pick a kernel and tile of a weights file; give the file with --weights FILE`);
  }
  let weights: WeightsSource;
  if (c.weights === undefined) {
    weights = { kind: "synthetic", seed };
  } else {
    const [tileRow, tileCol] = c.tile === undefined ? [0, 0] : typeof c.tile === "string" ? c.tile.split(",").map((s) => Number(s.trim())) : c.tile;
    weights = { kind: "file", file: c.weights, ...(c.layer !== undefined ? { layer: c.layer } : {}), tileRow, tileCol };
  }
  return Object.freeze({
    params,
    kind: c.kind ?? FLOW_DEFAULTS.kind,
    scale: c.scale ?? FLOW_DEFAULTS.scale,
    weights,
    seed,
    ...(c.out !== undefined ? { out: c.out } : {}),
    vectors: c.vectors ?? FLOW_DEFAULTS.vectors,
    jobs: c.jobs ?? defaultJobs(),
  });
}

/** Makes the path-valued keys of a config file absolute, relative to the file's folder. */
function anchorPaths(raw: Record<string, unknown>, file: string): Record<string, unknown> {
  const out = { ...raw };
  for (const key of ["weights", "out"]) {
    const v = out[key];
    if (typeof v === "string" && v.length > 0 && !isAbsolute(v)) out[key] = resolve(dirname(file), v);
  }
  return out;
}

/**
 * The whole option pipeline of a command: read `--config FILE` (if any), overlay the flags, validate.
 * Precedence: design.md §5 defaults < config file < flags.
 */
export async function loadFlowConfig(flags: Readonly<Record<string, unknown>>, overrides: Readonly<Record<string, unknown>> = {}): Promise<FlowConfig> {
  const configFile = typeof flags.config === "string" ? flags.config : undefined;
  let fromFile: Record<string, unknown> = {};
  if (configFile !== undefined) {
    fromFile = anchorPaths(await readConfigFile(configFile), configFile);
    const parsed = flowConfigInputSchema.safeParse(fromFile);
    if (!parsed.success) throw new UserError(describeIssues(parsed.error, `config file ${configFile}`));
  }
  const fromFlags = flagsToInput(flags);
  // `--synthetic` on the command line overrides a weights file named in the config (and vice versa).
  if (fromFlags.synthetic === true) {
    delete fromFile.weights;
    delete fromFile.layer;
    delete fromFile.tile;
  }
  if (fromFlags.weights !== undefined) delete fromFile.synthetic;
  return resolveFlowConfig({ ...overrides, ...fromFile, ...fromFlags }, configFile ? `config file ${configFile} with the flags` : "options");
}
