/**
 * The SME tile top (design.md §3 and 4): controller, activation latch, row-remap storage, DAC drivers, crossbar
 * arrays, ADCs and one shift-and-add / sign-combine unit per column, in two kinds:
 * - programmable: cells, row maps and descriptors written through `prog_*`, K = `worstCaseCrossbars(p)` slots,
 *   T = `digitCount(p, modeMaxShift(p))` digits, so any weights of the mode fit the same hardware;
 * - baked: one slot per crossbar of a given plan (at least one), everything constant, T from the plan's
 *   `maxShift`, no `prog_*` ports.
 *
 * Programming decode: `prog_target` 0 writes cell row `prog_row` of slot `prog_xbar`; 1 writes a row-map
 * entry (per sign for the squeeze modes, the sign taken from slot `prog_xbar`'s descriptor, which must exist
 * and be enabled; per slot for remap and budget; ignored by dense/bitslice); 2 writes slot `prog_xbar`'s
 * descriptor; 3 is ignored. A transfer carrying a value no mapping produces (a shift above the mode's largest, a
 * remap source row beyond R, a base the mode's crossbars cannot have) is ignored and sets the sticky `prog_error`.
 *
 * `budget` plans are remap plans of truncated codes (`isRemapMode`), so both modes take the remap branches
 * below: the same storage, shift width, digits and slots.
 */
import {
  cat,
  defineModule,
  lit,
  mux,
  uint,
  vec,
  type Expr,
  type Instance,
  type IoOf,
  type Memory,
  type ModuleBuilder,
  type PortSpecs,
  type Reg,
  type Signal,
  type Wire,
} from "../hdl/index.js";
import { cellAt, isSqueezeMode, outputWidth, progLayout, type MappingPlan, type ProgLayout, type TileParams } from "../sme/index.js";
import { adcArray } from "./adc.js";
import { bakedCrossbar, countWidth, programmableCrossbar, rowChunks, rowChunkVec } from "./crossbar.js";
import { tileController } from "./controller.js";
import { dacDriver, dacInputRows, type DacParams } from "./dac.js";
import { programmingPorts, streamPorts, type BakedTileSpecs } from "./ports.js";
import { descriptorStruct, rowMapEntryStruct } from "./prog-fields.js";
import { rowMapTable } from "./row-map.js";
import { shiftAdd, type ShiftAddParams } from "./shift-add.js";

/** The row drive of the crossbars: `drive[b][c]`, bit-plane b of row chunk c. */
type Drive = readonly (readonly Expr[])[];
type Builder = ModuleBuilder<PortSpecs>;
/** The ports every tile has (the activation and result streams). */
type StreamIo = IoOf<BakedTileSpecs>;
type Controller = Instance<ReturnType<typeof tileController>["ports"]>;
type Dac = Instance<ReturnType<typeof dacDriver>["ports"]>;
type Adc = Instance<ReturnType<typeof adcArray>["ports"]>;
/** What a DAC's per-row inputs are connected to (its `connect` option). */
type DacRows = { readonly x?: readonly Expr[]; readonly shift?: readonly Expr[]; readonly valid?: readonly Expr[] };

function dacParams(p: TileParams, digits: number, over: Partial<DacParams>): DacParams {
  return {
    rows: p.rows,
    actBits: p.actBits,
    dacBits: p.dacBits,
    digits,
    ouRows: p.ouRows,
    variant: "plain",
    squeeze: 0,
    shiftBits: 0,
    shifts: [],
    valid: [],
    ...over,
  };
}

/** Everything the tile body needs besides the builder. */
export interface TileShape {
  readonly p: TileParams;
  readonly slots: number;
  readonly digits: number;
  readonly groups: number;
}

/** The tile controller with its handshakes wired to the top ports of the activation and result streams. */
function controllerFor(m: Builder, top: StreamIo, shape: TileShape, programmable: boolean): Controller {
  const c = m.instance(tileController({ digits: shape.digits, groups: shape.groups, programmable }), {
    name: "controller",
    connect: { clk: top.clk, rst: top.rst, in_valid: top.in_valid, out_ready: top.out_ready },
  });
  top.in_ready.set(c.io.in_ready);
  top.out_valid.set(c.io.out_valid);
  if (shape.groups === 1) c.io.group.markUnused();
  return c;
}

