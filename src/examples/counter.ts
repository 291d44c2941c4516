import { defineModule, input, output, uint } from "../hdl/index.js";

/** An 8-bit counter that counts up while `en` is high and wraps around; synchronous reset to 0. */
export const Counter = defineModule("counter", { clk: input(), rst: input(), en: input(), count: output(uint(8)) }, (m, io) => {
  const value = m.reg(uint(8), { reset: 0 });
  m.when(io.en, () => value.set(value.add(1)));
  io.count.set(value);
});
