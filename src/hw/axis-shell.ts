/**
 * The AXI4-Stream shell around a tile (design.md §4.8): the same tile, with its flat buses put on narrow,
 * byte-wide AXI4-Stream interfaces an FPGA or SoC project connects without glue.
 *
 * - `s_axis_act`: activation vectors in beats of `act` bits, least significant beat first (beat k carries
 *   bits `[k*act +: act]` of `in_act`, the last beat zero-padded). The last beat is not stored: it goes to
 *   the tile together with the beats gathered before it, so `s_axis_act_tready` on the last beat is the
 *   tile's `in_ready`.
 * - `m_axis_sum`: each result in beats of `sum` bits, least significant first, `tlast` on the last beat of a
 *   vector. The beats are cut from the tile's result register, which holds the result until the last beat
 *   is taken: no copy.
 * - `s_axis_prog` (programmable tiles): one beat per programming transfer, the `program.hex` word
 *   `{target, xbar, row, data}` zero-extended to whole bytes.
 * - `aclk`, and `aresetn`: synchronous, active low, as AXI4-Stream has it.
 */
import {
  bundlePorts,
  cat,
  clog2,
  defineModule,
  type Expr,
  input,
  lit,
  type ModuleBuilder,
  mux,
  output,
  type PortSpecs,
  type Signal,
  struct,
  uint,
  vec,
} from "../hdl/index.js";
import { outputWidth, type ProgLayout, type TileParams } from "../sme/index.js";
import { UserError } from "../util/errors.js";
import type { TileHardware } from "./build.js";
import { programmingPorts } from "./ports.js";
import type { ProgrammableTileModule } from "./tile.js";

/** Beat widths of the shell's streams, in bits (whole bytes). */
export interface AxisWidths {
  /** `s_axis_act_tdata`. */
  readonly act: number;
  /** `m_axis_sum_tdata`. */
  readonly sum: number;
}

/** The shell's stream geometry: widths and beats per vector or transfer. */
export interface AxisGeometry extends AxisWidths {
  /** `s_axis_prog_tdata` (0 for a baked tile: no programming stream). */
  readonly prog: number;
  /** Beats per activation vector: ceil(R*A / act). */
  readonly actBeats: number;
  /** Beats per result: ceil(C*OW / sum). */
  readonly sumBeats: number;
  /** Top module of the tile inside the shell. */
  readonly core: string;
}

const roundUpToByte = (bits: number): number => 8 * Math.ceil(bits / 8);

/** The default beat width: 32 bits, or the whole bus in bytes when it is narrower. */
export function defaultAxisWidth(busBits: number): number {
  return Math.min(32, roundUpToByte(busBits));
}

/** Checks the widths against the tile and returns the shell's geometry; a bad width is a `UserError` naming its flag. */
export function axisGeometry(p: TileParams, layout: ProgLayout | null, widths: AxisWidths, core: string): AxisGeometry {
  const actBus = p.rows * p.actBits;
  const sumBus = p.cols * outputWidth(p);
  const check = (bits: number, bus: number, flag: string, what: string): void => {
    if (!Number.isInteger(bits) || bits < 8 || bits % 8 !== 0 || bits > roundUpToByte(bus)) {
      throw new UserError(
        `${flag} ${bits}: the ${what} beat must be whole bytes (a multiple of 8), from 8 to ${roundUpToByte(bus)} bits (the ${bus}-bit bus of this tile rounded up to bytes)`,
      );
    }
  };
  check(widths.act, actBus, "--axis-act-width", "activation");
  check(widths.sum, sumBus, "--axis-sum-width", "result");
  return {
    act: widths.act,
    sum: widths.sum,
    prog: layout ? roundUpToByte(layout.hexWord.width) : 0,
    actBeats: Math.ceil(actBus / widths.act),
    sumBeats: Math.ceil(sumBus / widths.sum),
    core,
  };
}

/** The shell's ports (design.md §4.8); the programming stream only around a programmable tile. */
export function axisPorts(g: AxisGeometry) {
  return {
    aclk: input(),
    aresetn: input(),
    ...bundlePorts("s_axis_act", { tvalid: input(), tready: output(), tdata: input(uint(g.act)) }),
    ...bundlePorts("m_axis_sum", { tvalid: output(), tready: input(), tdata: output(uint(g.sum)), tlast: output() }),
    ...(g.prog > 0 ? bundlePorts("s_axis_prog", { tvalid: input(), tready: output(), tdata: input(uint(g.prog)) }) : {}),
    // The tile's sticky out-of-contract flag (design.md §4.5), passed through.
    ...(g.prog > 0 ? { prog_error: output() } : {}),
  };
}

export type AxisShellSpecs = ReturnType<typeof axisPorts>;
/** Every port a shell may have (the programming stream present). */
export type AxisProgrammableShellSpecs = AxisShellSpecs &
  Required<Pick<AxisShellSpecs, "s_axis_prog_tvalid" | "s_axis_prog_tready" | "s_axis_prog_tdata" | "prog_error">>;

