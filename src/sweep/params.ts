/** The parameters a sweep can vary, with the flag names of design.md §5 (camelCase in config files). */
export const mappingModes = ["dense", "bitslice", "squeeze", "squeeze-min", "remap"] as const;
export type MappingMode = (typeof mappingModes)[number];

export const scaleModes = ["layer", "channel", "pow2"] as const;
export type ScaleMode = (typeof scaleModes)[number];

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
}

export type ParamName = keyof SweepPoint;

/** Grid keys in a stable order: points are enumerated with the first key varying slowest. */
export const paramNames: readonly ParamName[] = [
  "rows", "cols", "weightBits", "window", "mode", "squeeze", "actBits", "dacBits", "ouRows", "adcBits", "scale",
];

/** Command-line flag of each parameter (design.md §5). */
export const paramFlags: Readonly<Record<ParamName, string>> = {
  rows: "--rows", cols: "--cols", weightBits: "--weight-bits", window: "--window", mode: "--mode",
  squeeze: "--squeeze", actBits: "--act-bits", dacBits: "--dac-bits", ouRows: "--ou-rows", adcBits: "--adc-bits",
  scale: "--scale",
};

/** design.md §5 defaults. `ouRows` "R" follows `rows`; `cols` may be given as "R" too (square tiles). */
export const paramDefaults = {
  rows: 128, cols: 128, weightBits: 8, window: 3, mode: "squeeze-min", squeeze: 2, actBits: 8, dacBits: 1,
  ouRows: "R", adcBits: "lossless", scale: "layer",
} as const;

export function isSqueezeMode(mode: MappingMode): boolean {
  return mode === "squeeze" || mode === "squeeze-min";
}

/** A short human label of a point's mapping, e.g. `squeeze D=2`. */
export function mappingLabel(p: Pick<SweepPoint, "mode" | "squeeze">): string {
  return isSqueezeMode(p.mode) ? `${p.mode} D=${p.squeeze}` : p.mode;
}

/** Lossless ADC resolution of design.md §3. */
export function losslessAdcBits(ouRows: number, dacBits: number): number {
  return Math.ceil(Math.log2(ouRows * (2 ** dacBits - 1) + 1));
}

export function resolvedAdcBits(p: SweepPoint): number {
  return p.adcBits === "lossless" ? losslessAdcBits(p.ouRows, p.dacBits) : p.adcBits;
}

/** Canonical identity of a point: the same configuration always gives the same key. */
export function pointKey(p: SweepPoint): string {
  return paramNames.map((k) => `${k}=${p[k]}`).join(",");
}
