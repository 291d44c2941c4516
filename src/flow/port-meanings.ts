import type { PortInfo } from "../sim/index.js";

/** What each top-level port of design.md §4 means, for the manifest and the integrator README. */
export function portMeaning(port: PortInfo, actBits: number, outputWidth: number): string {
  switch (port.name) {
    case "clk":
      return "clock, rising edge";
    case "rst":
      return "synchronous reset, active high";
    case "in_valid":
      return "an activation vector is offered";
    case "in_ready":
      return "the tile accepts a vector at this edge (low while one is in flight)";
    case "in_act":
      return `x[i] at bits [i*${actBits} +: ${actBits}], unsigned`;
    case "out_valid":
      return "a result is offered";
    case "out_ready":
      return "the consumer takes the result at this edge";
    case "out_sum":
      return `y[j] at bits [j*${outputWidth} +: ${outputWidth}], two's complement`;
    case "prog_valid":
      return "a programming transfer is offered";
    case "prog_ready":
      return "the tile accepts the transfer at this edge";
    case "prog_target":
      return "0: cell row, 1: row-map entry, 2: crossbar descriptor";
    case "prog_xbar":
      return "physical crossbar index";
    case "prog_row":
      return "physical row";
    case "prog_data":
      return "row cells (bit j = column j), {valid, src, shift} or {enable, sign, base}; see the field table";
    default:
      return "";
  }
}