/**
 * The programming stream's handshake through the controller of a programmable tile (which has the ports):
 * returns the controller's `prog_ready`.
 */
function programmingHandshake(c: Controller, top: { readonly prog_valid: Signal; readonly prog_ready: Wire }): Signal {
  const { prog_valid, prog_ready } = c.io;
  if (!prog_valid || !prog_ready) throw new Error("internal: the controller of a programmable tile has no programming handshake");
  prog_valid.set(top.prog_valid);
  top.prog_ready.set(prog_ready);
  return prog_ready;
}

/** The pieces both kinds share: DACs on the controller's digit/group, crossbar -> ADC, the column units. */
function datapath(m: Builder, p: TileParams, top: StreamIo, shape: TileShape, c: Controller) {
  const newDac = (over: Partial<DacParams>, name: string, rows: DacRows): Dac =>
    m.instance(dacDriver(dacParams(p, shape.digits, over)), {
      name,
      connect: { digit: c.io.digit, group: shape.groups > 1 ? c.io.group : undefined, ...rows },
    });
  const columns = (
    adcs: readonly Adc[],
    sa: Omit<ShiftAddParams, "slots" | "adcBits" | "outBits" | "dacBits">,
    descriptors?: { enable: Expr; sign: Expr; base: Expr },
  ): Reg => {
    const next: Expr[] = [];
    for (let j = 0; j < p.cols; j++) {
      const unit = m.instance(shiftAdd({ slots: adcs.length, adcBits: p.adcBits, outBits: outputWidth(p), dacBits: p.dacBits, ...sa }), {
        name: `column_${j}`,
        connect: { clk: top.clk, code: adcs.map((adc) => adc.io.code[j]), ...descriptors, step: c.io.step, first: c.io.first, new_digit: c.io.new_digit },
      });
      next.push(unit.io.next);
    }
    // The output register loads every column at once, only on the last step of a vector.
    return m.regNext(cat(...next.reverse()), { enable: c.io.capture, name: "result" });
  };
  const adcFor = (count: readonly Signal[], s: number): Adc =>
    m.instance(adcArray({ cols: p.cols, countBits: countWidth(p.rows, p.dacBits), adcBits: p.adcBits }), { name: `adc_${s}`, connect: { count } });
  return { newDac, columns, adcFor };
}

/** Per-row activation registers (`act_<r>`), loaded when the controller accepts a vector. */
function activationRegs(m: Builder, p: TileParams, accept: Expr, inAct: Expr): readonly Reg[] {
  const act = m.reg(vec(uint(p.actBits), p.rows), { name: "act" });
  m.when(accept, () => {
    act.forEach((x, r) => {
      x.set(inAct.bits(r * p.actBits, p.actBits));
    });
  });
  return act;
}

