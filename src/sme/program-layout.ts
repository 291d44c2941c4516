import { UserError } from "../util/errors.js";
import { bitsFor, clog2, isRemapMode, isSqueezeMode, modeMaxShift, worstCaseCrossbars, type MappingMode, type TileParams } from "./params.js";

/** One field of a `prog_data` word: bits `[offset +: width]`. */
export interface ProgField {
  readonly name: string;
  readonly offset: number;
  readonly width: number;
  /** Whether the tile stores this field in this mode; writes to fields that are not stored are ignored. */
  readonly stored: boolean;
  /** How the stored value reads; see {@link ProgLayout}. */
  readonly meaning: string;
}

/**
 * Data-only description of the programming port of a programmable tile (design.md §4), per mode. The RTL
 * generator decodes `prog_data` with it and the manifest publishes it.
 *
 * - target 0 (cell row): `prog_data[j]` is the cell of column j, `j < C`.
 * - target 1 (row-map entry): fields `shift` (low bits), `src`, `valid`, i.e. `{valid, src, shift}`.
 *   `dense`/`bitslice` store nothing (`valid = 1, src = r, shift = 0`) and take no target-1 transfers.
 *   `squeeze`: `shift` is 1 bit, the RCMR bit (row shift = bit * D), one per row and sign (prog_xbar names
 *   any crossbar of that sign, whose descriptor must already be written); `valid`/`src` fixed to 1/r.
 *   `squeeze-min`: `shift` holds the shift itself (`ceil(log2(D+1))` bits), per row and sign likewise.
 *   `remap` and `budget` (the same tile): all three fields stored per physical row of each crossbar.
 * - target 2 (crossbar descriptor): fields `base` (low bits), `sign` (1 = negative), `enable`, i.e.
 *   `{enable, sign, base}`; stored in every mode. Reset clears every descriptor (all crossbars disabled) and
 *   every stored row-map field.
 */
export interface ProgLayout {
  readonly mode: MappingMode;
  readonly rows: number;
  readonly cols: number;
  readonly weightBits: number;
  /** D of the squeeze modes, 0 otherwise. */
  readonly squeeze: number;
  /** Physical crossbar slots K. */
  readonly slots: number;
  /** Width of `prog_data`: the widest of C and the two entries. */
  readonly PW: number;
  /** Width of `prog_xbar`: `max(1, ceil(log2 K))`. */
  readonly xbarWidth: number;
  /** Width of `prog_row`: `max(1, ceil(log2 R))`. */
  readonly rowWidth: number;
  /** Whether target-1 writes select a per-sign entry (squeeze modes) rather than a per-crossbar one (remap, budget). */
  readonly rowMapScope: "none" | "per-sign" | "per-crossbar";
  /** Stored row-map bits per physical row and scope unit (0, 1, ceil(log2(D+1)) or the full entry). */
  readonly rowMapStoredBits: number;
  readonly target0: { readonly width: number };
  readonly target1: readonly [ProgField, ProgField, ProgField];
  readonly target2: readonly [ProgField, ProgField, ProgField];
  /** The `$readmemh` word: `{target, xbar, row, data}`, data in the low PW bits. */
  readonly hexWord: {
    readonly width: number;
    readonly dataOffset: number;
    readonly rowOffset: number;
    readonly xbarOffset: number;
    readonly targetOffset: number;
  };
}

/** The layout for a mode and tile size with K crossbar slots (default: the mode's worst case). */
export function progLayout(p: Pick<TileParams, "mode" | "rows" | "cols" | "weightBits" | "squeeze">, slots?: number): ProgLayout {
  const squeezeMode = isSqueezeMode(p.mode);
  const D = squeezeMode ? p.squeeze : 0;
  const K = slots ?? worstCaseCrossbars(p);
  if (!Number.isInteger(K) || K < 0) throw new UserError(`programming layout: slot count K = ${K} must be a whole number >= 0`);
  const srcW = clog2(p.rows);
  const shiftW = p.mode === "squeeze" ? 1 : bitsFor(modeMaxShift({ mode: p.mode, squeeze: D, weightBits: p.weightBits }));
  const remap = isRemapMode(p.mode);
  const target1: [ProgField, ProgField, ProgField] = [
    {
      name: "shift",
      offset: 0,
      width: shiftW,
      stored: squeezeMode || remap,
      meaning: p.mode === "squeeze" ? `RCMR bit: row shift = bit * ${D}` : squeezeMode || remap ? "row shift" : "fixed 0",
    },
    { name: "src", offset: shiftW, width: srcW, stored: remap, meaning: remap ? "source input index" : "fixed to the physical row" },
    { name: "valid", offset: shiftW + srcW, width: 1, stored: remap, meaning: remap ? "1 = row in use" : "fixed 1" },
  ];
  const baseW = bitsFor(p.weightBits - 1);
  const target2: [ProgField, ProgField, ProgField] = [
    { name: "base", offset: 0, width: baseW, stored: true, meaning: "base significance b" },
    { name: "sign", offset: baseW, width: 1, stored: true, meaning: "1 = negative crossbar set" },
    { name: "enable", offset: baseW + 1, width: 1, stored: true, meaning: "1 = crossbar in use" },
  ];
  const PW = Math.max(p.cols, shiftW + srcW + 1, baseW + 2);
  const xbarWidth = clog2(K);
  const rowWidth = clog2(p.rows);
  const rowMapStoredBits = remap ? shiftW + srcW + 1 : squeezeMode ? shiftW : 0;
  return Object.freeze({
    mode: p.mode,
    rows: p.rows,
    cols: p.cols,
    weightBits: p.weightBits,
    squeeze: D,
    slots: K,
    PW,
    xbarWidth,
    rowWidth,
    rowMapScope: remap ? "per-crossbar" : squeezeMode ? "per-sign" : "none",
    rowMapStoredBits,
    target0: { width: p.cols },
    target1,
    target2,
    hexWord: {
      width: 2 + xbarWidth + rowWidth + PW,
      dataOffset: 0,
      rowOffset: PW,
      xbarOffset: PW + rowWidth,
      targetOffset: PW + rowWidth + xbarWidth,
    },
  } as const);
}

/** Packs field values into a `prog_data` word. */
export function packFields(fields: readonly ProgField[], values: Readonly<Record<string, number>>): bigint {
  let v = 0n;
  for (const f of fields) {
    const x = values[f.name] ?? 0;
    if (x < 0 || x >= 2 ** f.width) throw new Error(`field ${f.name} = ${x} does not fit ${f.width} bits`);
    v |= BigInt(x) << BigInt(f.offset);
  }
  return v;
}

/** Reads one field out of a `prog_data` word. */
export function readField(data: bigint, f: ProgField): number {
  return Number((data >> BigInt(f.offset)) & ((1n << BigInt(f.width)) - 1n));
}
