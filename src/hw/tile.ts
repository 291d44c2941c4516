/**
 * The SME tile top (design.md §3 and 4): controller, activation latch, row-remap storage, DAC drivers, crossbar
 * arrays, ADCs and one shift-and-add / sign-combine unit per column, in two kinds:
 * - programmable: cells, row maps and descriptors written through `prog_*`, K = `worstCaseCrossbars(p)` slots,
 *   T = `digitCount(p, modeMaxShift(p))` digits, so any weights of the mode fit the same hardware;
 * - baked: one slot per crossbar of a given plan (at least one), everything constant, T from the plan's
 *   `maxShift`, no `prog_*` ports.
 *
 * Programming decode: `prog_target` 0 writes cell row `prog_row` of slot `prog_xbar`; 1 writes a row-map
 * entry (per sign for the squeeze modes, the sign taken from slot `prog_xbar`'s descriptor; per slot for
 * remap; ignored by dense/bitslice); 2 writes slot `prog_xbar`'s descriptor; 3 is ignored.
 */
import { cat, defineModule, lit, mux, uint, type Expr, type Instance, type Memory, type PortSpecs, type Reg, type Signal } from "../hdl/index.js";
import { cellAt, isSqueezeMode, outputWidth, progLayout, type MappingPlan, type ProgLayout, type TileParams } from "../sme/index.js";
import { adcArray } from "./adc.js";
import { bakedCrossbar, countWidth, drivePorts, programmableCrossbar, rowChunks, rowSelectPort } from "./crossbar.js";
import { tileController } from "./controller.js";
import { dacDriver, type DacParams } from "./dac.js";
import { programmingPorts, streamPorts } from "./ports.js";
import { rowMapTable } from "./row-map.js";
import { shiftAdd, type ShiftAddParams } from "./shift-add.js";

type IoMap = Record<string, Signal & { set(v: Expr): void }>;
type Drive = Record<string, Expr>;

function io(inst: Instance<PortSpecs>): IoMap {
  return inst.io as unknown as IoMap;
}

function dacParams(p: TileParams, digits: number, over: Partial<DacParams>): DacParams {
  return { rows: p.rows, actBits: p.actBits, dacBits: p.dacBits, digits, ouRows: p.ouRows, variant: "plain", squeeze: 0, shiftBits: 0, shifts: [], valid: [], ...over };
}

/** Everything the tile body needs besides the builder. */
export interface TileShape {
  readonly p: TileParams;
  readonly slots: number;
  readonly digits: number;
  readonly groups: number;
}

type Builder = Parameters<Parameters<typeof defineModule>[2]>[0];

/** The pieces both kinds share: controller outputs, DACs on the controller's digit/group, crossbar -> ADC -> column units. */
/**
 * The tile controller with its handshakes wired to the top ports: the activation and result streams, and the
 * programming stream when the tile is programmable.
 */
function controllerFor(m: Builder, top: IoMap, shape: TileShape, programmable: boolean): IoMap {
  const c = io(m.instance(tileController({ digits: shape.digits, groups: shape.groups, programmable }), { name: "controller" }));
  c.clk!.set(top.clk!);
  c.rst!.set(top.rst!);
  c.in_valid!.set(top.in_valid!);
  c.out_ready!.set(top.out_ready!);
  top.in_ready!.set(c.in_ready!);
  top.out_valid!.set(c.out_valid!);
  if (programmable) {
    c.prog_valid!.set(top.prog_valid!);
    top.prog_ready!.set(c.prog_ready!);
  }
  if (shape.groups === 1) c.group!.markUnused();
  return c;
}

