/**
 * DAC / input driver: for every physical row r, digit t of `x[src_r] << shift_r` (`dacBits` wide, LSB-first
 * digit numbering), sent to the crossbars as `dacBits` bit-planes (`drive_b<b>_r<lo>`: bit i = bit b of row
 * lo + i's digit, in chunks of up to 64 rows like the crossbar columns). Rows outside the current OU group
 * are driven 0. Inputs are per row (`x_<r>`, and the row's map fields) so no wide vector is rebuilt every cycle.
 *
 * Variants (the row-remap peripheral decides which one a mode uses):
 * - `plain`: shift 0 (dense, bitslice);
 * - `rcmr`: one bit per row (`shift_<r>`) chooses shift 0 or D (squeeze D);
 * - `shift`: a stored shift per row (`shift_<r>`, squeeze-min D);
 * - `entry`: a stored `valid_<r>` and `shift_<r>`, `x_<r>` already selected by the row's `src` (remap);
 * - `fixed`: constant `(valid, shift)` per row (baked tiles of any mode).
 */
import { cat, clog2, defineGenerator, input, lit, mux, uint, type Expr, type PortSpec, type Signal } from "../hdl/index.js";
import { drivePort, drivePorts, rowChunks } from "./crossbar.js";

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

function dacPorts(p: DacParams): Record<string, PortSpec> {
  const groups = p.rows / p.ouRows;
  const ports: Record<string, PortSpec> = { digit: input(uint(digitWidth(p.digits))) };
  if (groups > 1) ports.group = input(uint(groupWidth(groups)));
  for (let r = 0; r < p.rows; r++) {
    if (p.variant === "fixed" && !p.valid[r]) continue;
    ports[`x_${r}`] = input(uint(p.actBits));
    if (p.variant === "rcmr") ports[`shift_${r}`] = input(uint(1));
    if (p.variant === "shift" || p.variant === "entry") ports[`shift_${r}`] = input(uint(p.shiftBits));
    if (p.variant === "entry") ports[`valid_${r}`] = input(uint(1));
  }
  return { ...ports, ...drivePorts(p.rows, p.dacBits, "output") };
}

export const dacDriver = defineGenerator("sme_dac", dacPorts, (m, io, p) => {
  const ports = io as unknown as Record<string, Signal & { set(v: Expr): void }>;
  const groups = p.rows / p.ouRows;
  const digit = ports.digit!;
  // Bit position of plane b of digit t: dacBits * t + b (shared by all rows; built on first use, so a baked
  // driver whose rows are all invalid declares nothing unread).
  const positions: Expr[] = [];
  const position = (b: number): Expr => {
    if (p.dacBits === 1) return digit;
    if (!positions[b]) {
      const pos = m.wire(uint(digit.width + clog2(p.dacBits + 1)), { name: `bitpos_${b}` });
      pos.set(digit.mul(lit(p.dacBits, uint(clog2(p.dacBits + 1)))).add(lit(b, uint(pos.width))));
      positions[b] = pos;
    }
    return positions[b]!;
  };
  // OU group g is being driven (built on first use: a group of only invalid rows needs none).
  const groupOn: Expr[] = [];
  const groupActive = (g: number): Expr => {
    if (!groupOn[g]) {
      const on = m.wire(uint(1), { name: `group_on_${g}` });
      on.set(ports.group!.eq(lit(g, uint(ports.group!.width))));
      groupOn[g] = on;
    }
    return groupOn[g]!;
  };
  const anyValid = p.variant !== "fixed" || p.valid.some((v) => v);
  if (!anyValid) {
    digit.markUnused();
    if (groups > 1) ports.group!.markUnused();
  }
  const planes: Expr[][] = Array.from({ length: p.dacBits }, () => []);
  for (let r = 0; r < p.rows; r++) {
    const x = ports[`x_${r}`];
    let value: Expr | undefined;
    switch (p.variant) {
      case "plain":
        value = x!;
        break;
      case "rcmr":
        value = mux(ports[`shift_${r}`]!, x!.shl(p.squeeze), x!.zext(p.actBits + p.squeeze));
        break;
      case "shift":
        value = x!.shl(ports[`shift_${r}`]!);
        break;
      case "entry": {
        const shifted = x!.shl(ports[`shift_${r}`]!);
        value = mux(ports[`valid_${r}`]!, shifted, lit(0, uint(shifted.width)));
        break;
      }
      case "fixed":
        if (p.valid[r]) value = x!.shl(p.shifts[r]!);
        break;
    }
    for (let b = 0; b < p.dacBits; b++) {
      let bit: Expr = value ? value.bit(position(b)) : lit(0, uint(1));
      if (groups > 1 && value) bit = bit.and(groupActive(Math.floor(r / p.ouRows)));
      planes[b]!.push(bit);
    }
  }
  for (let b = 0; b < p.dacBits; b++) {
    for (const ch of rowChunks(p.rows)) {
      ports[drivePort(b, ch.lo)]!.set(cat(...planes[b]!.slice(ch.lo, ch.lo + ch.width).reverse()));
    }
  }
});
