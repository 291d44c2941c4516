/** `buildTile`: parameters (+ a plan for baked tiles) -> the tile top, its Verilog and what a host needs to drive it. */
import { type HdlSimDesign, type PortShapeOf, toSimDesign } from "../hdl/index.js";
import {
  digitCount,
  isSqueezeMode,
  type MappingPlan,
  modeMaxShift,
  moduleModeTag,
  outputWidth,
  type ProgLayout,
  progLayout,
  type TileParams,
  worstCaseCrossbars,
} from "../sme/index.js";
import { UserError } from "../util/errors.js";
import { hashParts } from "../util/hash.js";
import type { PortInfo } from "../sim/design.js";
import { type AxisShellModule, type AxisShellSpecs, type AxisWidths, axisGeometry, axisPorts, axisShellModule, axisShellName } from "./axis-shell.js";
import { type BakedTileSpecs, type ProgrammableTileSpecs, programmingPorts, streamPorts } from "./ports.js";
import { type BakedTileModule, bakedTileModule, type ProgrammableTileModule, programmableTileModule } from "./tile.js";
import { type AxisBus, type TileInterface, tileInterface } from "./tile-interface.js";

export type TileSpec = { readonly kind: "programmable" } | { readonly kind: "baked"; readonly plan: MappingPlan };

export type ProgrammableTilePorts = PortShapeOf<ProgrammableTileSpecs>;
export type BakedTilePorts = PortShapeOf<BakedTileSpecs>;

interface TileHardwareCommon extends TileInterface {
  /** OU groups G = R / ouRows. */
  readonly groups: number;
}

/** A tile built in this process: its description plus the DSL module and the simulator design. */
export interface ProgrammableTileHardware extends TileHardwareCommon {
  readonly kind: "programmable";
  readonly top: ProgrammableTileModule;
  readonly design: HdlSimDesign<ProgrammableTilePorts>;
  readonly layout: ProgLayout;
}

export interface BakedTileHardware extends TileHardwareCommon {
  readonly kind: "baked";
  readonly top: BakedTileModule;
  readonly design: HdlSimDesign<BakedTilePorts>;
  readonly layout: null;
  readonly plan: MappingPlan;
}

export type TileHardware = ProgrammableTileHardware | BakedTileHardware;

/** A hash of everything a baked tile holds, so different weights give different design names. */
export function planHash(plan: MappingPlan): string {
  const parts: (string | Uint8Array)[] = [`${plan.mode}/${plan.rows}/${plan.cols}/${plan.weightBits}/${plan.squeeze}/${plan.maxShift}`];
  for (const xb of plan.crossbars) {
    parts.push(`${xb.sign}/${xb.base}`);
    parts.push(new Uint8Array(xb.cells.buffer, xb.cells.byteOffset, xb.cells.byteLength));
    parts.push(xb.rowValid, new Uint8Array(xb.rowSrc.buffer, xb.rowSrc.byteOffset, xb.rowSrc.byteLength), xb.rowShift);
  }
  return hashParts(parts).slice(0, 8);
}

/** `sme_tile_sqmin2_r128c128n8a8dac1ou128adc8_prog`, `..._baked_1a2b3c4d`. */
export function tileDesignName(p: TileParams, spec: TileSpec): string {
  const base = `sme_tile_${moduleModeTag(p)}_r${p.rows}c${p.cols}n${p.weightBits}a${p.actBits}dac${p.dacBits}ou${p.ouRows}adc${p.adcBits}`;
  return spec.kind === "programmable" ? `${base}_prog` : `${base}_baked_${planHash(spec.plan)}`;
}

function checkPlan(p: TileParams, plan: MappingPlan): void {
  const mismatch = (["rows", "cols", "weightBits", "mode"] as const).find((k) => plan[k] !== p[k]);
  if (mismatch)
    throw new UserError(
      `baked tile: the plan's ${mismatch} (${String(plan[mismatch])}) differs from the tile parameters (${String(p[mismatch])}); map the weights with the same parameters`,
    );
  if (isSqueezeMode(p.mode) && plan.squeeze !== p.squeeze) {
    throw new UserError(`baked tile: the plan was mapped with squeeze D = ${plan.squeeze} but the tile has D = ${p.squeeze}`);
  }
}

/** The top-level ports a tile of these parameters declares (design.md §4.2), without elaborating it. */
export function declaredTilePorts(p: TileParams, layout: ProgLayout | null): PortInfo[] {
  const specs = { ...streamPorts(p), ...(layout ? programmingPorts(layout) : {}) };
  return Object.entries(specs).map(([name, spec]) => ({ name, direction: spec.dir, width: spec.type.width, signed: spec.type.signed }));
}

/**
 * What a tile of these parameters is (name, ports, slots, digits, timing, layout), computed from the
 * parameters (and a baked tile's plan) alone, as `buildTile` would make it: a design folder read back is
 * checked against it.
 */