function datapath(m: Builder, p: TileParams, shape: TileShape, c: IoMap) {
  const newDac = (over: Partial<DacParams>, name: string): IoMap => {
    const d = io(m.instance(dacDriver(dacParams(p, shape.digits, over)), { name }));
    d.digit!.set(c.digit!);
    if (shape.groups > 1) d.group!.set(c.group!);
    return d;
  };
  const driveOf = (dac: IoMap): Drive => Object.fromEntries(Object.keys(drivePorts(p.rows, p.dacBits, "output")).map((k) => [k, dac[k]!]));
  const columns = (codes: IoMap[], sa: Omit<ShiftAddParams, "slots" | "adcBits" | "outBits" | "dacBits">, descriptors?: { enable: Expr; sign: Expr; base: Expr }) => {
    const next: Expr[] = [];
    for (let j = 0; j < p.cols; j++) {
      const unit = io(
        m.instance(shiftAdd({ slots: codes.length, adcBits: p.adcBits, outBits: outputWidth(p), dacBits: p.dacBits, ...sa }), { name: `column_${j}` }),
      );
      unit.clk!.set(m.io.clk as Signal);
      codes.forEach((adc, s) => unit[`code_${s}`]!.set(adc[`code_${j}`]!));
      if (descriptors) {
        unit.enable!.set(descriptors.enable);
        unit.sign!.set(descriptors.sign);
        unit.base!.set(descriptors.base);
      }
      unit.step!.set(c.step!);
      unit.first!.set(c.first!);
      unit.new_digit!.set(c.new_digit!);
      next.push(unit.next!);
    }
    // The output register loads every column at once, only on the last step of a vector.
    const result = m.reg(uint(p.cols * outputWidth(p)), { name: "result" });
    m.when(c.capture!, () => result.set(cat(...next.reverse())));
    return result;
  };
  const adcFor = (xb: IoMap, s: number): IoMap => {
    const adc = io(m.instance(adcArray({ cols: p.cols, countBits: countWidth(p.rows, p.dacBits), adcBits: p.adcBits }), { name: `adc_${s}` }));
    for (let j = 0; j < p.cols; j++) adc[`count_${j}`]!.set(xb[`count_${j}`]!);
    return adc;
  };
  return { newDac, driveOf, columns, adcFor };
}

function connectDrive(xb: IoMap, drive: Drive): void {
  for (const [k, v] of Object.entries(drive)) xb[k]!.set(v);
}

/** Per-row activation registers, loaded when the controller accepts a vector. */
function activationRegs(m: Builder, p: TileParams, accept: Expr, inAct: Expr): Reg[] {
  return Array.from({ length: p.rows }, (_, r) => {
    const x = m.reg(uint(p.actBits), { name: `act_${r}` });
    m.when(accept, () => x.set(inAct.bits(r * p.actBits, p.actBits)));
    return x;
  });
}

