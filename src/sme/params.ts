import { z } from "zod";
import { UserError } from "../util/errors.js";

/** Mapping modes of design.md §2.3, in the order reports list them. */
export const MAPPING_MODES = ["dense", "bitslice", "squeeze", "squeeze-min", "remap"] as const;
export type MappingMode = (typeof MAPPING_MODES)[number];

/** Weight scale modes of design.md §2.1 (`--scale`). */
export const SCALE_MODES = ["layer", "channel", "pow2"] as const;
export type ScaleMode = (typeof SCALE_MODES)[number];

/**
 * Limits chosen so that every tile output fits a JavaScript number exactly: the output width
 * `A + N + ceil(log2 R) + 1` is at most 16 + 16 + 12 + 1 = 45 bits < 53.
 */
export const LIMITS = { maxRows: 4096, maxCols: 4096, maxWeightBits: 16, maxActBits: 16, maxDacBits: 8, maxAdcBits: 32 } as const;

/**
 * Every knob of one SME tile (design.md §3 and §5), camelCase keys exactly as in config files:
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

/** The defaults of design.md §5 (`ouRows` defaults to R and `adcBits` to lossless, so they are resolved later). */
export const TILE_DEFAULTS = {
  rows: 128,
  cols: 128,
  weightBits: 8,
  window: 3,
  actBits: 8,
  dacBits: 1,
  mode: "squeeze-min",
  squeeze: 2,
} as const satisfies Partial<TileParams>;

const int = (name: string, min: number, max: number) =>
  z
    .number({ error: `${name} must be a number` })
    .int({ error: `${name} must be a whole number` })
    .min(min, { error: `${name} must be at least ${min}` })
    .max(max, { error: `${name} must be at most ${max}` });

/**
 * Zod schema of a partial parameter object as it appears in a config file or on the command line (all keys
 * optional, unknown keys rejected). {@link makeTileParams} applies defaults and cross-field rules.
 */
export const tileParamsInputSchema = z
  .object({
    rows: int("rows (R)", 1, LIMITS.maxRows),
    cols: int("cols (C)", 1, LIMITS.maxCols),
    weightBits: int("weightBits (N)", 1, LIMITS.maxWeightBits),
    window: int("window (S)", 1, LIMITS.maxWeightBits),
    actBits: int("actBits (A)", 1, LIMITS.maxActBits),
    dacBits: int("dacBits", 1, LIMITS.maxDacBits),
    ouRows: int("ouRows", 1, LIMITS.maxRows),
    adcBits: int("adcBits", 1, LIMITS.maxAdcBits),
    mode: z.enum(MAPPING_MODES, { error: `mode must be one of ${MAPPING_MODES.join(", ")}` }),
    squeeze: int("squeeze (D)", 0, LIMITS.maxWeightBits),
  })
  .partial()
  .strict();

export type TileParamsInput = z.input<typeof tileParamsInputSchema>;

/** ceil(log2 n) for n >= 1 (0 for n = 1). */
export function ceilLog2(n: number): number {
  let bits = 0;
  while (2 ** bits < n) bits++;
  return bits;
}

/** Number of bits needed to hold the values 0..n (n >= 0). */
export function bitsFor(n: number): number {
  return ceilLog2(n + 1);
}

/** The lossless ADC width of design.md §3: `ceil(log2(ouRows * (2^dacBits - 1) + 1))`. */
export function losslessAdcBits(ouRows: number, dacBits: number): number {
  return bitsFor(ouRows * (2 ** dacBits - 1));
}

/**
 * Validates a partial parameter object, fills the design.md §5 defaults and returns it frozen. Throws a
 * `UserError` that names the offending key and how to fix it.
 */
