import { GRID_KEYS, type BudgetScope, type GridKey, type MappingMode, type ScaleMode } from "../params/index.js";

/** One point of a sweep grid: a complete tile configuration. */
export interface SweepPoint {
  readonly rows: number;
  readonly cols: number;
  readonly weightBits: number;
  readonly window: number;
  readonly mode: MappingMode;
  /** D of the squeeze modes; 0 for the other modes. */
  readonly squeeze: number;
  readonly actBits: number;
  readonly dacBits: number;
  /** Rows activated together; equals `rows` unless swept. */
  readonly ouRows: number;
  /** ADC bits, or "lossless" for `ceil(log2(ouRows * (2^dacBits - 1) + 1))`. */
  readonly adcBits: number | "lossless";
  readonly scale: ScaleMode;
  /** `budget` mode: its SQNR target (dB), scope and per-layer floor (dB, or null for none); null in the other modes. */
  readonly targetSqnr: number | null;
  readonly budgetScope: BudgetScope | null;
  readonly minLayerSqnr: number | null;
}

/** The parameters a sweep varies: the registry's grid keys, in grid order (the first varies slowest). */
export type ParamName = GridKey & keyof SweepPoint;
export const paramNames: readonly ParamName[] = GRID_KEYS;
// A grid key without a place in a point (or the reverse) fails to compile here.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const gridKeysAreThePoint: SameKeys<GridKey, keyof SweepPoint> = true;
void gridKeysAreThePoint;

/** The keys that choose how a configuration is mapped rather than the configuration itself. */
const MAPPING_KEYS: readonly ParamName[] = ["mode", "squeeze", "targetSqnr", "budgetScope", "minLayerSqnr"];

/**
 * Canonical identity of a point: the same configuration always gives the same key. Results files store it,
 * so its form (`rows=128,cols=128,...` in grid order) must not change. Keys a point does not use (null: the
 * budget keys outside mode `budget`) are left out, so points of the other modes keep the keys they had
 * before the budget keys existed.
 */
export function pointKey(p: SweepPoint): string {
  return paramNames
    .filter((k) => p[k] !== null && p[k] !== undefined)
    .map((k) => `${k}=${p[k]}`)
    .join(",");
}

/**
 * The configuration of a point without its mapping (mode and D): the golden model analyses every mapping of a
 * configuration at once, so points with the same configuration key share one analysis.
 */
export function configurationKey(p: SweepPoint): string {
  return paramNames
    .filter((k) => !MAPPING_KEYS.includes(k))
    .map((k) => p[k])
    .join("/");
}