/** The programmable tile's top module. */
export function programmableTileModule(name: string, p: TileParams, layout: ProgLayout, shape: TileShape) {
  const ports = { ...streamPorts(p), ...programmingPorts(layout) };
  return defineModule(name, ports, (m, top) => {
    const K = shape.slots;
    const R = p.rows;
    const A = p.actBits;
    const baseW = layout.target2[0].width;
    const c = controllerFor(m as unknown as Builder, top as unknown as IoMap, shape, true);
    const dp = datapath(m as unknown as Builder, p, shape, c);

    // Programming decode.
    const progFire = m.wire(uint(1));
    progFire.set(top.prog_valid.and(c.prog_ready!));
    const targetHit = [0, 1, 2].map((t) => {
      const w = m.wire(uint(1), { name: `prog_target${t}` });
      w.set(progFire.and(top.prog_target.eq(lit(t, uint(2)))));
      return w;
    });
    const slotHit = Array.from({ length: K }, (_, s) => {
      const w = m.wire(uint(1), { name: `prog_slot${s}` });
      w.set(top.prog_xbar.eq(lit(s, uint(layout.xbarWidth))));
      return w;
    });

    // Crossbar descriptors {enable, sign, base}; reset disables every slot.
    const descriptors: Reg[] = Array.from({ length: K }, (_, s) => {
      const d = m.reg(uint(baseW + 2), { reset: 0, name: `descriptor_${s}` });
      m.when(targetHit[2]!.and(slotHit[s]!), () => d.set(top.prog_data.bits(0, baseW + 2)));
      return d;
    });
    const enableBits = m.wire(uint(K), { name: "slot_enable" });
    enableBits.set(cat(...descriptors.map((d) => d.bit(baseW + 1)).reverse()));
    const signBits = m.wire(uint(K), { name: "slot_sign" });
    signBits.set(cat(...descriptors.map((d) => d.bit(baseW)).reverse()));
    const baseBits = m.wire(uint(K * baseW), { name: "slot_base" });
    baseBits.set(cat(...descriptors.map((d) => d.bits(0, baseW)).reverse()));

    // Row maps and DAC drivers, specialized per mode; `driveOf(s)` is the row drive of slot s.
    const [shiftField, srcField, validField] = layout.target1;
    let driveOf: (s: number) => Drive;
    let usedData = Math.max(p.cols, baseW + 2);
    if (p.mode === "dense" || p.mode === "bitslice") {
      const act = activationRegs(m as unknown as Builder, p, c.accept!, top.in_act);
      const dac = dp.newDac({ variant: "plain" }, "dac");
      act.forEach((x, r) => dac[`x_${r}`]!.set(x));
      const drive = dp.driveOf(dac);
      driveOf = () => drive;
      targetHit[1]!.markUnused(); // no row-map storage: row-map writes are ignored
    } else if (isSqueezeMode(p.mode)) {
      const act = activationRegs(m as unknown as Builder, p, c.accept!, top.in_act);
      const sw = shiftField.width;
      usedData = Math.max(usedData, sw);
      const slotSign = signBits.bit(top.prog_xbar);
      const drives = [0, 1].map((sign) => {
        const table = io(m.instance(rowMapTable({ rows: R, width: sw }), { name: sign ? "rcmr_neg" : "rcmr_pos" }));
        table.clk!.set(top.clk);
        table.rst!.set(top.rst);
        table.wr_en!.set(targetHit[1]!.and(slotSign.eq(lit(sign, uint(1)))));
        table.wr_row!.set(top.prog_row);
        table.wr_data!.set(top.prog_data.bits(0, sw));
        const dac = dp.newDac(p.mode === "squeeze" ? { variant: "rcmr", squeeze: p.squeeze } : { variant: "shift", shiftBits: sw }, sign ? "dac_neg" : "dac_pos");
        act.forEach((x, r) => {
          dac[`x_${r}`]!.set(x);
          dac[`shift_${r}`]!.set(table[`row_${r}`]!);
        });
        return dp.driveOf(dac);
      });
      // Each slot takes the drive of its sign's row map.
      driveOf = (s) => Object.fromEntries(Object.keys(drives[0]!).map((k) => [k, mux(signBits.bit(s), drives[1]![k]!, drives[0]![k]!)]));
    } else {
      // remap: activations in a register file, read by each row's stored src.
      const act: Memory = m.memory(uint(A), R, { name: "act" });
      m.when(c.accept!, () => {
        for (let i = 0; i < R; i++) act.write(lit(i, uint(act.addrWidth)), top.in_act.bits(i * A, A));
      });
      const ew = shiftField.width + srcField.width + 1;
      usedData = Math.max(usedData, ew);
      const drives = Array.from({ length: K }, (_, s) => {
        const table = io(m.instance(rowMapTable({ rows: R, width: ew }), { name: `rowmap_${s}` }));
        table.clk!.set(top.clk);
        table.rst!.set(top.rst);
        table.wr_en!.set(targetHit[1]!.and(slotHit[s]!));
        table.wr_row!.set(top.prog_row);
        table.wr_data!.set(top.prog_data.bits(0, ew));
        const dac = dp.newDac({ variant: "entry", shiftBits: shiftField.width }, `dac_${s}`);
        for (let r = 0; r < R; r++) {
          const entry = table[`row_${r}`]!;
          const src = entry.bits(srcField.offset, srcField.width);
          dac[`x_${r}`]!.set(act.read(src.width === act.addrWidth ? src : src.trunc(act.addrWidth)));
          dac[`valid_${r}`]!.set(entry.bit(validField.offset));
          dac[`shift_${r}`]!.set(entry.bits(shiftField.offset, shiftField.width));
        }
        return dp.driveOf(dac);
      });
      driveOf = (s) => drives[s]!;
    }
    if (layout.PW > usedData) top.prog_data.markUnused();

    // Crossbars and their ADCs; the cell-row decode is shared by all of them.
    const rowHit = cat(...Array.from({ length: R }, (_, r) => top.prog_row.eq(lit(r, uint(top.prog_row.width)))).reverse());
    const rowSelect = rowChunks(R).map((ch) => {
      const w = m.wire(uint(ch.width), { name: `prog_row_sel_r${ch.lo}` });
      w.set(rowHit.bits(ch.lo, ch.width));
      return [rowSelectPort(ch.lo), w] as const;
    });
    const codes: IoMap[] = [];
    for (let s = 0; s < K; s++) {
      const xb = io(m.instance(programmableCrossbar({ rows: R, cols: p.cols, dacBits: p.dacBits }), { name: `xbar_${s}` }));
      xb.clk!.set(top.clk);
      xb.wr_en!.set(targetHit[0]!.and(slotHit[s]!));
      for (const [port, sel] of rowSelect) xb[port]!.set(sel);
      xb.wr_data!.set(top.prog_data.bits(0, p.cols));
      connectDrive(xb, driveOf(s));
      codes.push(dp.adcFor(xb, s));
    }
    const result = dp.columns(codes, { baseBits: baseW, fixed: [] }, { enable: enableBits, sign: signBits, base: baseBits });
    top.out_sum.set(result);
  });
}

