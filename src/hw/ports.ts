/** The tile's top-level ports, exactly as design.md §4 names, sizes and orders them. */
import { input, output, uint } from "../hdl/index.js";
import { ceilLog2, outputWidth, type ProgLayout, type TileParams } from "../sme/index.js";

export function streamPorts(p: TileParams) {
  return {
    clk: input(),
    rst: input(),
    in_valid: input(),
    in_ready: output(),
    in_act: input(uint(p.rows * p.actBits)),
    out_valid: output(),
    out_ready: input(),
    out_sum: output(uint(p.cols * outputWidth(p))),
  };
}

export function programmingPorts(layout: ProgLayout) {
  return {
    prog_valid: input(),
    prog_ready: output(),
    prog_target: input(uint(2)),
    prog_xbar: input(uint(layout.xbarWidth)),
    prog_row: input(uint(Math.max(1, ceilLog2(layout.rows)))),
    prog_data: input(uint(layout.PW)),
    prog_error: output(),
  };
}

export type BakedTileSpecs = ReturnType<typeof streamPorts>;
export type ProgrammableTileSpecs = BakedTileSpecs & ReturnType<typeof programmingPorts>;
