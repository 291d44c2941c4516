/**
 * Where to look inside a generated tile: the Verilog names of its internal signals, as the generators in
 * `tile.ts`, `controller.ts` and `crossbar.ts` name them (an instance's outputs are wires `<instance>_<port>` in
 * the top module; signals inside an instance are reached as `<instance>.<name>`). Waveform views and the
 * functional-coverage monitor read them; `test/hw/probes.test.ts` checks every name against emitted tiles of
 * every mode and kind, so a renamed signal fails there rather than in a viewer.
 */
import { isRemapMode, isSqueezeMode, type MappingPlan, modeMaxShift, type ProgField } from "../sme/index.js";
import { rowChunks } from "./crossbar.js";
import { digitWidth, groupWidth } from "./dac.js";
import { TILE_PORTS, type TileInterface } from "./tile-interface.js";

/** A signal of a given width (a wire or register of the tile, or one inside an instance). */
export interface SizedSignal {
  readonly signal: string;
  readonly width: number;
}

/** A bit-field of a row-map entry word. */
export interface EntryField {
  readonly offset: number;
  readonly width: number;
}

/** One row map of the tile and the row drive of the DAC that reads it. */
export interface RowMapProbe {
  /** `pos` / `neg` (one per sign, squeeze modes) or `slot <s>` (one per crossbar, remap). */
  readonly name: string;
  /** Per-sign maps: 0 positive, 1 negative (the sign bit a slot's descriptor holds). */
  readonly sign: 0 | 1 | null;
  /** Per-crossbar maps: the slot. */
  readonly slot: number | null;
  /**
   * Programmable tiles: the Verilog name of row r's stored entry; baked tiles hold constants (see `fixed`).
   */
  readonly entry: ((row: number) => string) | null;
  /** The stored shift: squeeze stores one bit (shift = bit * D), squeeze-min and remap the shift itself. */
  readonly shift: EntryField;
  /** Remap: the entry's valid bit. */
  readonly valid: EntryField | null;
  /** Baked tiles: each row's constant shift and validity. */
  readonly fixed: { readonly shift: ArrayLike<number>; readonly valid: ArrayLike<number> } | null;
  /** One bit per DAC plane (bit `bit` of `signal`) that is 1 when row r drives a 1 into the crossbar. */
  drive(row: number): (SizedSignal & { readonly bit: number })[];
}

export interface TileProbes {
  /** The top module (the waves' scope below Verilator's `top`). */
  readonly top: string;
  /** The handshake ports, in the order a viewer shows them. */
  readonly handshakes: readonly string[];
  readonly controller: {
    readonly accept: string;
    readonly step: string;
    readonly first: string;
    readonly newDigit: string;
    readonly capture: string;
    readonly digit: string;
    /** Null when the tile has one OU group (the group counter is not used). */
    readonly group: string | null;
    readonly digitWidth: number;
    readonly groupWidth: number;
    /** Inside the controller: a vector is in flight. */
    readonly busy: string;
    /** Inside the controller: the current step is a vector's last. */
    readonly last: string;
    /** Inside the controller: the output register holds a result not yet read. */
    readonly holding: string;
  };
  /** Bit-line count of column j of slot s (the ADC's input). */
  count(slot: number, col: number): string;
  /** ADC code of column j of slot s. */
  code(slot: number, col: number): string;
  /** Column j's accumulator register (inside its shift-and-add unit) and its value after this cycle's step. */
  acc(col: number): string;
  next(col: number): string;
  /** The output register. */
  readonly result: string;
  /** Programmable tiles: slot s's descriptor register and the per-slot enable / sign wires (bit s = slot s). */
  readonly descriptors: { readonly descriptor: (slot: number) => string; readonly enable: string; readonly sign: string } | null;
  /** Row r's latched activation register, or null where activations sit in a memory (programmable remap). */
  act(row: number): string | null;
  readonly rowMaps: readonly RowMapProbe[];
  /** Programmable tiles: the cell registers of slot s (one per column and row chunk). */
  cells(slot: number): SizedSignal[] | null;
}

/** The row-map entry fields of the programming layout (shift, src, valid). */
function fieldOf(fields: readonly ProgField[], name: string): EntryField {
  const f = fields.find((x) => x.name === name);
  if (!f) throw new Error(`internal: the programming layout has no row-map field ${name}`);
  return { offset: f.offset, width: f.width };
}

