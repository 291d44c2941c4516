import { clog2, defineGenerator, input, output, sumTree, uint } from "../hdl/index.js";

/** Number of set bits of a `width`-bit input, as a balanced tree of width-expanding adders (combinational). */
export const popcount = defineGenerator(
  "popcount",
  (p: { readonly width: number }) => ({ bits: input(uint(p.width)), count: output(uint(clog2(p.width + 1))) }),
  (_m, io, p) => {
    const ones = Array.from({ length: p.width }, (_, i) => io.bits.bit(i));
    // The tree is exactly as wide as the largest count needs.
    io.count.set(sumTree(ones));
  },
);
