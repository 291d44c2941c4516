import type { ProgLayout } from "../sme/index.js";
import type { SimDesign, VerilogFile } from "../sim/index.js";

/**
 * What the flow needs from a generated tile, whatever generator made it: the Verilog files, the simulator
 * description, the slot count K and the timing the README and the cycle budgets quote.
 */
export interface FlowTile {
  readonly top: string;
  /** One file per module, children before parents, top last. */
  readonly files: readonly VerilogFile[];
  readonly design: SimDesign;
  /** Physical crossbar slots K. */
  readonly slots: number;
  /** Input digits T the controller runs per OU group. */
  readonly digits: number;
  /** Compute cycles per vector. */
  readonly cyclesPerVector: number;
  /** Cycles from the edge that accepts a vector to the first edge `out_valid` is high. */
  readonly latency: number;
  /** Cycles between accepted vectors when the output side is always ready. */
  readonly interval: number;
  /** The programming port layout (programmable designs). */
  readonly layout: ProgLayout | null;
}
