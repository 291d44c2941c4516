/**
 * Row-remap storage: one entry of `width` bits per physical row, written one row at a time through the
 * programming port and cleared by reset (design.md §4). A tile instantiates it per sign for the squeeze modes
 * (the RCMR: 1 bit per row for `squeeze D`, `ceil(log2(D+1))` bits for `squeeze-min D`) and per crossbar for
 * `remap` and `budget` (the full `{valid, src, shift}` entry); `dense` and `bitslice` have none. Entries are registers with
 * a reset rather than a memory because reset must clear them.
 */
import { defineGenerator, input, lit, output, uint, vec } from "../hdl/index.js";
import { ceilLog2 } from "../sme/index.js";

/** One output per row (`row_<r>`), so readers never rebuild a wide vector. */
export const rowMapTable = defineGenerator(
  "sme_rowmap",
  (p: { readonly rows: number; readonly width: number }) => ({
    clk: input(),
    rst: input(),
    wr_en: input(),
    wr_row: input(uint(Math.max(1, ceilLog2(p.rows)))),
    wr_data: input(uint(p.width)),
    row: output(vec(uint(p.width), p.rows)),
  }),
  (m, io, p) => {
    const entries = m.reg(vec(uint(p.width), p.rows), { reset: 0, name: "entry" });
    entries.forEach((entry, r) => {
      m.when(io.wr_en.and(io.wr_row.eq(lit(r, uint(io.wr_row.width)))), () => entry.set(io.wr_data));
      io.row[r].set(entry);
    });
  },
);