/** The programmable tile's top module. */
export function programmableTileModule(name: string, p: TileParams, layout: ProgLayout, shape: TileShape) {
  const ports = { ...streamPorts(p), ...programmingPorts(layout) };
  return defineModule(name, ports, (m, top) => {
    const K = shape.slots;
    const R = p.rows;
    const A = p.actBits;
    const Descriptor = descriptorStruct(layout);
    const RowMapEntry = rowMapEntryStruct(layout);
    const baseW = Descriptor.field("base").type.width;
    /** `value > max`, or nothing when a field of `width` bits cannot exceed `max` (a constant comparison lints). */
    const above = (value: Expr, max: number): Expr | null => (2 ** value.width - 1 > max ? value.gt(lit(max, uint(value.width))) : null);
    const anyOf = (xs: readonly (Expr | null)[]): Expr | null => xs.filter((x): x is Expr => x !== null).reduce<Expr | null>((a, x) => (a ? a.or(x) : x), null);
    const c = controllerFor(m, top, shape, true);
    const progReady = programmingHandshake(c, top);
    const dp = datapath(m, p, top, shape, c);

    // Programming decode.
    // No transfer takes place while `rst` is high (design.md §4.4): cells, which reset keeps, stay as they were.
    const progFire = m.wire(top.prog_valid.and(progReady).and(top.rst.not()));
    const targetHit = [0, 1, 2].map((t) => m.wire(progFire.and(top.prog_target.eq(lit(t, uint(2)))), { name: `prog_target${t}` }));
    const slotHit = Array.from({ length: K }, (_, s) => m.wire(top.prog_xbar.eq(lit(s, uint(layout.xbarWidth))), { name: `prog_slot${s}` }));

    // Whether `prog_xbar` names a slot that exists and `prog_row` a row that exists (a transfer to neither is
    // ignored, and flags nothing: it addresses nothing).
    const slotExists = m.wire(
      slotHit.reduce<Expr>((a, h) => a.or(h), lit(0, uint(1))),
      { name: "prog_slot_exists" },
    );
    const rowBeyond = above(top.prog_row, R - 1);
    // Values no mapping produces are ignored and flag `prog_error`: a descriptor enabling a slot with a base the
    // mode's crossbars cannot have (the squeeze modes keep their top D bits in the shift).
    const written = Descriptor.view(top.prog_data.bits(0, Descriptor.width));
    const baseOutOfRange = above(written.base, isSqueezeMode(p.mode) ? p.weightBits - 1 - p.squeeze : p.weightBits - 1);
    const badDescriptor = baseOutOfRange ? m.wire(written.enable.and(baseOutOfRange), { name: "prog_bad_descriptor" }) : null;
    const descriptorWrite = badDescriptor ? targetHit[2].and(badDescriptor.not()) : targetHit[2];

    // Crossbar descriptors; reset disables every slot.
    const descriptors = m.reg(vec(Descriptor, K), { reset: 0, name: "descriptor" });
    descriptors.forEach((d, s) => {
      m.when(descriptorWrite.and(slotHit[s]), () => d.set(top.prog_data.bits(0, Descriptor.width)));
    });
    const slots = descriptors.map((d) => Descriptor.view(d));
    const enableBits = m.wire(cat(...slots.map((d) => d.enable).reverse()), { name: "slot_enable" });
    const signBits = m.wire(cat(...slots.map((d) => d.sign).reverse()), { name: "slot_sign" });
    const baseBits = m.wire(cat(...slots.map((d) => d.base).reverse()), { name: "slot_base" });

    // Row maps and DAC drivers, specialized per mode; `driveOf(s)` is the row drive of slot s. `badEntry` is a
    // row-map value no mapping of the mode produces.
    let driveOf: (s: number) => Drive;
    let badEntry: Expr | null = null;
    let usedData = Math.max(p.cols, Descriptor.width);
    if (p.mode === "dense" || p.mode === "bitslice") {
      const act = activationRegs(m, p, c.io.accept, top.in_act);
      const drive = dp.newDac({ variant: "plain" }, "dac", { x: act }).io.drive;
      driveOf = () => drive;
      targetHit[1].markUnused(); // no row-map storage: row-map writes are ignored
    } else if (isSqueezeMode(p.mode)) {
      const act = activationRegs(m, p, c.io.accept, top.in_act);
      const sw = RowMapEntry.field("shift").type.width;
      usedData = Math.max(usedData, sw);
      // The row map of the sign held in slot `prog_xbar`: a write through a slot that does not exist or is
      // disabled has no sign, and writes nothing. `squeeze-min` stores the shift itself, at most D.
      const slotEnabled = m.wire(
        slotHit.reduce<Expr>((a, h, s) => a.or(h.and(slots[s].enable)), lit(0, uint(1))),
        { name: "prog_slot_enabled" },
      );
      const slotNegative = m.wire(
        slotHit.reduce<Expr>((a, h, s) => a.or(h.and(slots[s].sign)), lit(0, uint(1))),
        { name: "prog_slot_negative" },
      );
      badEntry = p.mode === "squeeze-min" ? above(top.prog_data.bits(0, sw), p.squeeze) : null;
      const badShift = badEntry ? m.wire(badEntry, { name: "prog_bad_entry" }) : null;
      const mapWrite = m.wire(badShift ? targetHit[1].and(slotEnabled).and(badShift.not()) : targetHit[1].and(slotEnabled), { name: "prog_map_write" });
      const drives = [0, 1].map((sign) => {
        const table = m.instance(rowMapTable({ rows: R, width: sw }), {
          name: sign ? "rcmr_neg" : "rcmr_pos",
          connect: {
            clk: top.clk,
            rst: top.rst,
            wr_en: mapWrite.and(slotNegative.eq(lit(sign, uint(1)))),
            wr_row: top.prog_row,
            wr_data: top.prog_data.bits(0, sw),
          },
        });
        const variant: Partial<DacParams> = p.mode === "squeeze" ? { variant: "rcmr", squeeze: p.squeeze } : { variant: "shift", shiftBits: sw };
        return dp.newDac(variant, sign ? "dac_neg" : "dac_pos", { x: act, shift: table.io.row }).io.drive;
      });
      // Each slot takes the drive of its sign's row map.
      driveOf = (s) => drives[0].map((plane, b) => plane.map((pos, ch) => mux(signBits.bit(s), drives[1][b][ch], pos)));
    } else {
      // remap and budget: activations in a register file, read by each row's stored src.
      const act: Memory = m.memory(uint(A), R, { name: "act" });
      m.when(c.io.accept, () => {
        for (let i = 0; i < R; i++) act.write(lit(i, uint(act.addrWidth)), top.in_act.bits(i * A, A));
      });
      usedData = Math.max(usedData, RowMapEntry.width);
      // A valid entry shifting by more than N - 1 or reading an input beyond R is no mapping's.
      const entry = RowMapEntry.view(top.prog_data.bits(0, RowMapEntry.width));
      const outOfRange = anyOf([above(entry.shift, p.weightBits - 1), above(entry.src, R - 1)]);
      badEntry = outOfRange ? entry.valid.and(outOfRange) : null;
      const badRemap = badEntry ? m.wire(badEntry, { name: "prog_bad_entry" }) : null;
      const mapWrite = badRemap ? m.wire(targetHit[1].and(badRemap.not()), { name: "prog_map_write" }) : targetHit[1];
      const drives = Array.from({ length: K }, (_, s) => {
        const table = m.instance(rowMapTable({ rows: R, width: RowMapEntry.width }), {
          name: `rowmap_${s}`,
          connect: { clk: top.clk, rst: top.rst, wr_en: mapWrite.and(slotHit[s]), wr_row: top.prog_row, wr_data: top.prog_data.bits(0, RowMapEntry.width) },
        });
        const entries = table.io.row.map((row) => RowMapEntry.view(row));
        const rows: DacRows = {
          x: entries.map((e) => act.read(e.src.width === act.addrWidth ? e.src : e.src.trunc(act.addrWidth))),
          valid: entries.map((e) => e.valid),
          shift: entries.map((e) => e.shift),
        };
        return dp.newDac({ variant: "entry", shiftBits: RowMapEntry.field("shift").type.width }, `dac_${s}`, rows).io.drive;
      });
      driveOf = (s) => drives[s];
    }
    if (layout.PW > usedData) top.prog_data.markUnused();

    // `prog_error`: set by a transfer to a slot that exists carrying a value no mapping produces; reset clears it.
    const badTransfer = anyOf([
      badDescriptor ? targetHit[2].and(badDescriptor) : null,
      badEntry ? targetHit[1].and(rowBeyond ? badEntry.and(rowBeyond.not()) : badEntry) : null,
    ]);
    // (A mode whose fields cannot hold such a value never raises it.)
    if (badTransfer) {
      const progError = m.reg(uint(1), { reset: 0, name: "prog_error_flag" });
      m.when(slotExists.and(badTransfer), () => progError.set(lit(1, uint(1))));
      top.prog_error.set(progError);
    } else {
      slotExists.markUnused();
      top.prog_error.set(lit(0, uint(1)));
    }

    // Crossbars and their ADCs; the cell-row decode is shared by all of them.
    const rowHit = cat(...Array.from({ length: R }, (_, r) => top.prog_row.eq(lit(r, uint(top.prog_row.width)))).reverse());
    const rowSelect = m.wire(rowChunkVec(R), { name: "prog_row_sel" });
    rowChunks(R).forEach((ch, i) => {
      rowSelect[i].set(rowHit.bits(ch.lo, ch.width));
    });
    const adcs: Adc[] = [];
    for (let s = 0; s < K; s++) {
      const xb = m.instance(programmableCrossbar({ rows: R, cols: p.cols, dacBits: p.dacBits }), {
        name: `xbar_${s}`,
        connect: { clk: top.clk, wr_en: targetHit[0].and(slotHit[s]), wr_sel: rowSelect, wr_data: top.prog_data.bits(0, p.cols), drive: driveOf(s) },
      });
      adcs.push(dp.adcFor(xb.io.count, s));
    }
    top.out_sum.set(dp.columns(adcs, { baseBits: baseW, fixed: [] }, { enable: enableBits, sign: signBits, base: baseBits }));
  });
}

