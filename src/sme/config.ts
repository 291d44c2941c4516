import { readFile } from "node:fs/promises";
import YAML from "yaml";
import { UserError } from "../util/errors.js";
import { makeTileParams, SCALE_MODES, tileParamsInputSchema, type ScaleMode, type TileParams, type TileParamsInput } from "./params.js";

/** Tile parameter keys (camelCase, design.md §5) and the flag each comes from. */
export const TILE_PARAM_FLAGS = {
  rows: "--rows",
  cols: "--cols",
  weightBits: "--weight-bits",
  window: "--window",
  actBits: "--act-bits",
  dacBits: "--dac-bits",
  ouRows: "--ou-rows",
  adcBits: "--adc-bits",
  mode: "--mode",
  squeeze: "--squeeze",
} as const satisfies Record<keyof TileParamsInput, string>;

/** Keys other subcommands read from the same config files; a command that does not use them ignores them. */
const SHARED_KEYS = new Set(["scale", "kind", "seed", "out", "weights", "layer", "tile", "synthetic", "vectors", "model", "cost", "json", "name", "jobs", "rtl", "rtlBudgetS", "shard", "fresh"]);

/** Reads a JSON or YAML config file of camelCase keys; a UserError says what is wrong with it. */
export async function readConfigFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new UserError(`cannot read config file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let raw: unknown;
  try {
    raw = YAML.parse(text); // YAML 1.2 is a superset of JSON
  } catch (err) {
    throw new UserError(`cannot parse config file ${file}: ${(err as Error).message.split("\n")[0]}`);
  }
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) throw new UserError(`config file ${file} must hold a mapping of camelCase keys to values`);
  const unknown = Object.keys(raw).filter((k) => !(k in TILE_PARAM_FLAGS) && !SHARED_KEYS.has(k));
  if (unknown.length > 0) {
    throw new UserError(`config file ${file}: unknown key(s) ${unknown.join(", ")}; tile keys are ${Object.keys(TILE_PARAM_FLAGS).join(", ")}`);
  }
  return raw as Record<string, unknown>;
}

/**
 * Tile parameters from a config object and command-line values (flags win), validated. Flag values may be
 * strings (as commander gives them); numbers are parsed here so errors name the flag.
 */
export function tileParamsFrom(config: Record<string, unknown>, flags: Record<string, unknown>): TileParams {
  const input: Record<string, unknown> = {};
  for (const [key, flag] of Object.entries(TILE_PARAM_FLAGS)) {
    const fromFlag = flags[key];
    const v = fromFlag !== undefined ? fromFlag : config[key];
    if (v === undefined) continue;
    if (key === "mode") input[key] = v;
    else {
      const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
      if (!Number.isFinite(n)) throw new UserError(`${fromFlag !== undefined ? flag : key} must be a number, got "${String(v)}"`);
      input[key] = n;
    }
  }
  return makeTileParams(input as TileParamsInput);
}

/** The `--scale` value from flags or config, validated. */
export function scaleFrom(config: Record<string, unknown>, flags: Record<string, unknown>): ScaleMode {
  const v = flags.scale ?? config.scale ?? "layer";
  if (typeof v !== "string" || !(SCALE_MODES as readonly string[]).includes(v)) {
    throw new UserError(`--scale must be one of ${SCALE_MODES.join(", ")}, got "${String(v)}"`);
  }
  return v as ScaleMode;
}

/** Re-exported so commands can validate a whole config object against the tile schema if they wish. */
export { tileParamsInputSchema };
