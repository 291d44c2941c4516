/**
 * Crossbar array: R x C single-bit cells and the bit-line accumulation of one physical crossbar.
 *
 * Cells are stored column-major, one register per column and chunk of up to 64 rows, because the bit-line
 * count of a column is a popcount of `column & drive` and 64-bit chunks keep that in native machine words in
 * simulation. Programmable crossbars hold registers (not reset, like ReRAM) written one row at a time: a row
 * write scatters bit j of `wr_data` into column j at row `wr_row`, which only costs logic on programming
 * cycles. Baked crossbars hold constants, so synthesis keeps only the columns and chunks that have set cells.
 *
 * Ports are per column (`count_<j>`) and per drive plane and row chunk (`drive_b<b>_r<lo>`, bit i = row
 * lo + i) rather than one flat vector: flat vectors of thousands of bits become wide concatenations that cost
 * simulation time every cycle. Output: `count_j = sum_b 2^b * popcount(column_j & plane_b)` over the
 * `dacBits` bit-planes of the row drive (rows outside the current OU group are already driven 0); each
 * plane's count is one call of the popcount function over the column's chunks (see popcount.ts).
 */
import { bitsFor } from "../sme/index.js";
import { defineGenerator, input, lit, mux, output, sumTree, uint, type Expr, type PortSpec, type Signal } from "../hdl/index.js";
import { POPCOUNT_CHUNK, popcount } from "./popcount.js";

/** Rows [lo, lo + width) of each column chunk. */
export function rowChunks(rows: number): { lo: number; width: number }[] {
  const out: { lo: number; width: number }[] = [];
  for (let lo = 0; lo < rows; lo += POPCOUNT_CHUNK) out.push({ lo, width: Math.min(POPCOUNT_CHUNK, rows - lo) });
  return out;
}

/** Width of one column's bit-line count: enough for R rows all driven with the largest DAC digit. */
export function countWidth(rows: number, dacBits: number): number {
  return bitsFor(rows * (2 ** dacBits - 1));
}

/** Name of the drive port of plane b, row chunk starting at `lo`. */
export function drivePort(b: number, lo: number): string {
  return `drive_b${b}_r${lo}`;
}

/** The drive ports of a crossbar (inputs) or a DAC (outputs). */
export function drivePorts(rows: number, dacBits: number, dir: "input" | "output"): Record<string, PortSpec> {
  const ports: Record<string, PortSpec> = {};
  for (let b = 0; b < dacBits; b++) for (const ch of rowChunks(rows)) ports[drivePort(b, ch.lo)] = dir === "input" ? input(uint(ch.width)) : output(uint(ch.width));
  return ports;
}

function countPorts(rows: number, cols: number, dacBits: number): Record<string, PortSpec> {
  const ports: Record<string, PortSpec> = {};
  for (let j = 0; j < cols; j++) ports[`count_${j}`] = output(uint(countWidth(rows, dacBits)));
  return ports;
}

type Ports = Record<string, Signal & { set(v: Expr): void }>;

/** Sets every `count_<j>` from each column chunk's cells (a register or a constant). */
function bitLineCounts(io: Ports, rows: number, cols: number, dacBits: number, cellChunk: (j: number, c: number) => Expr | bigint): Set<string> {
  const chunks = rowChunks(rows);
  const cw = countWidth(rows, dacBits);
  const read = new Set<string>();
  for (let j = 0; j < cols; j++) {
    const terms: Expr[] = [];
    const column = chunks.map((_ch, c) => cellChunk(j, c));
    for (let b = 0; b < dacBits; b++) {
      const driven: Expr[] = [];
      chunks.forEach((ch, c) => {
        const cells = column[c]!;
        if (cells === 0n) return; // a baked chunk without set cells contributes nothing
        const plane = io[drivePort(b, ch.lo)]!;
        read.add(drivePort(b, ch.lo));
        driven.push(typeof cells === "bigint" ? plane.and(lit(cells, uint(ch.width))) : plane.and(cells));
      });
      if (driven.length > 0) terms.push(popcount(driven).shl(b));
    }
    io[`count_${j}`]!.set(terms.length === 0 ? lit(0, uint(cw)) : fitTo(sumTree(terms), cw));
  }
  return read;
}