/** Column j of a plan crossbar's cells as a bigint, bit r = row r. */
function columnBits(plan: MappingPlan, s: number, j: number): bigint {
  const xb = plan.crossbars[s];
  let v = 0n;
  for (let r = plan.rows - 1; r >= 0; r--) v = (v << 1n) | BigInt(cellAt(plan, xb, r, j));
  return v;
}

/** The baked tile's top module for `plan`. */
export function bakedTileModule(name: string, p: TileParams, plan: MappingPlan, shape: TileShape) {
  return defineModule(name, streamPorts(p), (m, top) => {
    const K = shape.slots;
    const R = p.rows;
    const c = controllerFor(m, top, shape, false);
    const dp = datapath(m, p, top, shape, c);
    const act = activationRegs(m, p, c.io.accept, top.in_act);

    const crossbars = plan.crossbars;
    let driveOf: (s: number) => Drive;
    const plainDac = (name: string): Drive => dp.newDac({ variant: "plain" }, name, { x: act }).io.drive;
    if (crossbars.length === 0 || p.mode === "dense" || p.mode === "bitslice") {
      const drive = plainDac("dac");
      driveOf = () => drive;
    } else if (isSqueezeMode(p.mode)) {
      const shiftsBySign = plan.rowShiftBySign;
      if (!shiftsBySign) throw new Error(`internal: a ${p.mode} plan has no per-sign row shifts`);
      // One driver per sign, built when a crossbar of that sign first needs it.
      const bySign = new Map<number, Drive>();
      const signDrive = (sign: number): Drive => {
        const known = bySign.get(sign);
        if (known) return known;
        const name = sign === 1 ? "dac_pos" : "dac_neg";
        const shifts = Array.from(shiftsBySign[sign === 1 ? 0 : 1]);
        const drive = shifts.every((s) => s === 0)
          ? plainDac(name)
          : dp.newDac({ variant: "fixed", shifts, valid: shifts.map(() => 1) }, name, { x: act }).io.drive;
        bySign.set(sign, drive);
        return drive;
      };
      for (const xb of crossbars) signDrive(xb.sign);
      driveOf = (s) => signDrive(crossbars[s].sign);
    } else {
      // remap and budget: per crossbar, each valid row reads the activation of its src at its shift.
      const read = new Set<number>();
      const drives = crossbars.map((xb, s) => {
        const valid = Array.from(xb.rowValid);
        // The driver has an input for each valid row only, fed from the activation its row map selects.
        const x = dacInputRows({ rows: R, variant: "fixed", valid }).map((r) => {
          read.add(xb.rowSrc[r]);
          return act[xb.rowSrc[r]];
        });
        return dp.newDac({ variant: "fixed", shifts: Array.from(xb.rowShift), valid }, `dac_${s}`, { x }).io.drive;
      });
      act.forEach((x, r) => {
        if (!read.has(r)) x.markUnused(); // an input no valid row reads is latched but never used
      });
      driveOf = (s) => drives[s];
    }

    const adcs: Adc[] = [];
    const fixed: { sign: number; base: number }[] = [];
    for (let s = 0; s < K; s++) {
      const columns = Array.from({ length: p.cols }, (_, j) => (s < crossbars.length ? columnBits(plan, s, j) : 0n).toString(16));
      const xb = m.instance(bakedCrossbar({ rows: R, cols: p.cols, dacBits: p.dacBits, columns }), { name: `xbar_${s}`, connect: { drive: driveOf(s) } });
      adcs.push(dp.adcFor(xb.io.count, s));
      fixed.push(s < crossbars.length ? { sign: crossbars[s].sign, base: crossbars[s].base } : { sign: 1, base: 0 });
    }
    top.out_sum.set(dp.columns(adcs, { baseBits: progLayout(p, 1).target2[0].width, fixed }));
  });
}

export type ProgrammableTileModule = ReturnType<typeof programmableTileModule>;
export type BakedTileModule = ReturnType<typeof bakedTileModule>;
