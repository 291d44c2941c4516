import { ceilLog2 } from "../util/bits.js";
import type { TileParams } from "../params/tile.js";

/*
 * Tile parameters are defined once, in the parameter registry (src/params); the golden model re-exports what
 * its users need and adds the figures derived from a tile's parameters.
 */
export {
  DESIGN_KINDS,
  isRemapMode,
  isSqueezeMode,
  LIMITS,
  MAPPING_MODES,
  modeLabel,
  modeTag,
  moduleModeTag,
  SCALE_MODES,
  type DesignKind,
  type MappingMode,
  type RemapMode,
  type ScaleMode,
  type SqueezeMode,
} from "../params/index.js";
export {
  isAdcLossless,
  losslessAdcBits,
  makeTileParams,
  TILE_DEFAULTS,
  TILE_KEYS,
  tileRuleViolation,
  type TileKey,
  type TileParams,
  type TileParamsInput,
} from "../params/tile.js";
export { bitsFor, ceilLog2, clog2 } from "../util/bits.js";

/** Output width of design.md §3: `OW = A + N + ceil(log2 R) + 1` bits, two's complement. */
export function outputWidth(p: Pick<TileParams, "actBits" | "weightBits" | "rows">): number {
  return p.actBits + p.weightBits + ceilLog2(p.rows) + 1;
}

/**
 * The largest shift a mode can ever place on a row, whatever the weights (hardware sizes its digit counter
 * with it): dense/bitslice 0, squeeze modes D, remap and budget N-1.
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
    case "budget":
      return p.weightBits - 1;
  }
}

/** Input digits per OU group for a given largest shift: `T = ceil((A + maxShift) / dacBits)`. */
export function digitCount(p: Pick<TileParams, "actBits" | "dacBits">, maxShift: number): number {
  return Math.ceil((p.actBits + maxShift) / p.dacBits);
}

/**
 * Worst-case number of physical crossbar slots (K) a programmable tile needs for any weights: dense,
 * bitslice, remap and budget 2N (remap packs at most R*N non-empty bit-rows per sign into N crossbars of R
 * rows; budget packs what survives its truncation, never more); squeeze modes 2(N-D) (bases 0..N-1-D per sign).
 */
export function worstCaseCrossbars(p: Pick<TileParams, "mode" | "squeeze" | "weightBits">): number {
  switch (p.mode) {
    case "dense":
    case "bitslice":
    case "remap":
    case "budget":
      return 2 * p.weightBits;
    case "squeeze":
    case "squeeze-min":
      return 2 * (p.weightBits - p.squeeze);
  }
}
