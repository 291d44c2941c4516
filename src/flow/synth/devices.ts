/** The iCE40 devices `sme synth --target ice40` places on, with what limits a design's fit (datasheet figures). */
import type { Ice40Device } from "../../params/index.js";

export interface Ice40Part {
  /** Logic cells: one 4-input LUT, one flip-flop and one carry each. */
  readonly logicCells: number;
  /** 4 kbit block RAMs. */
  readonly blockRams: number;
  /** SB_MAC16 DSP blocks. */
  readonly dsps: number;
  /** The package nextpnr places on: the largest one Debian's icestorm chip database has for the device. */
  readonly package: string;
  /** User I/O pins of that package. */
  readonly ioPins: number;
}

export const ICE40_PARTS: Readonly<Record<Ice40Device, Ice40Part>> = {
  hx1k: { logicCells: 1280, blockRams: 16, dsps: 0, package: "tq144", ioPins: 96 },
  hx8k: { logicCells: 7680, blockRams: 32, dsps: 0, package: "ct256", ioPins: 206 },
  lp8k: { logicCells: 7680, blockRams: 32, dsps: 0, package: "cm81", ioPins: 63 },
  up5k: { logicCells: 5280, blockRams: 30, dsps: 8, package: "sg48", ioPins: 39 },
};