/** `e` as exactly `w` bits: the sum cannot exceed `w` bits by construction, so truncation loses nothing. */
function fitTo(e: Expr, w: number): Expr {
  return e.width === w ? e : e.width < w ? e.zext(w) : e.trunc(w);
}

/** Name of the one-hot row-select input of the row chunk starting at `lo`. */
export function rowSelectPort(lo: number): string {
  return `wr_sel_r${lo}`;
}

/** One-hot row select of a cell-row write, per row chunk (decoded once per tile, shared by every crossbar). */
export function rowSelectPorts(rows: number): Record<string, PortSpec> {
  return Object.fromEntries(rowChunks(rows).map((ch) => [rowSelectPort(ch.lo), input(uint(ch.width))]));
}

/**
 * A crossbar whose cells are written one row at a time (programmable tiles): when `wr_en` is high, column j
 * takes bit j of `wr_data` at the row whose bit is set in the one-hot `wr_sel_r<lo>` inputs.
 */
export const programmableCrossbar = defineGenerator(
  "sme_crossbar",
  (p: { readonly rows: number; readonly cols: number; readonly dacBits: number }) => ({
    clk: input(),
    wr_en: input(),
    ...rowSelectPorts(p.rows),
    wr_data: input(uint(p.cols)),
    ...drivePorts(p.rows, p.dacBits, "input"),
    ...countPorts(p.rows, p.cols, p.dacBits),
  }),
  (m, io, p) => {
    const chunks = rowChunks(p.rows);
    const ports = io as unknown as Ports;
    const selects = chunks.map((ch) => ports[rowSelectPort(ch.lo)]!);
    const keep = selects.map((sel, c) => {
      const k = m.wire(uint(sel.width), { name: `row_keep_r${chunks[c]!.lo}` });
      k.set(sel.not());
      return k;
    });
    const columns: Expr[][] = [];
    for (let j = 0; j < p.cols; j++) {
      const bit = io.wr_data.bit(j);
      columns.push(
        chunks.map((ch, c) => {
          const col = m.reg(uint(ch.width), { name: `cells_c${j}_r${ch.lo}` });
          m.when(io.wr_en, () => col.set(col.and(keep[c]!).or(mux(bit, selects[c]!, lit(0, uint(ch.width))))));
          return col;
        }),
      );
    }
    bitLineCounts(io as unknown as Ports, p.rows, p.cols, p.dacBits, (j, c) => columns[j]![c]!);
  },
);

/**
 * A crossbar with constant cells (baked tiles). `columns[j]` is column j's cells as a hex string, bit r =
 * row r (the generator parameters are plain data, and hex keeps the emitted header readable).
 */
export const bakedCrossbar = defineGenerator(
  "sme_crossbar_baked",
  (p: { readonly rows: number; readonly cols: number; readonly dacBits: number; readonly columns: readonly string[] }) => ({
    ...drivePorts(p.rows, p.dacBits, "input"),
    ...countPorts(p.rows, p.cols, p.dacBits),
  }),
  (m, io, p) => {
    const chunks = rowChunks(p.rows);
    const values = p.columns.map((h) => BigInt(`0x${h}`));
    const ports = io as unknown as Ports;
    const read = bitLineCounts(ports, p.rows, p.cols, p.dacBits, (j, c) => {
      const ch = chunks[c]!;
      return (values[j]! >> BigInt(ch.lo)) & ((1n << BigInt(ch.width)) - 1n);
    });
    // Row chunks no cell uses are not read: declare it, so lint stays clean.
    for (const name of Object.keys(drivePorts(p.rows, p.dacBits, "input"))) if (!read.has(name)) ports[name]!.markUnused();
  },
);
