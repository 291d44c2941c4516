/**
 * DAC / input driver: for every physical row r, digit t of `x[src_r] << shift_r` (`dacBits` wide, LSB-first
 * digit numbering), sent to the crossbars as `dacBits` bit-planes (`drive[b][c]`, port `drive_b<b>_r<lo>`:
 * bit i = bit b of row lo + i's digit, in chunks of up to 64 rows like the crossbar columns). Rows outside
 * the current OU group are driven 0. Inputs are per row (`x_<r>`, and the row's map fields, declared row by
 * row) so no wide vector is rebuilt every cycle.
 *
 * Variants (the row-remap peripheral decides which one a mode uses):
 * - `plain`: shift 0 (dense, bitslice);
 * - `rcmr`: one bit per row (`shift_<r>`) chooses shift 0 or D (squeeze D);
 * - `shift`: a stored shift per row (`shift_<r>`, squeeze-min D);
 * - `entry`: a stored `valid_<r>` and `shift_<r>`, `x_<r>` already selected by the row's `src` (remap, budget);
 * - `fixed`: constant `(valid, shift)` per row (baked tiles of any mode); only valid rows have an `x_<r>`.
 */
import { bool, cat, clog2, defineGenerator, input, interleaved, lit, mux, output, uint, vec, type Expr, type Signal } from "../hdl/index.js";
import { driveVec, rowChunks } from "./crossbar.js";

export type DacVariant = "plain" | "rcmr" | "shift" | "entry" | "fixed";

export interface DacParams {
  readonly rows: number;
  readonly actBits: number;
  readonly dacBits: number;
  /** Digits T the controller steps through. */
  readonly digits: number;
  readonly ouRows: number;
  readonly variant: DacVariant;
  /** D of `rcmr`; 0 otherwise. */
  readonly squeeze: number;
  /** Width of a stored shift (`shift`, `entry`); 0 otherwise. */
  readonly shiftBits: number;
  /** `fixed` only: each row's constant shift and valid bit. */
  readonly shifts: readonly number[];
  readonly valid: readonly number[];
}

export function digitWidth(digits: number): number {
  return Math.max(1, clog2(digits));
}

export function groupWidth(groups: number): number {
  return Math.max(1, clog2(groups));
}

/** The rows that have an activation input `x_<r>`, in order: all of them, or the valid rows of `fixed`. */
export function dacInputRows(p: Pick<DacParams, "rows" | "variant" | "valid">): number[] {
  return Array.from({ length: p.rows }, (_, r) => r).filter((r) => p.variant !== "fixed" || p.valid[r]);
}

/** Width of the per-row `shift_<r>` input: 1 (the RCMR bit), the stored shift, or 0 (none). */
function storedShiftWidth(p: DacParams): number {
  if (p.variant === "rcmr") return 1;
  return p.variant === "shift" || p.variant === "entry" ? p.shiftBits : 0;
}

function dacPorts(p: DacParams) {
  const groups = p.rows / p.ouRows;
  const inputRows = dacInputRows(p);
  const shiftWidth = storedShiftWidth(p);
  return {
    digit: input(uint(digitWidth(p.digits))),
    ...(groups > 1 ? { group: input(uint(groupWidth(groups))) } : {}),
    ...interleaved({
      // `x[k]` is row inputRows[k]'s activation, port `x_<row>`.
      x: input(vec(uint(p.actBits), inputRows.length, { suffix: (k) => String(inputRows[k]) })),
      ...(shiftWidth > 0 ? { shift: input(vec(uint(shiftWidth), p.rows)) } : {}),
      ...(p.variant === "entry" ? { valid: input(vec(bool, p.rows)) } : {}),
    }),
    drive: output(driveVec(p.rows, p.dacBits)),
  };
}

/** Row r's value `x << shift` (0 for an invalid row), or undefined for a row without an input. */
function rowValue(p: DacParams, r: number, x: Signal | undefined, shift: Signal | undefined, valid: Signal | undefined): Expr | undefined {
  if (!x) return undefined;
  if (p.variant === "fixed") return x.shl(p.shifts[r]);
  if (!shift) return x;
  if (p.variant === "rcmr") return mux(shift, x.shl(p.squeeze), x.zext(p.actBits + p.squeeze));
  const shifted = x.shl(shift);
  return valid ? mux(valid, shifted, lit(0, uint(shifted.width))) : shifted;
}

export const dacDriver = defineGenerator("sme_dac", dacPorts, (m, io, p) => {
  const digit = io.digit;
  const group = io.group;
  const xOfRow = new Map(dacInputRows(p).map((r, k) => [r, io.x[k]]));
  // Bit position of plane b of digit t: dacBits * t + b (shared by all rows; built on first use, so a baked
  // driver whose rows are all invalid declares nothing unread).
  const positions: Expr[] = [];
  const position = (b: number): Expr => {
    if (p.dacBits === 1) return digit;
    const known = positions[b];
    if (known) return known;
    const product = digit.mul(lit(p.dacBits, uint(clog2(p.dacBits + 1))));
    const made = m.wire(product.add(lit(b, uint(product.width))), { name: `bitpos_${b}` });
    positions[b] = made;
    return made;
  };
  // OU group g is being driven (built on first use: a group of only invalid rows needs none).
  const groupOn: Expr[] = [];
  const groupActive = (g: number, sel: Signal): Expr => (groupOn[g] ??= m.wire(sel.eq(lit(g, uint(sel.width))), { name: `group_on_${g}` }));
  if (xOfRow.size === 0) {
    digit.markUnused();
    group?.markUnused();
  }
  const planes: Expr[][] = Array.from({ length: p.dacBits }, () => []);
  for (let r = 0; r < p.rows; r++) {
    const value = rowValue(p, r, xOfRow.get(r), io.shift?.[r], io.valid?.[r]);
    for (let b = 0; b < p.dacBits; b++) {
      let bit: Expr = value ? value.bit(position(b)) : lit(0, uint(1));
      if (group && value) bit = bit.and(groupActive(Math.floor(r / p.ouRows), group));
      planes[b].push(bit);
    }
  }
  const chunks = rowChunks(p.rows);
  io.drive.forEach((plane, b) => {
    plane.forEach((out, c) => {
      out.set(cat(...planes[b].slice(chunks[c].lo, chunks[c].lo + chunks[c].width).reverse()));
    });
  });
});
