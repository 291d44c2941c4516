/**
 * ADC interface of one crossbar: every column's bit-line count converted to `adcBits`, saturating at
 * `2^adcBits - 1` (DESIGN 3). When the ADC is at least as wide as the count, the conversion is a plain
 * zero extension and no comparator is emitted.
 */
import { cat, defineGenerator, input, lit, mux, output, uint, type Expr } from "../hdl/index.js";

export const adcArray = defineGenerator(
  "sme_adc",
  (p: { readonly cols: number; readonly countBits: number; readonly adcBits: number }) => ({
    counts: input(uint(p.cols * p.countBits)),
    codes: output(uint(p.cols * p.adcBits)),
  }),
  (_m, io, p) => {
    const full = 2n ** BigInt(p.adcBits) - 1n;
    const codes: Expr[] = [];
    for (let j = 0; j < p.cols; j++) {
      const count = io.counts.bits(j * p.countBits, p.countBits);
      if (p.adcBits >= p.countBits) {
        codes.push(count.zext(p.adcBits));
      } else {
        codes.push(mux(count.gt(lit(full, uint(p.countBits))), lit(full, uint(p.adcBits)), count.trunc(p.adcBits)));
      }
    }
    io.codes.set(cat(...codes.reverse()));
  },
);