/** Column j of a plan crossbar's cells as a bigint, bit r = row r. */
function columnBits(plan: MappingPlan, s: number, j: number): bigint {
  const xb = plan.crossbars[s]!;
  let v = 0n;
  for (let r = plan.rows - 1; r >= 0; r--) v = (v << 1n) | BigInt(cellAt(plan, xb, r, j));
  return v;
}

/** The baked tile's top module for `plan`. */
export function bakedTileModule(name: string, p: TileParams, plan: MappingPlan, shape: TileShape) {
  return defineModule(name, streamPorts(p), (m, top) => {
    const K = shape.slots;
    const R = p.rows;
    const c = controllerFor(m as unknown as Builder, top as unknown as IoMap, shape, false);
    const dp = datapath(m as unknown as Builder, p, shape, c);
    const act = activationRegs(m as unknown as Builder, p, c.accept!, top.in_act);

    const crossbars = plan.crossbars;
    let driveOf: (s: number) => Drive;
    const plainDac = (name: string): Drive => {
      const dac = dp.newDac({ variant: "plain" }, name);
      act.forEach((x, r) => dac[`x_${r}`]!.set(x));
      return dp.driveOf(dac);
    };
    if (crossbars.length === 0 || p.mode === "dense" || p.mode === "bitslice") {
      const drive = plainDac("dac");
      driveOf = () => drive;
    } else if (isSqueezeMode(p.mode)) {
      const bySign = new Map<number, Drive>();
      for (const xb of crossbars) {
        if (bySign.has(xb.sign)) continue;
        const name = xb.sign === 1 ? "dac_pos" : "dac_neg";
        const shifts = Array.from(plan.rowShiftBySign![xb.sign === 1 ? 0 : 1]);
        if (shifts.every((s) => s === 0)) {
          bySign.set(xb.sign, plainDac(name));
          continue;
        }
        const dac = dp.newDac({ variant: "fixed", shifts, valid: shifts.map(() => 1) }, name);
        act.forEach((x, r) => dac[`x_${r}`]!.set(x));
        bySign.set(xb.sign, dp.driveOf(dac));
      }
      driveOf = (s) => bySign.get(crossbars[s]!.sign)!;
    } else {
      const read = new Set<number>();
      const drives = crossbars.map((xb, s) => {
        const valid = Array.from(xb.rowValid);
        const dac = dp.newDac({ variant: "fixed", shifts: Array.from(xb.rowShift), valid }, `dac_${s}`);
        for (let r = 0; r < R; r++) {
          if (!valid[r]) continue;
          read.add(xb.rowSrc[r]!);
          dac[`x_${r}`]!.set(act[xb.rowSrc[r]!]!);
        }
        return dp.driveOf(dac);
      });
      act.forEach((x, r) => {
        if (!read.has(r)) x.markUnused(); // an input no valid row reads is latched but never used
      });
      driveOf = (s) => drives[s]!;
    }

    const codes: IoMap[] = [];
    const fixed: { sign: number; base: number }[] = [];
    for (let s = 0; s < K; s++) {
      const columns = Array.from({ length: p.cols }, (_, j) => (s < crossbars.length ? columnBits(plan, s, j) : 0n).toString(16));
      const xb = io(m.instance(bakedCrossbar({ rows: R, cols: p.cols, dacBits: p.dacBits, columns }), { name: `xbar_${s}` }));
      connectDrive(xb, driveOf(s));
      codes.push(dp.adcFor(xb, s));
      fixed.push(s < crossbars.length ? { sign: crossbars[s]!.sign, base: crossbars[s]!.base } : { sign: 1, base: 0 });
    }
    top.out_sum.set(dp.columns(codes, { baseBits: progLayout(p, 1).target2[0].width, fixed }));
  });
}

export type ProgrammableTileModule = ReturnType<typeof programmableTileModule>;
export type BakedTileModule = ReturnType<typeof bakedTileModule>;
