/**
 * The enumerated values of the parameters (design.md §2.1, §2.3, §4) and the one helper per question asked of
 * a mapping mode: does it squeeze, how is it shown to people, how is it written in a name.
 */

/** Mapping modes of design.md §2.3, in the order reports list them. */
export const MAPPING_MODES = ["dense", "bitslice", "squeeze", "squeeze-min", "remap"] as const;
export type MappingMode = (typeof MAPPING_MODES)[number];

/** The modes that squeeze D bits out of each bit-row (they use `squeeze`). */
export type SqueezeMode = Extract<MappingMode, "squeeze" | "squeeze-min">;

/** Weight scale modes of design.md §2.1 (`--scale`). */
export const SCALE_MODES = ["layer", "channel", "pow2"] as const;
export type ScaleMode = (typeof SCALE_MODES)[number];

/** Design kinds of design.md §4: weights written at run time through `prog_*`, or fixed at generation. */
export const DESIGN_KINDS = ["programmable", "baked"] as const;
export type DesignKind = (typeof DESIGN_KINDS)[number];

/** The bus at a design's top (design.md §4.8): the tile's own flat ports, or the AXI4-Stream shell around it. */
export const BUSES = ["bare", "axis"] as const;
export type BusKind = (typeof BUSES)[number];

/** What `sme synth` and `sme sweep --rtl` synthesize for: Yosys's generic cells, an iCE40 or a Xilinx 7-series FPGA. */
export const SYNTH_TARGETS = ["generic", "ice40", "xilinx"] as const;
export type SynthTarget = (typeof SYNTH_TARGETS)[number];

/** iCE40 devices `sme synth --target ice40` places on (nextpnr-ice40's device flags). */
export const ICE40_DEVICES = ["hx1k", "hx8k", "lp8k", "up5k"] as const;
export type Ice40Device = (typeof ICE40_DEVICES)[number];

/** How `sme accuracy` feeds the mapped layers: A-bit activations as the tile takes them, or float. */
export const ACTIVATION_MODES = ["quantized", "float"] as const;
export type ActivationMode = (typeof ACTIVATION_MODES)[number];

/** Kinds of kernel (design.md §2): how a tensor became a matrix; whole-layer runs can pick kinds (`--layer-kinds`). */
export const KERNEL_KINDS = ["conv", "dense", "depthwise"] as const;
export type KernelKind = (typeof KERNEL_KINDS)[number];

/** TF.js backends `sme accuracy` runs the networks on (WASM measured several times faster: bench/accuracy.ts). */
export const BACKENDS = ["wasm", "cpu"] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Schedulers `sme sweep plan --emit` writes jobs for. */
export const PLAN_TARGETS = ["slurm", "k8s", "gha"] as const;
export type PlanTarget = (typeof PLAN_TARGETS)[number];

/** True for the modes whose rows are squeezed by D bits (`squeeze`, `squeeze-min`): only they read D. */
export function isSqueezeMode(mode: MappingMode): mode is SqueezeMode {
  return mode === "squeeze" || mode === "squeeze-min";
}

/** The mapping as people read it in tables and reports: `squeeze-min D=2`, `remap`. */
export function modeLabel(p: { readonly mode: MappingMode; readonly squeeze: number }): string {
  return isSqueezeMode(p.mode) ? `${p.mode} D=${p.squeeze}` : p.mode;
}

/** The mapping in a design folder name: `squeeze-min2`, `remap`. */
export function modeTag(p: { readonly mode: MappingMode; readonly squeeze: number }): string {
  return isSqueezeMode(p.mode) ? `${p.mode}${p.squeeze}` : p.mode;
}

/** The mapping in a Verilog module name, where `-` cannot appear: `sqmin2`, `squeeze2`, `remap`. */
export function moduleModeTag(p: { readonly mode: MappingMode; readonly squeeze: number }): string {
  switch (p.mode) {
    case "squeeze":
      return `squeeze${p.squeeze}`;
    case "squeeze-min":
      return `sqmin${p.squeeze}`;
    default:
      return p.mode;
  }
}