/** `<tile>_axis_a<act>s<sum>`. */
export function axisShellName(tile: string, widths: AxisWidths): string {
  return `${tile}_axis_a${widths.act}s${widths.sum}`;
}

/** A counter of `n` states (0..n-1) that advances where `advance` is high; reset to 0. */
function beatCounter(m: ModuleBuilder<PortSpecs>, n: number, advance: Expr, clock: Signal, resetSignal: Signal, name: string) {
  const w = Math.max(1, clog2(n));
  const count = m.reg(uint(w), { reset: 0, clock, resetSignal, name });
  const last = m.wire(count.eq(lit(n - 1, uint(w))), { name: `${name}_last` });
  m.when(advance, () => {
    m.when(last, () => count.set(lit(0, uint(w)))).otherwise(() => count.set(count.add(lit(1, uint(w)))));
  });
  return { count, last };
}

/** The shell module around `tile` (built by `buildTile`). */
export function axisShellModule(name: string, tile: TileHardware, g: AxisGeometry) {
  const p = tile.params;
  const actBus = p.rows * p.actBits;
  return defineModule(name, axisPorts(g), (m, io) => {
    const clock = io.aclk;
    const rst = m.wire(io.aresetn.not(), { name: "rst" });
    // Typed as the programmable tile; a baked tile simply has no prog_* ports (and the shell no s_axis_prog).
    const core = m.instance(tile.top as ProgrammableTileModule, { name: "tile", connect: { clk: clock, rst } });

    // Activations: gather actBeats - 1 beats, then hand the vector to the tile with the last beat.
    const act = { valid: io.s_axis_act_tvalid, ready: io.s_axis_act_tready, data: io.s_axis_act_tdata };
    if (g.actBeats === 1) {
      core.io.in_valid.set(act.valid);
      act.ready.set(core.io.in_ready);
      core.io.in_act.set(act.data.trunc(actBus));
      if (g.act > actBus) act.data.markUnused(); // byte padding above the vector
    } else {
      const fire = m.wire(act.valid.and(act.ready), { name: "act_fire" });
      const beat = beatCounter(m, g.actBeats, fire, clock, rst, "act_beat");
      const held = m.reg(vec(uint(g.act), g.actBeats - 1), { name: "act_held", clock });
      held.forEach((h, k) => {
        m.when(fire.and(beat.count.eq(lit(k, uint(beat.count.width)))), () => h.set(act.data));
      });
      act.ready.set(mux(beat.last, core.io.in_ready, 1));
      core.io.in_valid.set(beat.last.and(act.valid));
      const vector = cat(act.data, ...[...held].reverse());
      core.io.in_act.set(vector.trunc(actBus));
      if (g.actBeats * g.act > actBus) act.data.markUnused(); // zero padding in the last beat
    }

    // Results: one beat per cycle out of the tile's result register, which holds until the last beat goes.
    const sum = { valid: io.m_axis_sum_tvalid, ready: io.m_axis_sum_tready, data: io.m_axis_sum_tdata, last: io.m_axis_sum_tlast };
    sum.valid.set(core.io.out_valid);
    const padded = core.io.out_sum.zext(g.sumBeats * g.sum);
    if (g.sumBeats === 1) {
      sum.last.set(lit(1, uint(1)));
      sum.data.set(padded);
      core.io.out_ready.set(sum.ready);
    } else {
      const fire = m.wire(sum.valid.and(sum.ready), { name: "sum_fire" });
      const beat = beatCounter(m, g.sumBeats, fire, clock, rst, "sum_beat");
      let data: Expr = padded.bits((g.sumBeats - 1) * g.sum, g.sum);
      for (let k = g.sumBeats - 2; k >= 0; k--) data = mux(beat.count.eq(lit(k, uint(beat.count.width))), padded.bits(k * g.sum, g.sum), data);
      sum.data.set(data);
      sum.last.set(beat.last);
      core.io.out_ready.set(sum.ready.and(beat.last));
    }

    // Programming: one beat per program.hex word, fields in the word's order.
    const { s_axis_prog_tvalid: progValid, s_axis_prog_tready: progReady, s_axis_prog_tdata: progData, prog_error: progError } = io;
    if (tile.layout && progValid && progReady && progData && progError) {
      const pp = programmingPorts(tile.layout);
      const Word = struct({ target: pp.prog_target.type, xbar: pp.prog_xbar.type, row: pp.prog_row.type, data: pp.prog_data.type });
      const word = Word.view(progData.trunc(Word.width));
      if (g.prog > Word.width) progData.markUnused(); // byte padding above the word
      core.io.prog_valid.set(progValid);
      progReady.set(core.io.prog_ready);
      core.io.prog_target.set(word.target);
      core.io.prog_xbar.set(word.xbar);
      core.io.prog_row.set(word.row);
      core.io.prog_data.set(word.data);
      progError.set(core.io.prog_error);
    }
  });
}

export type AxisShellModule = ReturnType<typeof axisShellModule>;
