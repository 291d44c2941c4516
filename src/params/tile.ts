import { bitsFor } from "../util/bits.js";
import { UserError } from "../util/errors.js";
import { isSqueezeMode, type MappingMode } from "./modes.js";
import { parseParams } from "./parse.js";
import { defaultOf, flagOf, LIMITS, type ParamValues } from "./registry.js";

/**
 * Every knob of one SME tile (design.md §3 and 4b), camelCase keys exactly as in config files:
 * `rows` R, `cols` C, `weightBits` N, `window` S, `actBits` A, `dacBits`, `ouRows`, `adcBits`, `mode`,
 * `squeeze` D. Objects of this type are frozen and validated; build them with {@link makeTileParams}.
 */
export interface TileParams {
  readonly rows: number;
  readonly cols: number;
  readonly weightBits: number;
  readonly window: number;
  readonly actBits: number;
  readonly dacBits: number;
  readonly ouRows: number;
  /** Always resolved: the lossless width when the user gave none. */
  readonly adcBits: number;
  readonly mode: MappingMode;
  /** D of the squeeze modes; carried (and range-checked only) when the mode is a squeeze mode. */
  readonly squeeze: number;
}

/**
 * The tile keys in the order of a {@link TileParams} object. Design names hash `JSON.stringify` of that
 * object, so this order is part of every generated design's identity.
 */
export const TILE_KEYS = ["rows", "cols", "weightBits", "window", "actBits", "dacBits", "ouRows", "adcBits", "mode", "squeeze"] as const;
export type TileKey = (typeof TILE_KEYS)[number];

/** A partial tile as code, config files and flags give it: `cols`/`ouRows` may be `R`, `adcBits` `lossless`. */
export type TileParamsInput = { readonly [K in TileKey]?: NonNullable<ParamValues[K]> };

/** The defaults of design.md §5 (`window` is capped at N; `ouRows` defaults to R and `adcBits` to lossless). */
export const TILE_DEFAULTS: Readonly<Pick<TileParams, "rows" | "cols" | "weightBits" | "window" | "actBits" | "dacBits" | "mode" | "squeeze">> = {
  rows: defaultOf("rows", "generate")!,
  cols: defaultOf("cols", "generate") as number,
  weightBits: defaultOf("weightBits", "generate")!,
  window: defaultOf("window", "generate")!,
  actBits: defaultOf("actBits", "generate")!,
  dacBits: defaultOf("dacBits", "generate")!,
  mode: defaultOf("mode", "generate")!,
  squeeze: defaultOf("squeeze", "generate")!,
};

/** The lossless ADC width of design.md §3: `ceil(log2(ouRows * (2^dacBits - 1) + 1))`. */
export function losslessAdcBits(ouRows: number, dacBits: number): number {
  return bitsFor(ouRows * (2 ** dacBits - 1));
}

/** The tile values the cross-field rules read. */
export type TileRuleInput = Pick<TileParams, "rows" | "weightBits" | "window" | "actBits" | "dacBits" | "ouRows" | "mode" | "squeeze">;

/**
 * The cross-field rules of design.md §5, the one place they are written: `S <= N`, `ouRows` divides R, the
 * DAC digit fits an input, and `1 <= D <= N-1` in the squeeze modes (D is not read by the other modes). Returns
 * the first rule `p` breaks, as a message naming the flags and how to fix it, or undefined.
 */
export function tileRuleViolation(p: TileRuleInput): string | undefined {
  const [R, N, S, A, D] = [flagOf("rows"), flagOf("weightBits"), flagOf("window"), flagOf("actBits"), flagOf("squeeze")];
  if (p.window > p.weightBits) return `${S} S = ${p.window} is larger than ${N} N = ${p.weightBits}; use 1 <= S <= N`;
  if (p.ouRows > p.rows || p.rows % p.ouRows !== 0) {
    return `${flagOf("ouRows")} ${p.ouRows} does not divide ${R} R = ${p.rows}; use a divisor of R (${divisorHint(p.rows)})`;
  }
  if (p.dacBits > p.actBits + LIMITS.maxWeightBits) {
    return `${flagOf("dacBits")} ${p.dacBits} is wider than any input digit can be (at most ${A} A + ${LIMITS.maxWeightBits} = ${p.actBits + LIMITS.maxWeightBits})`;
  }
  if (isSqueezeMode(p.mode)) {
    if (p.weightBits < 2) {
      return `${flagOf("mode")} ${p.mode} squeezes D = 1..N-1 bits and needs ${N} N >= 2; with N = ${p.weightBits} use ${flagOf("mode")} dense, bitslice or remap`;
    }
    if (p.squeeze < 1 || p.squeeze > p.weightBits - 1) {
      return `${D} D = ${p.squeeze} is out of range for ${flagOf("mode")} ${p.mode} with ${N} N = ${p.weightBits}; use 1 <= D <= ${p.weightBits - 1}`;
    }
  }
  return undefined;
}

function divisorHint(rows: number): string {
  const ds: number[] = [];
  for (let d = 1; d <= rows; d++) if (rows % d === 0) ds.push(d);
  return ds.length <= 8 ? ds.join(", ") : `${ds.slice(0, 4).join(", ")}, ..., ${ds.slice(-2).join(", ")}`;
}

/**
 * Fills the design.md §5 defaults of a checked partial tile and resolves the words: `cols`/`ouRows` `R` become
 * R, `adcBits` `lossless` the lossless width, and `window` defaults to min(3, N). The cross-field rules are not
 * checked here (see {@link tileRuleViolation}). The result's keys are in {@link TILE_KEYS} order.
 */
export function resolveTileDefaults(v: TileParamsInput): TileParams {
  const rows = v.rows ?? TILE_DEFAULTS.rows;
  const weightBits = v.weightBits ?? TILE_DEFAULTS.weightBits;
  const dacBits = v.dacBits ?? TILE_DEFAULTS.dacBits;
  const ouRows = v.ouRows === undefined || v.ouRows === "R" ? rows : v.ouRows;
  const cols = v.cols === undefined ? TILE_DEFAULTS.cols : v.cols === "R" ? rows : v.cols;
  const adcBits = v.adcBits === undefined || v.adcBits === "lossless" ? losslessAdcBits(ouRows, dacBits) : v.adcBits;
  return {
    rows,
    cols,
    weightBits,
    window: v.window ?? Math.min(TILE_DEFAULTS.window, weightBits),
    actBits: v.actBits ?? TILE_DEFAULTS.actBits,
    dacBits,
    ouRows,
    adcBits,
    mode: v.mode ?? TILE_DEFAULTS.mode,
    squeeze: v.squeeze ?? TILE_DEFAULTS.squeeze,
  };
}

/**
 * Validates a partial parameter object, fills the design.md §5 defaults and returns it frozen. Throws a
 * `UserError` that names the offending key and how to fix it. Other known keys are ignored; unknown keys
 * are an error naming the nearest known key.
 */
export function makeTileParams(input: TileParamsInput = {}): TileParams {
  const label = "invalid tile parameters";
  const checked = parseParams(input as Record<string, unknown>, { keys: TILE_KEYS, origin: { kind: "object", label } });
  const p = resolveTileDefaults(checked);
  const broken = tileRuleViolation(p);
  if (broken) throw new UserError(`${label}: ${broken}`);
  return Object.freeze(p);
}

/** True when the ADC can never clip: `adcBits` at least the lossless width. */
export function isAdcLossless(p: TileParams): boolean {
  return p.adcBits >= losslessAdcBits(p.ouRows, p.dacBits);
}
