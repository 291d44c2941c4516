import { clog2, defineGenerator, input, streamIn, streamOut, uint } from "../hdl/index.js";

/**
 * A synchronous FIFO of `depth` words (a power of two) of `width` bits with valid/ready on both sides.
 * Accepts while not full, offers while not empty; a simultaneous push and pop keeps the fill level.
 */
export const fifo = defineGenerator(
  "fifo",
  (p: { readonly depth: number; readonly width: number }) => ({
    clk: input(),
    rst: input(),
    ...streamIn("in", uint(p.width)),
    ...streamOut("out", uint(p.width)),
  }),
  (m, io, p) => {
    const aw = clog2(p.depth);
    const words = m.memory(uint(p.width), p.depth);
    const head = m.reg(uint(aw), { reset: 0 });
    const tail = m.reg(uint(aw), { reset: 0 });
    const level = m.reg(uint(aw + 1), { reset: 0 });
    const push = io.in_valid.and(io.in_ready).named();
    const pop = io.out_valid.and(io.out_ready).named();
    io.in_ready.set(level.ne(p.depth));
    io.out_valid.set(level.ne(0));
    io.out_data.set(words.read(head));
    m.when(push, () => {
      words.write(tail, io.in_data);
      tail.set(tail.add(1));
    });
    m.when(pop, () => head.set(head.add(1)));
    m.when(push.and(pop.not()), () => level.set(level.add(1))).elsewhen(pop.and(push.not()), () => level.set(level.sub(1)));
  },
);
