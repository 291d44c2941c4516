/**
 * The SME tile top (DESIGN 3 and 4): controller, activation latch, row-remap storage, DAC drivers, crossbar
 * arrays, ADCs and the shift-and-add / sign-combine unit, in two kinds:
 * - programmable: cells, row maps and descriptors written through `prog_*`, K = `worstCaseCrossbars(p)` slots,
 *   T = `digitCount(p, modeMaxShift(p))` digits, so any weights of the mode fit the same hardware;
 * - baked: one slot per crossbar of a given plan (at least one), everything constant, T from the plan's
 *   `maxShift`, no `prog_*` ports.
 */
import { cat, defineModule, lit, mux, uint, type Expr, type Instance, type ModuleDef, type PortSpecs, type Reg, type Signal, type Memory } from "../hdl/index.js";
import {
  cellAt,
  digitCount,
  modeMaxShift,
  outputWidth,
  progLayout,
  worstCaseCrossbars,
  type MappingPlan,
  type ProgLayout,
  type TileParams,
} from "../sme/index.js";
import { adcArray } from "./adc.js";
import { bakedCrossbar, countWidth, programmableCrossbar } from "./crossbar.js";
import { tileController } from "./controller.js";
import { dacDriver, type DacParams } from "./dac.js";
import { programmingPorts, streamPorts } from "./ports.js";
import { rowMapTable } from "./row-map.js";
import { shiftAdd } from "./shift-add.js";

type AnyInstance = Instance<PortSpecs>;
type IoMap = Record<string, Signal & { set(v: Expr): void }>;