export function makeTileParams(input: TileParamsInput = {}): TileParams {
  const parsed = tileParamsInputSchema.safeParse(input);
  if (!parsed.success) {
    const msgs = parsed.error.issues.map((i) => i.message);
    throw new UserError(`invalid tile parameters: ${msgs.join("; ")}`);
  }
  const p = parsed.data;
  const rows = p.rows ?? TILE_DEFAULTS.rows;
  const weightBits = p.weightBits ?? TILE_DEFAULTS.weightBits;
  const window = p.window ?? Math.min(TILE_DEFAULTS.window, weightBits);
  const dacBits = p.dacBits ?? TILE_DEFAULTS.dacBits;
  const ouRows = p.ouRows ?? rows;
  const mode = p.mode ?? TILE_DEFAULTS.mode;
  const squeeze = p.squeeze ?? TILE_DEFAULTS.squeeze;
  const actBits = p.actBits ?? TILE_DEFAULTS.actBits;
  if (window > weightBits) {
    throw new UserError(`invalid tile parameters: window S = ${window} is larger than weightBits N = ${weightBits}; use 1 <= S <= N`);
  }
  if (ouRows > rows || rows % ouRows !== 0) {
    throw new UserError(`invalid tile parameters: ouRows = ${ouRows} must divide rows R = ${rows} (e.g. ${divisorHint(rows)})`);
  }
  if (dacBits > actBits + LIMITS.maxWeightBits) {
    throw new UserError(`invalid tile parameters: dacBits = ${dacBits} is wider than any input digit can be`);
  }
  if ((mode === "squeeze" || mode === "squeeze-min") && (squeeze < 1 || squeeze > weightBits - 1)) {
    throw new UserError(
      `invalid tile parameters: squeeze D = ${squeeze} is out of range for mode ${mode} with weightBits N = ${weightBits}; use 1 <= D <= ${weightBits - 1}`,
    );
  }
  const adcBits = p.adcBits ?? losslessAdcBits(ouRows, dacBits);
  return Object.freeze({ rows, cols: p.cols ?? TILE_DEFAULTS.cols, weightBits, window, actBits, dacBits, ouRows, adcBits, mode, squeeze });
}

function divisorHint(rows: number): string {
  const ds: number[] = [];
  for (let d = 1; d <= rows; d++) if (rows % d === 0) ds.push(d);
  return ds.length <= 8 ? ds.join(", ") : `${ds.slice(0, 4).join(", ")}, ..., ${ds.slice(-2).join(", ")}`;
}

/** True when the ADC can never clip: `adcBits` at least the lossless width. */
export function isAdcLossless(p: TileParams): boolean {
  return p.adcBits >= losslessAdcBits(p.ouRows, p.dacBits);
}

/** Output width of design.md §3: `OW = A + N + ceil(log2 R) + 1` bits, two's complement. */
export function outputWidth(p: Pick<TileParams, "actBits" | "weightBits" | "rows">): number {
  return p.actBits + p.weightBits + ceilLog2(p.rows) + 1;
}

/**
 * The largest shift a mode can ever place on a row, whatever the weights (hardware sizes its digit counter
 * with it): dense/bitslice 0, squeeze modes D, remap N-1.
 */
export function modeMaxShift(p: Pick<TileParams, "mode" | "squeeze" | "weightBits">): number {
  switch (p.mode) {
    case "dense":
    case "bitslice":
      return 0;
    case "squeeze":
    case "squeeze-min":
      return p.squeeze;
    case "remap":
      return p.weightBits - 1;
  }
}

/** Input digits per OU group for a given largest shift: `T = ceil((A + maxShift) / dacBits)`. */
export function digitCount(p: Pick<TileParams, "actBits" | "dacBits">, maxShift: number): number {
  return Math.ceil((p.actBits + maxShift) / p.dacBits);
}

/**
 * Worst-case number of physical crossbar slots (K) a programmable tile needs for any weights: dense,
 * bitslice and remap 2N (remap packs at most R*N non-empty bit-rows per sign into N crossbars of R rows);
 * squeeze modes 2(N-D) (bases 0..N-1-D per sign).
 */
export function worstCaseCrossbars(p: Pick<TileParams, "mode" | "squeeze" | "weightBits">): number {
  switch (p.mode) {
    case "dense":
    case "bitslice":
    case "remap":
      return 2 * p.weightBits;
    case "squeeze":
    case "squeeze-min":
      return 2 * (p.weightBits - p.squeeze);
  }
}
