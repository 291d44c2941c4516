/**
 * ADC interface of one crossbar: every column's bit-line count converted to `adcBits`, saturating at
 * `2^adcBits - 1` (design.md §3). When the ADC is at least as wide as the count, the conversion is a plain
 * zero extension and no comparator is emitted. One port per column (`count_<j>` in, `code_<j>` out).
 */
import { defineGenerator, input, lit, mux, output, uint, type Expr, type PortSpec, type Signal } from "../hdl/index.js";

function adcPorts(p: { readonly cols: number; readonly countBits: number; readonly adcBits: number }): Record<string, PortSpec> {
  const ports: Record<string, PortSpec> = {};
  for (let j = 0; j < p.cols; j++) ports[`count_${j}`] = input(uint(p.countBits));
  for (let j = 0; j < p.cols; j++) ports[`code_${j}`] = output(uint(p.adcBits));
  return ports;
}

export const adcArray = defineGenerator("sme_adc", adcPorts, (_m, io, p) => {
  const ports = io as unknown as Record<string, Signal & { set(v: Expr): void }>;
  const full = 2n ** BigInt(p.adcBits) - 1n;
  for (let j = 0; j < p.cols; j++) {
    const count = ports[`count_${j}`]!;
    ports[`code_${j}`]!.set(
      p.adcBits >= p.countBits ? count.zext(p.adcBits) : mux(count.gt(lit(full, uint(p.countBits))), lit(full, uint(p.adcBits)), count.trunc(p.adcBits)),
    );
  }
});
