/**
 * DAC / input driver: for every physical row r, digit t of `x[src_r] << shift_r` (`dacBits` wide), sent to
 * the crossbars as `dacBits` bit-planes of R bits (`drive[b*R +: R]`, bit r = bit b of row r's digit). Rows
 * outside the current OU group are driven 0.
 *
 * Variants (the row-remap peripheral decides which one a mode uses):
 * - `plain`: shift 0 (dense, bitslice);
 * - `rcmr`: one bit per row chooses shift 0 or D (squeeze D);
 * - `shift`: a stored shift per row (squeeze-min D);
 * - `entry`: a stored `(valid, shift)` per row, `x` already selected by each row's `src` (remap);
 * - `fixed`: constant `(valid, shift)` per row (baked tiles of any mode).
 */
import { cat, clog2, defineGenerator, input, lit, mux, output, uint, type Expr, type PortSpec } from "../hdl/index.js";

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

function dacPorts(p: DacParams) {
  const groups = p.rows / p.ouRows;
  const extra: Record<string, PortSpec> = {};
  if (groups > 1) extra.group = input(uint(groupWidth(groups)));
  if (p.variant === "rcmr") extra.rcmr = input(uint(p.rows));
  if (p.variant === "entry") extra.valid = input(uint(p.rows));
  if (p.variant === "shift" || p.variant === "entry") extra.shifts = input(uint(p.rows * p.shiftBits));
  return {
    x: input(uint(p.rows * p.actBits)),
    digit: input(uint(digitWidth(p.digits))),
    ...extra,
    drive: output(uint(p.dacBits * p.rows)),
  };
}

export const dacDriver = defineGenerator("sme_dac", dacPorts, (m, io, p) => {
  const A = p.actBits;
  const ports = io as unknown as Record<string, Expr>;
  const groups = p.rows / p.ouRows;
  // Bit position of plane b of digit t: dacBits * t + b (shared by all rows).
  const positions: Expr[] = [];
  for (let b = 0; b < p.dacBits; b++) {
    if (p.dacBits === 1) positions.push(io.digit);
    else {
      const pos = m.wire(uint(io.digit.width + clog2(p.dacBits + 1)), { name: `bitpos_${b}` });
      pos.set(io.digit.mul(lit(p.dacBits, uint(clog2(p.dacBits + 1)))).add(lit(b, uint(pos.width))));
      positions.push(pos);
    }
  }
  const groupOn: Expr[] = [];
  if (groups > 1) {
    for (let g = 0; g < groups; g++) {
      const on = m.wire(uint(1), { name: `group_on_${g}` });
      on.set(ports.group!.eq(lit(g, uint(ports.group!.width))));
      groupOn.push(on);
    }
  }
  let anyUnread = false;
  const planes: Expr[][] = Array.from({ length: p.dacBits }, () => []);
  for (let r = 0; r < p.rows; r++) {
    const x = io.x.bits(r * A, A);
    let value: Expr | undefined;
    switch (p.variant) {
      case "plain":
        value = x;
        break;
      case "rcmr":
        value = mux(ports.rcmr!.bit(r), x.shl(p.squeeze), x.zext(A + p.squeeze));
        break;
      case "shift":
        value = x.shl(ports.shifts!.bits(r * p.shiftBits, p.shiftBits));
        break;
      case "entry": {
        const shifted = x.shl(ports.shifts!.bits(r * p.shiftBits, p.shiftBits));
        value = mux(ports.valid!.bit(r), shifted, lit(0, uint(shifted.width)));
        break;
      }
      case "fixed":
        if (p.valid[r]) value = x.shl(p.shifts[r]!);
        else anyUnread = true;
        break;
    }
    for (let b = 0; b < p.dacBits; b++) {
      let bit: Expr = value ? value.bit(positions[b]!) : lit(0, uint(1));
      if (groups > 1) bit = bit.and(groupOn[Math.floor(r / p.ouRows)]!);
      planes[b]!.push(bit);
    }
  }
  if (anyUnread) io.x.markUnused();
  if (p.variant === "fixed" && p.valid.every((v) => !v)) io.digit.markUnused();
  io.drive.set(cat(...planes.flatMap((bits) => bits).reverse()));
});
