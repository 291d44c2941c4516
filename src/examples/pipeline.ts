import { connectStream, defineGenerator, input, stream, streamIn, streamOut, uint } from "../hdl/index.js";

/**
 * One pipeline stage: a register slice that adds `increment` to the data passing through. It accepts a
 * new word whenever its register is empty or being emptied in the same cycle (full throughput).
 */
export const addStage = defineGenerator(
  "add_stage",
  (p: { readonly width: number; readonly increment: number }) => ({
    clk: input(),
    rst: input(),
    ...streamIn("in", uint(p.width)),
    ...streamOut("out", uint(p.width)),
  }),
  (m, io, p) => {
    const full = m.reg(1, { reset: 0 });
    const held = m.reg(uint(p.width));
    const accept = io.in_valid.and(io.in_ready);
    io.in_ready.set(full.not().or(io.out_ready));
    m.when(accept, () => held.set(io.in_data.add(p.increment)));
    m.when(accept, () => full.set(1)).elsewhen(io.out_ready, () => full.set(0));
    io.out_valid.set(full);
    io.out_data.set(held);
  },
);

/** Two stages in a row, connected by valid/ready streams: out = in + first + second, two cycles later. */
export const twoStagePipeline = defineGenerator(
  "pipeline2",
  (p: { readonly width: number }) => ({
    clk: input(),
    rst: input(),
    ...streamIn("in", uint(p.width)),
    ...streamOut("out", uint(p.width)),
  }),
  (m, io, p) => {
    const first = m.instance(addStage({ width: p.width, increment: 1 }), { connect: { clk: io.clk, rst: io.rst } });
    const second = m.instance(addStage({ width: p.width, increment: 2 }), { connect: { clk: io.clk, rst: io.rst } });
    connectStream(stream(first.io, "in"), stream(io, "in"));
    connectStream(stream(second.io, "in"), stream(first.io, "out"));
    connectStream(stream(io, "out"), stream(second.io, "out"));
  },
);