export function describeTile(p: TileParams, spec: TileSpec): TileInterface {
  if (spec.kind === "baked") checkPlan(p, spec.plan);
  const groups = p.rows / p.ouRows;
  const slots = spec.kind === "programmable" ? worstCaseCrossbars(p) : Math.max(1, spec.plan.crossbars.length);
  const digits = digitCount(p, spec.kind === "programmable" ? modeMaxShift(p) : spec.plan.maxShift);
  const layout = spec.kind === "programmable" ? progLayout(p, slots) : null;
  return {
    name: tileDesignName(p, spec),
    kind: spec.kind,
    params: p,
    ports: declaredTilePorts(p, layout),
    outputWidth: outputWidth(p),
    slots,
    digits,
    cyclesPerVector: groups * digits,
    latency: groups * digits,
    layout,
  };
}

const cache = new Map<string, TileHardware>();

/** Builds (once per design name) the tile for `p`: programmable, or baked with `spec.plan`'s weights and maps. */
export function buildTile(p: TileParams, spec: { readonly kind: "programmable" }): ProgrammableTileHardware;
export function buildTile(p: TileParams, spec: { readonly kind: "baked"; readonly plan: MappingPlan }): BakedTileHardware;
export function buildTile(p: TileParams, spec: TileSpec): TileHardware;
export function buildTile(p: TileParams, spec: TileSpec): TileHardware {
  if (spec.kind === "baked") checkPlan(p, spec.plan);
  const name = tileDesignName(p, spec);
  const known = cache.get(name);
  if (known) return known;
  const groups = p.rows / p.ouRows;
  // One OU group per step and one step per digit: a vector takes groups x digits cycles, back to back.
  const timing = (slots: number, digits: number) => ({
    name,
    params: p,
    slots,
    digits,
    groups,
    cyclesPerVector: groups * digits,
    latency: groups * digits,
    outputWidth: outputWidth(p),
  });
  let hw: TileHardware;
  if (spec.kind === "programmable") {
    const slots = worstCaseCrossbars(p);
    const digits = digitCount(p, modeMaxShift(p));
    const layout = progLayout(p, slots);
    const top = programmableTileModule(name, p, layout, { p, slots, digits, groups });
    const design = toSimDesign(top);
    hw = { kind: "programmable", ...timing(slots, digits), ports: design.ports, top, design, layout };
  } else {
    const slots = Math.max(1, spec.plan.crossbars.length);
    const digits = digitCount(p, spec.plan.maxShift);
    const top = bakedTileModule(name, p, spec.plan, { p, slots, digits, groups });
    const design = toSimDesign(top);
    hw = { kind: "baked", ...timing(slots, digits), ports: design.ports, top, design, layout: null, plan: spec.plan };
  }
  cache.set(name, hw);
  return hw;
}

/** A tile behind the AXI4-Stream shell: the shell is the top (its name and ports), the tile inside it. */
export interface AxisTileHardware extends TileInterface {
  readonly bus: AxisBus;
  /** The tile inside the shell. */
  readonly core: TileHardware;
  readonly top: AxisShellModule;
  readonly design: HdlSimDesign<PortShapeOf<AxisShellSpecs>>;
}

/** Any top `sme generate` writes: the bare tile or the tile in its AXI4-Stream shell. */
export type DesignHardware = TileHardware | AxisTileHardware;

/**
 * What `core` behind the AXI4-Stream shell of `widths` is (the shell's name, ports, bus and timing), computed
 * without elaborating it, as `buildAxisShell` makes it: a design folder read back is checked against it.
 */
export function describeAxisTile(core: TileInterface, widths: AxisWidths): TileInterface & { readonly bus: AxisBus } {
  const bus: AxisBus = { kind: "axis", ...axisGeometry(core.params, core.layout, widths, core.name) };
  const ports = Object.entries(axisPorts(bus)).map(([name, spec]) => ({ name, direction: spec.dir, width: spec.type.width, signed: spec.type.signed }));
  return {
    ...tileInterface(core),
    name: axisShellName(core.name, widths),
    ports,
    // Back to back, a vector takes the longest of the tile's steps, its activation beats and its result beats;
    // the first result beat comes when the bare tile's result would.
    cyclesPerVector: Math.max(core.cyclesPerVector, bus.actBeats, bus.sumBeats),
    bus,
  };
}

const shells = new Map<string, AxisTileHardware>();

/** The AXI4-Stream shell (design.md §4.8) around `core`, with beats of `widths` bits; built once per name. */
export function buildAxisShell(core: TileHardware, widths: AxisWidths): AxisTileHardware {
  const name = axisShellName(core.name, widths);
  const known = shells.get(name);
  if (known) return known;
  const described = describeAxisTile(core, widths);
  const top = axisShellModule(name, core, described.bus);
  const design = toSimDesign(top);
  const hw: AxisTileHardware = { ...described, ports: design.ports, core, top, design };
  shells.set(name, hw);
  return hw;
}