/** The probes of a tile; baked tiles need the plan they hold (their row maps are constants of it). */
export function tileProbes(tile: TileInterface, plan?: MappingPlan): TileProbes {
  const p = tile.params;
  const groups = p.rows / p.ouRows;
  const chunks = rowChunks(p.rows);
  const programmable = tile.kind === "programmable";
  if (!programmable && !plan) throw new Error("internal: the probes of a baked tile need its plan");
  const chunkOf = (r: number) => chunks.find((ch) => r >= ch.lo && r < ch.lo + ch.width)!;
  const driveOf = (dac: string) => (r: number) => {
    const ch = chunkOf(r);
    return Array.from({ length: p.dacBits }, (_, b) => ({ signal: `${dac}_drive_b${b}_r${ch.lo}`, width: ch.width, bit: r - ch.lo }));
  };
  const rowMaps: RowMapProbe[] = [];
  const layout = tile.layout;
  if (isSqueezeMode(p.mode)) {
    const shift: EntryField = layout
      ? fieldOf(layout.target1, "shift")
      : { offset: 0, width: p.mode === "squeeze" ? 1 : Math.max(1, Math.ceil(Math.log2(p.squeeze + 1))) };
    for (const sign of [0, 1] as const) {
      const name = sign ? "neg" : "pos";
      if (!programmable && !plan!.crossbars.some((xb) => xb.sign === (sign ? -1 : 1))) continue; // no driver of that sign is built
      rowMaps.push({
        name,
        sign,
        slot: null,
        entry: programmable ? (r) => `rcmr_${name}_row_${r}` : null,
        shift,
        valid: null,
        fixed: programmable ? null : { shift: plan!.rowShiftBySign![sign], valid: new Uint8Array(p.rows).fill(1) },
        drive: driveOf(`dac_${name}`),
      });
    }
  } else if (isRemapMode(p.mode)) {
    const n = programmable ? tile.slots : plan!.crossbars.length;
    for (let s = 0; s < n; s++) {
      rowMaps.push({
        name: `slot ${s}`,
        sign: null,
        slot: s,
        entry: programmable ? (r) => `rowmap_${s}_row_${r}` : null,
        shift: layout ? fieldOf(layout.target1, "shift") : { offset: 0, width: 0 },
        valid: layout ? fieldOf(layout.target1, "valid") : null,
        fixed: programmable ? null : { shift: plan!.crossbars[s].rowShift, valid: plan!.crossbars[s].rowValid },
        drive: driveOf(`dac_${s}`),
      });
    }
  }
  return {
    top: tile.name,
    handshakes: [
      TILE_PORTS.clock,
      TILE_PORTS.reset,
      TILE_PORTS.input.valid,
      TILE_PORTS.input.ready,
      TILE_PORTS.output.valid,
      TILE_PORTS.output.ready,
      ...(programmable ? [TILE_PORTS.program.valid, TILE_PORTS.program.ready, ...TILE_PORTS.program.data.slice(0, 3)] : []),
    ],
    controller: {
      accept: "controller_accept",
      step: "controller_step",
      first: "controller_first",
      newDigit: "controller_new_digit",
      capture: "controller_capture",
      digit: "controller_digit",
      group: groups > 1 ? "controller_group" : null,
      digitWidth: digitWidth(tile.digits),
      groupWidth: groupWidth(groups),
      busy: "controller.busy",
      last: "controller.last",
      holding: "controller.holding",
    },
    count: (s, j) => `xbar_${s}_count_${j}`,
    code: (s, j) => `adc_${s}_code_${j}`,
    acc: (j) => `column_${j}.acc`,
    next: (j) => `column_${j}_next`,
    result: "result",
    descriptors: programmable ? { descriptor: (s) => `descriptor_${s}`, enable: "slot_enable", sign: "slot_sign" } : null,
    act: (r) => (programmable && isRemapMode(p.mode) ? null : `act_${r}`),
    rowMaps,
    cells: (s) =>
      programmable
        ? Array.from({ length: p.cols }, (_, j) => chunks.map((ch) => ({ signal: `xbar_${s}.cells_c${j}_r${ch.lo}`, width: ch.width }))).flat()
        : null,
  };
}

/** The shift values a row map of the mode can hold: {0, D} (squeeze), 0..D (squeeze-min), 0..N-1 (remap). */
export function rowMapShifts(p: Pick<TileInterface["params"], "mode" | "squeeze" | "weightBits">): number[] {
  if (p.mode === "squeeze") return [0, p.squeeze];
  if (p.mode === "squeeze-min" || isRemapMode(p.mode)) return Array.from({ length: modeMaxShift(p) + 1 }, (_, v) => v);
  return [0];
}
