/**
 * `sme synth`: a design's resources on an FPGA and, for iCE40 designs that fit, the Fmax nextpnr-ice40 achieves
 * (design.md §5.1, §4.8). Synthesis and place and route share one time budget; a design too big for the device is
 * reported with the reason, without place and route.
 */
import type { TileInterface } from "../../hw/tile-interface.js";
import type { Ice40Device, SynthTarget } from "../../params/index.js";
import type { VerilogFile } from "../../sim/index.js";
import { nextpnrIce40, type PlaceAndRoute, type SynthRun, ToolFailedError, yosysSynth } from "../../tools/index.js";
import { UserError } from "../../util/errors.js";
import { ICE40_PARTS } from "./devices.js";
import { type FpgaResources, fpgaResources } from "./resources.js";

/** A design to synthesize: its name, top and Verilog. */
export interface SynthInput {
  readonly name: string;
  readonly tile: TileInterface;
  readonly files: readonly VerilogFile[];
}

export interface SynthOptions {
  readonly target: SynthTarget;
  /** iCE40 device (ignored for the other targets). */
  readonly device: Ice40Device;
  /** Seconds for synthesis plus place and route. */
  readonly budgetS: number;
  /** Skip place and route (resources only). */
  readonly noPlace?: boolean;
}

export interface SynthFigures {
  readonly design: string;
  readonly top: string;
  readonly target: SynthTarget;
  /** iCE40: the device and package placed on; null for the other targets. */
  readonly device: string | null;
  readonly resources: FpgaResources;
  /** Top-level I/O bits (every port bit). */
  readonly ioBits: number;
  readonly cells: number;
  readonly byType: Readonly<Record<string, number>>;
  /** iCE40: whether the design fits the device, by resources and pins (null for the other targets). */
  readonly fits: boolean | null;
  /** Why there is no Fmax (does not fit, over the budget, not an iCE40 run), or null. */
  readonly note: string | null;
  /** Achieved Fmax of the design's clock in MHz (iCE40, placed and routed), else null. */
  readonly fmaxMhz: number | null;
  /** nextpnr's utilization (logic cells, RAM, I/O), when placed and routed. */
  readonly utilization: PlaceAndRoute["utilization"] | null;
  readonly synthSeconds: number;
  readonly placeSeconds: number | null;
  readonly tools: { readonly yosys: string; readonly nextpnr: string | null };
}

/** The synthesis command of a target, as messages name it. */
export const SYNTH_COMMAND: Readonly<Record<SynthTarget, string>> = { generic: "synth", ice40: "synth_ice40", xilinx: "synth_xilinx" };

const seconds = (ms: number): number => Math.round(ms / 100) / 10;

/** Why the design cannot be placed on `device`, or null when it fits by logic cells, RAM, DSP and pins. */
export function ice40Misfit(device: Ice40Device, r: FpgaResources, ioBits: number): string | null {
  const part = ICE40_PARTS[device];
  const cells = Math.max(r.luts, r.ffs, r.carry);
  if (cells > part.logicCells) return `needs at least ${cells} logic cells (${r.luts} LUTs, ${r.ffs} flip-flops); the ${device} has ${part.logicCells}`;
  if (r.bram > part.blockRams) return `needs ${r.bram} block RAMs; the ${device} has ${part.blockRams}`;
  if (r.dsp > part.dsps) return `needs ${r.dsp} DSP blocks; the ${device} has ${part.dsps}`;
  if (ioBits > part.ioPins)
    return `has ${ioBits} I/O bits at its top; the ${device} (${part.package}) has ${part.ioPins} I/O pins (the AXI4-Stream shell, --bus axis, narrows the top)`;
  return null;
}

/** Synthesizes the design for `o.target`; on iCE40, places and routes it when it fits. */
export async function synthesize(d: SynthInput, o: SynthOptions): Promise<SynthFigures> {
  const deadline = Date.now() + o.budgetS * 1000;
  const command = SYNTH_COMMAND[o.target];
  const ice40 = o.target === "ice40";
  let synth: SynthRun;
  try {
    synth = await yosysSynth(d.files, d.tile.name, o.target, { timeoutMs: deadline - Date.now(), netlist: ice40 && !o.noPlace });
  } catch (err) {
    if (err instanceof ToolFailedError && err.timedOut) {
      throw new UserError(
        `${command} of ${d.name} did not finish within the ${o.budgetS} s budget; give more time with --synth-budget, or synthesize a smaller tile`,
        { exitCode: 3 },
      );
    }
    throw err;
  }
  const resources = fpgaResources(o.target, synth.byType);
  const ioBits = d.tile.ports.reduce((n, p) => n + p.width, 0);
  const base = {
    design: d.name,
    top: d.tile.name,
    target: o.target,
    resources,
    ioBits,
    cells: synth.cells,
    byType: synth.byType,
    synthSeconds: seconds(synth.ms),
  };
  if (!ice40) {
    return {
      ...base,
      device: null,
      fits: null,
      note: "Fmax is measured on ice40 (nextpnr-ice40)",
      fmaxMhz: null,
      utilization: null,
      placeSeconds: null,
      tools: { yosys: synth.version, nextpnr: null },
    };
  }
  const part = ICE40_PARTS[o.device];
  const device = `${o.device}-${part.package}`;
  const misfit = ice40Misfit(o.device, resources, ioBits);
  const unplaced = (fits: boolean, note: string): SynthFigures => ({
    ...base,
    device,
    fits,
    note,
    fmaxMhz: null,
    utilization: null,
    placeSeconds: null,
    tools: { yosys: synth.version, nextpnr: null },
  });
  if (misfit) return unplaced(false, `does not fit: ${misfit}`);
  if (o.noPlace || !synth.netlist) return unplaced(true, "place and route not run");
  const left = deadline - Date.now();
  if (left <= 0) return unplaced(true, `place and route not run: synthesis took the whole ${o.budgetS} s budget (--synth-budget)`);
  try {
    const pnr = await nextpnrIce40(synth.netlist, o.device, part.package, { timeoutMs: left });
    const fmax = Object.values(pnr.fmaxMhz);
    return {
      ...base,
      device,
      fits: true,
      note: null,
      fmaxMhz: fmax.length > 0 ? Math.min(...fmax) : null,
      utilization: pnr.utilization,
      placeSeconds: seconds(pnr.ms),
      tools: { yosys: synth.version, nextpnr: pnr.version },
    };
  } catch (err) {
    if (err instanceof ToolFailedError && err.timedOut)
      return unplaced(true, `place and route did not finish within the ${o.budgetS} s budget (--synth-budget)`);
    if (err instanceof ToolFailedError && err.tool === "nextpnr-ice40" && !/without a diagnostic|wrote no report/.test(err.message)) {
      const reason =
        err.output
          .split("\n")
          .find((l) => l.startsWith("ERROR:"))
          ?.replace(/^ERROR:\s*/, "") ?? err.message.split("\n")[0];
      return unplaced(false, `does not fit the ${o.device}: nextpnr-ice40 could not place and route it (${reason})`);
    }
    throw err;
  }
}