function io(inst: AnyInstance): IoMap {
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

function widthOfBase(p: TileParams): number {
  return progLayout(p, 1).target2[0].width;
}

/** The programmable tile's top module. */
export function programmableTileModule(name: string, p: TileParams, layout: ProgLayout, shape: TileShape) {
  const ports = { ...streamPorts(p), ...programmingPorts(layout) };
  return defineModule(name, ports, (m, top) => {
    const { slots: K, digits: T, groups: G } = shape;
    const R = p.rows;
    const A = p.actBits;
    const baseW = layout.target2[0].width;
    const ctrl = m.instance(tileController({ digits: T, groups: G, programmable: true }), {
      connect: { clk: top.clk, rst: top.rst, in_valid: top.in_valid, out_ready: top.out_ready },
    });
    const c = io(ctrl);
    c.prog_valid!.set(top.prog_valid);
    top.in_ready.set(c.in_ready!);
    top.out_valid.set(c.out_valid!);
    top.prog_ready.set(c.prog_ready!);
    if (G === 1) c.group!.markUnused();

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
    const enableBits = cat(...descriptors.map((d) => d.bit(baseW + 1)).reverse());
    const signBits = m.wire(uint(K), { name: "slot_sign" });
    signBits.set(cat(...descriptors.map((d) => d.bit(baseW)).reverse()));
    const baseBits = cat(...descriptors.map((d) => d.bits(0, baseW)).reverse());

    // Activation latch (a memory for remap, whose rows read x[src] at run time).
    let xreg: Reg | undefined;
    let xmem: Memory | undefined;
    if (p.mode === "remap") {
      xmem = m.memory(uint(A), R, { name: "act" });
      const mem = xmem;
      m.when(c.accept!, () => {
        for (let i = 0; i < R; i++) mem.write(lit(i, uint(mem.addrWidth)), top.in_act.bits(i * A, A));
      });
    } else {
      xreg = m.reg(uint(R * A), { name: "act" });
      const x = xreg;
      m.when(c.accept!, () => x.set(top.in_act));
    }

    // Row maps and DAC drivers, specialized per mode; `driveOf(s)` is the row drive of slot s.
    const [shiftField] = layout.target1;
    let driveOf: (s: number) => Expr;
    let usedData = Math.max(p.cols, baseW + 2);
    const newDac = (over: Partial<DacParams>): IoMap => {
      const d = io(m.instance(dacDriver(dacParams(p, T, over))) as unknown as AnyInstance);
      d.digit!.set(c.digit!);
      if (G > 1) d.group!.set(c.group!);
      return d;
    };
    if (p.mode === "dense" || p.mode === "bitslice") {
      const dac = newDac({ variant: "plain" });
      dac.x!.set(xreg!);
      driveOf = () => dac.drive!;
      targetHit[1]!.markUnused(); // no row-map storage: row-map writes are ignored
    } else if (p.mode === "squeeze" || p.mode === "squeeze-min") {
      const sw = shiftField.width;
      usedData = Math.max(usedData, sw);
      const slotSign = signBits.bit(top.prog_xbar);
      const drives = [0, 1].map((sign) => {
        const table = io(m.instance(rowMapTable({ rows: R, width: sw }), { name: sign ? "rcmr_neg" : "rcmr_pos" }) as unknown as AnyInstance);
        table.clk!.set(top.clk);
        table.rst!.set(top.rst);
        table.wr_en!.set(targetHit[1]!.and(slotSign.eq(lit(sign, uint(1)))));
        table.wr_row!.set(top.prog_row);
        table.wr_data!.set(top.prog_data.bits(0, sw));
        const dac =
          p.mode === "squeeze" ? newDac({ variant: "rcmr", squeeze: p.squeeze }) : newDac({ variant: "shift", shiftBits: sw });
        dac.x!.set(xreg!);
        if (p.mode === "squeeze") dac.rcmr!.set(table.entries!);
        else dac.shifts!.set(table.entries!);
        return dac.drive!;
      });
      driveOf = (s) => mux(signBits.bit(s), drives[1]!, drives[0]!);
    } else {
      const [, srcField, validField] = layout.target1;
      const ew = shiftField.width + srcField.width + 1;
      usedData = Math.max(usedData, ew);
      const drives = Array.from({ length: K }, (_, s) => {
        const table = io(m.instance(rowMapTable({ rows: R, width: ew }), { name: `rowmap_${s}` }) as unknown as AnyInstance);
        table.clk!.set(top.clk);
        table.rst!.set(top.rst);
        table.wr_en!.set(targetHit[1]!.and(slotHit[s]!));
        table.wr_row!.set(top.prog_row);
        table.wr_data!.set(top.prog_data.bits(0, ew));
        const entries = table.entries!;
        const dac = newDac({ variant: "entry", shiftBits: shiftField.width });
        const rowsX: Expr[] = [];
        const valid: Expr[] = [];
        const shifts: Expr[] = [];
        for (let r = 0; r < R; r++) {
          const src = entries.bits(r * ew + srcField.offset, srcField.width);
          rowsX.push(xmem!.read(src.width === xmem!.addrWidth ? src : src.trunc(xmem!.addrWidth)));
          valid.push(entries.bit(r * ew + validField.offset));
          shifts.push(entries.bits(r * ew + shiftField.offset, shiftField.width));
        }
        dac.x!.set(cat(...rowsX.reverse()));
        dac.valid!.set(cat(...valid.reverse()));
        dac.shifts!.set(cat(...shifts.reverse()));
        return dac.drive!;
      });
      driveOf = (s) => drives[s]!;
    }
    if (layout.PW > usedData) top.prog_data.markUnused();

    // Crossbars and their ADCs.
    const cw = countWidth(R, p.dacBits);
    const codes: Expr[] = [];
    for (let s = 0; s < K; s++) {
      const xb = io(m.instance(programmableCrossbar({ rows: R, cols: p.cols, dacBits: p.dacBits }), { name: `xbar_${s}` }) as unknown as AnyInstance);
      xb.clk!.set(top.clk);
      xb.wr_en!.set(targetHit[0]!.and(slotHit[s]!));
      xb.wr_row!.set(top.prog_row);
      xb.wr_data!.set(top.prog_data.bits(0, p.cols));
      xb.drive!.set(driveOf(s));
      const adc = io(m.instance(adcArray({ cols: p.cols, countBits: cw, adcBits: p.adcBits }), { name: `adc_${s}` }) as unknown as AnyInstance);
      adc.counts!.set(xb.counts!);
      codes.push(adc.codes!);
    }

    const sa = io(
      m.instance(
        shiftAdd({ cols: p.cols, slots: K, adcBits: p.adcBits, outBits: outputWidth(p), dacBits: p.dacBits, baseBits: baseW, fixed: [] }),
        { name: "shift_add" },
      ) as unknown as AnyInstance,
    );
    sa.clk!.set(top.clk);
    sa.codes!.set(cat(...codes.reverse()));
    sa.enable!.set(enableBits);
    sa.sign!.set(signBits);
    sa.base!.set(baseBits);
    sa.step!.set(c.step!);
    sa.first!.set(c.first!);
    sa.new_digit!.set(c.new_digit!);

    const result = m.reg(uint(p.cols * outputWidth(p)), { name: "result" });
    m.when(c.capture!, () => result.set(sa.next!));
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
    const { slots: K, digits: T, groups: G } = shape;
    const R = p.rows;
    const A = p.actBits;
    const ctrl = m.instance(tileController({ digits: T, groups: G, programmable: false }), {
      connect: { clk: top.clk, rst: top.rst, in_valid: top.in_valid, out_ready: top.out_ready },
    });
    const c = io(ctrl);
    top.in_ready.set(c.in_ready!);
    top.out_valid.set(c.out_valid!);
    if (G === 1) c.group!.markUnused();

    const xreg = m.reg(uint(R * A), { name: "act" });
    m.when(c.accept!, () => xreg.set(top.in_act));

    const newDac = (over: Partial<DacParams>): IoMap => {
      const d = io(m.instance(dacDriver(dacParams(p, T, over))) as unknown as AnyInstance);
      d.digit!.set(c.digit!);
      if (G > 1) d.group!.set(c.group!);
      return d;
    };
    const crossbars = plan.crossbars;
    let driveOf: (s: number) => Expr;
    if (crossbars.length === 0 || p.mode === "dense" || p.mode === "bitslice") {
      const dac = newDac({ variant: "plain" });
      dac.x!.set(xreg);
      driveOf = () => dac.drive!;
    } else if (p.mode === "squeeze" || p.mode === "squeeze-min") {
      const bySign = new Map<number, Expr>();
      for (const xb of crossbars) {
        if (bySign.has(xb.sign)) continue;
        const shifts = Array.from(plan.rowShiftBySign![xb.sign === 1 ? 0 : 1]);
        const dac = shifts.every((s) => s === 0) ? newDac({ variant: "plain" }) : newDac({ variant: "fixed", shifts, valid: shifts.map(() => 1) });
        dac.x!.set(xreg);
        bySign.set(xb.sign, dac.drive!);
      }
      driveOf = (s) => bySign.get(crossbars[s]!.sign)!;
    } else {
      const read = new Set<number>();
      const drives = crossbars.map((xb) => {
        const valid = Array.from(xb.rowValid);
        const dac = newDac({ variant: "fixed", shifts: Array.from(xb.rowShift), valid });
        const rowsX: Expr[] = [];
        for (let r = 0; r < R; r++) {
          if (valid[r]) {
            read.add(xb.rowSrc[r]!);
            rowsX.push(xreg.bits(xb.rowSrc[r]! * A, A));
          } else rowsX.push(lit(0, uint(A)));
        }
        dac.x!.set(cat(...rowsX.reverse()));
        return dac.drive!;
      });
      if (read.size < R) xreg.markUnused();
      driveOf = (s) => drives[s]!;
    }

    const cw = countWidth(R, p.dacBits);
    const codes: Expr[] = [];
    const fixed: { sign: number; base: number }[] = [];
    for (let s = 0; s < K; s++) {
      const columns = Array.from({ length: p.cols }, (_, j) => (s < crossbars.length ? columnBits(plan, s, j) : 0n).toString(16));
      const xb = io(m.instance(bakedCrossbar({ rows: R, cols: p.cols, dacBits: p.dacBits, columns }), { name: `xbar_${s}` }) as unknown as AnyInstance);
      xb.drive!.set(driveOf(s));
      const adc = io(m.instance(adcArray({ cols: p.cols, countBits: cw, adcBits: p.adcBits }), { name: `adc_${s}` }) as unknown as AnyInstance);
      adc.counts!.set(xb.counts!);
      codes.push(adc.codes!);
      fixed.push(s < crossbars.length ? { sign: crossbars[s]!.sign, base: crossbars[s]!.base } : { sign: 1, base: 0 });
    }
    const sa = io(
      m.instance(
        shiftAdd({ cols: p.cols, slots: K, adcBits: p.adcBits, outBits: outputWidth(p), dacBits: p.dacBits, baseBits: widthOfBase(p), fixed }),
        { name: "shift_add" },
      ) as unknown as AnyInstance,
    );
    sa.clk!.set(top.clk);
    sa.codes!.set(cat(...codes.reverse()));
    sa.step!.set(c.step!);
    sa.first!.set(c.first!);
    sa.new_digit!.set(c.new_digit!);

    const result = m.reg(uint(p.cols * outputWidth(p)), { name: "result" });
    m.when(c.capture!, () => result.set(sa.next!));
    top.out_sum.set(result);
  });
}

export type ProgrammableTileModule = ReturnType<typeof programmableTileModule>;
export type BakedTileModule = ReturnType<typeof bakedTileModule>;
export { digitCount, modeMaxShift, worstCaseCrossbars };
export type { ModuleDef };
