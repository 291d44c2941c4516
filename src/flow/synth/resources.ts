/** FPGA resources by kind, from Yosys's cell count by type after `synth_ice40`, `synth_xilinx` or `synth`. */
import type { FpgaTarget } from "../../tools/index.js";

export interface FpgaResources {
  /** Look-up tables (SB_LUT4; LUT1..LUT6); for the generic target, the logic gates. */
  readonly luts: number;
  /** Flip-flops. */
  readonly ffs: number;
  /** Carry-chain cells (SB_CARRY; CARRY4/CARRY8); 0 for the generic target. */
  readonly carry: number;
  /** Block RAMs (SB_RAM40_4K; RAMB18/RAMB36). */
  readonly bram: number;
  /** DSP blocks (SB_MAC16; DSP48). */
  readonly dsp: number;
  /** Every other cell (wide-function muxes, distributed RAM, I/O buffers). */
  readonly other: number;
}

type Kind = keyof FpgaResources;

const RULES: Readonly<Record<FpgaTarget, readonly (readonly [RegExp, Kind])[]>> = {
  ice40: [
    [/^SB_LUT4$/, "luts"],
    [/^SB_DFF/, "ffs"],
    [/^SB_CARRY$/, "carry"],
    [/^SB_RAM40_4K/, "bram"],
    [/^SB_MAC16$/, "dsp"],
  ],
  xilinx: [
    [/^LUT[1-6]$/, "luts"],
    [/^FD[RSCP]E(_1)?$/, "ffs"],
    [/^CARRY[48]$/, "carry"],
    [/^RAMB(18|36)/, "bram"],
    [/^DSP48/, "dsp"],
  ],
  generic: [
    [/^\$_(S?DFF|DFFE|SDFFE|SDFFCE|ALDFF|DLATCH)/, "ffs"],
    [/^\$_(AND|OR|XOR|XNOR|NAND|NOR|NOT|ANDNOT|ORNOT|MUX|NMUX|AOI3|OAI3|AOI4|OAI4|BUF)_$/, "luts"],
  ],
};

/** Sorts `byType` into resources; a type no rule knows counts as `other`. */
export function fpgaResources(target: FpgaTarget, byType: Readonly<Record<string, number>>): FpgaResources {
  const out: Record<Kind, number> = { luts: 0, ffs: 0, carry: 0, bram: 0, dsp: 0, other: 0 };
  for (const [type, n] of Object.entries(byType)) {
    const rule = RULES[target].find(([re]) => re.test(type));
    out[rule ? rule[1] : "other"] += n;
  }
  return out;
}
