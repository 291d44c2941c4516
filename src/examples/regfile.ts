import { clog2, defineGenerator, input, output, uint } from "../hdl/index.js";

/** A register file: one synchronous write port and two combinational read ports. */
export const regFile = defineGenerator(
  "regfile",
  (p: { readonly words: number; readonly width: number }) => {
    const aw = clog2(p.words);
    return {
      clk: input(),
      we: input(),
      waddr: input(uint(aw)),
      wdata: input(uint(p.width)),
      raddr_a: input(uint(aw)),
      rdata_a: output(uint(p.width)),
      raddr_b: input(uint(aw)),
      rdata_b: output(uint(p.width)),
    };
  },
  (m, io, p) => {
    const regs = m.memory(uint(p.width), p.words);
    m.when(io.we, () => regs.write(io.waddr, io.wdata));
    io.rdata_a.set(regs.read(io.raddr_a));
    io.rdata_b.set(regs.read(io.raddr_b));
  },
);
