/**
 * ADC interface of one crossbar: every column's bit-line count converted to `adcBits`, saturating at
 * `2^adcBits - 1` (design.md §3). When the ADC is at least as wide as the count, the conversion is a plain
 * zero extension and no comparator is emitted. One port per column (`count_<j>` in, `code_<j>` out).
 */
import { defineGenerator, input, lit, mux, output, uint, vec } from "../hdl/index.js";

export const adcArray = defineGenerator(
  "sme_adc",
  (p: { readonly cols: number; readonly countBits: number; readonly adcBits: number }) => ({
    count: input(vec(uint(p.countBits), p.cols)),
    code: output(vec(uint(p.adcBits), p.cols)),
  }),
  (_m, io, p) => {
    const full = 2n ** BigInt(p.adcBits) - 1n;
    io.count.forEach((count, j) => {
      io.code[j].set(
        p.adcBits >= p.countBits ? count.zext(p.adcBits) : mux(count.gt(lit(full, uint(p.countBits))), lit(full, uint(p.adcBits)), count.trunc(p.adcBits)),
      );
    });
  },
);
