/**
 * The functional-coverage bins of the SME tile: what a verification run should have made the hardware do, each
 * bin a condition on the tile's real signals, sampled at every rising edge (`cover property` in a monitor bound
 * into the tile, counted by Verilator). A bin that this configuration can never hit says why instead of carrying
 * a condition. Reachability assumes what `--until-covered` can do: any activation vectors and, for programmable
 * tiles, any programming image of the mode; a baked tile is held to the constants it was generated with.
 */
import { countWidth } from "../../../hw/crossbar.js";
import { type RowMapProbe, rowMapShifts, type TileProbes, tileProbes } from "../../../hw/probes.js";
import { TILE_PORTS, type TileInterface } from "../../../hw/tile-interface.js";
import { isRemapMode } from "../../../params/modes.js";
import { cellAt, type MappingPlan } from "../../../sme/index.js";

/** The bins' groups, in the order of the issue they answer. */
export const BIN_GROUPS = {
  adc: "ADC saturation",
  shift: "row-map shift used",
  step: "step (OU group, digit)",
  crossbar: "crossbar contents",
  remap: "remap row with valid = 0",
  target: "prog_target",
  backpressure: "out_ready back-pressure",
  inFlight: "programming in flight",
  vector: "vector",
} as const;
export type BinGroup = keyof typeof BIN_GROUPS;

export interface CoverBin {
  /** A Verilog identifier, unique per tile: the cover point's label in coverage.dat. */
  readonly id: string;
  readonly group: BinGroup;
  /** What the bin counts, for the table. */
  readonly label: string;
  /** The condition, in terms of the monitor's inputs; null when the bin is unreachable. */
  readonly expr: string | null;
  /** Why the bin cannot be hit in this configuration; null when it can. */
  readonly unreachable: string | null;
}

/** A signal of the tile the monitor reads: its name inside the tile and its width. */
export interface MonitorInput {
  /** The monitor's port name. */
  readonly port: string;
  /** The tile's signal (`name`, or `instance.name` inside a submodule). */
  readonly signal: string;
  readonly width: number;
}

/** The bins of a tile, and the tile signals their conditions read. */
export interface BinSet {
  readonly bins: readonly CoverBin[];
  readonly inputs: readonly MonitorInput[];
}

/** Columns are grouped into at most this many contiguous groups for the ADC-saturation bins. */
export const ADC_COLUMN_GROUPS = 8;

/** Column groups `[lo, hi)` of the ADC bins. */
export function adcColumnGroups(cols: number): { lo: number; hi: number }[] {
  const per = Math.ceil(cols / Math.min(ADC_COLUMN_GROUPS, cols));
  const out: { lo: number; hi: number }[] = [];
  for (let lo = 0; lo < cols; lo += per) out.push({ lo, hi: Math.min(cols, lo + per) });
  return out;
}

/** The largest digit a row drives: digit t of `x << shift` over every x, allowed shift and digit. */
function maxDigit(actBits: number, dacBits: number, digits: number, shifts: readonly number[]): number {
  const xmax = 2 ** actBits - 1;
  const dmask = 2 ** dacBits - 1;
  let best = 0;
  for (const sh of shifts) for (let t = 0; t < digits; t++) best = Math.max(best, Math.floor((xmax * 2 ** sh) / 2 ** (t * dacBits)) & dmask);
  return best;
}

/** Collects the monitor's inputs: each distinct tile signal becomes one port. */
class Inputs {
  private readonly byName = new Map<string, MonitorInput>();
  /** The port reading `signal` (or bit `[i]` of it, written as `name[i]`), declared on first use. */
  read(signal: string, width: number): string {
    const base = signal.replace(/\[\d+\]$/, "");
    let input = this.byName.get(base);
    if (!input) {
      input = { port: `i_${base.replace(/\./g, "__")}`, signal: base, width };
      this.byName.set(base, input);
    }
    return signal === base ? input.port : `${input.port}${signal.slice(base.length)}`;
  }
  list(): MonitorInput[] {
    return [...this.byName.values()];
  }
}

const any = (terms: readonly string[]): string => (terms.length === 0 ? "1'b0" : terms.length === 1 ? terms[0] : `(${terms.join(" || ")})`);

/**
 * The bins of `tile`. Baked tiles need their plan (what their constants hold); programmable tiles are judged
 * over every image of their mode.
 */
export function coverageBins(tile: TileInterface, plan: MappingPlan | null): BinSet {
  const p = tile.params;
  const programmable = tile.kind === "programmable";
  if (!programmable && !plan) throw new Error("internal: the coverage bins of a baked tile need its plan");
  const probes = tileProbes(tile, plan ?? undefined);
  const io = new Inputs();
  const bins: CoverBin[] = [];
  const add = (group: BinGroup, id: string, label: string, expr: string | null, unreachable: string | null = null): void => {
    bins.push({ id, group, label, expr: unreachable ? null : expr, unreachable });
  };
  const c = probes.controller;
  const step = io.read(c.step, 1);
  const K = programmable ? tile.slots : Math.max(1, plan!.crossbars.length);
  /** Slots the bins look at; for baked tiles only those holding a crossbar of the plan (the spare slot is constant 0). */
  const usedSlots = programmable ? K : plan!.crossbars.length;
  const enable = (s: number): string | null => (probes.descriptors ? io.read(`${probes.descriptors.enable}[${s}]`, tile.slots) : null);
  const enabled = (s: number, cond: string): string => {
    const en = enable(s);
    return en ? `(${en} && ${cond})` : cond;
  };

  // ADC saturation, per column group: an enabled slot's bit-line count above the ADC's full scale in a step.
  const cw = countWidth(p.rows, p.dacBits);
  const full = 2 ** p.adcBits - 1;
  const shifts = rowMapShifts(p);
  const digitMax = maxDigit(p.actBits, p.dacBits, tile.digits, shifts);
  for (const [k, g] of adcColumnGroups(p.cols).entries()) {
    const label = g.hi - g.lo === 1 ? `column ${g.lo}` : `columns ${g.lo}-${g.hi - 1}`;
    let unreachable: string | null = null;
    if (p.adcBits >= cw) unreachable = `the ADC (${p.adcBits} bits) is at least as wide as a bit-line count (${cw} bits)`;
    else if (programmable && p.ouRows * digitMax <= full) {
      unreachable = `an OU group of ${p.ouRows} rows driven with digits up to ${digitMax} counts at most ${p.ouRows * digitMax} <= ${full}`;
    } else if (!programmable) {
      const most = bakedMaxCount(tile, plan!, g.lo, g.hi);
      if (most <= full) unreachable = `the baked weights give these columns a bit-line count of at most ${most} <= ${full}`;
    }
    const terms: string[] = [];
    if (!unreachable) {
      for (let s = 0; s < usedSlots; s++) for (let j = g.lo; j < g.hi; j++) terms.push(enabled(s, `(${io.read(probes.count(s, j), cw)} > ${cw}'d${full})`));
    }
    add("adc", `adc_saturation_${k}`, label, `${step} && ${any(terms)}`, unreachable);
  }

  // Row-map shifts: a row whose entry holds the shift drove a 1 into the crossbar during a step.
  if (probes.rowMaps.length === 0) {
    add("shift", "row_map_shift", "any row map", null, `${p.mode} has no row maps (every row is driven with shift 0)`);
  }
  for (const map of probes.rowMaps) {
    const tag = map.sign !== null ? (map.sign ? "neg" : "pos") : `slot${map.slot}`;
    for (const v of shifts) {
      const id = `row_map_${tag}_shift_${v}`;
      const label = `${map.name} map, shift ${v}`;
      if (map.fixed) {
        const rows = Array.from({ length: p.rows }, (_, r) => r).filter((r) => map.fixed!.valid[r] && map.fixed!.shift[r] === v);
        if (rows.length === 0) {
          add("shift", id, label, null, `no valid row of the baked ${map.name} map has shift ${v}`);
          continue;
        }
        add("shift", id, label, `${step} && ${any(rows.map((r) => driven(io, map, r)))}`);
        continue;
      }
      const stored = p.mode === "squeeze" ? (v === 0 ? 0 : 1) : v;
      const rows = Array.from({ length: p.rows }, (_, r) => {
        const entry = io.read(map.entry!(r), entryWidth(map));
        const holds = `(${field(entry, map.shift)} == ${map.shift.width}'d${stored})`;
        const valid = map.valid ? ` && ${field(entry, map.valid)}` : "";
        return `(${holds}${valid} && ${driven(io, map, r)})`;
      });
      add("shift", id, label, `${step} && ${mapInUse(io, probes, map, tile.slots)} && ${any(rows)}`);
    }
  }

  // Every (OU group, digit) step of the controller.
  const groups = p.rows / p.ouRows;
  const digit = io.read(c.digit, c.digitWidth);
  const group = c.group ? io.read(c.group, c.groupWidth) : null;
  for (let g = 0; g < groups; g++) {
    for (let t = tile.digits - 1; t >= 0; t--) {
      const onGroup = group ? ` && ${group} == ${c.groupWidth}'d${g}` : "";
      add("step", `step_group_${g}_digit_${t}`, `group ${g}, digit ${t}`, `${step}${onGroup} && ${digit} == ${c.digitWidth}'d${t}`);
    }
  }

  // Empty and full crossbars in use during a step.
  for (const kind of ["empty", "full"] as const) {
    const id = `crossbar_${kind}`;
    const label = kind === "empty" ? "an enabled crossbar with no cell set" : "an enabled crossbar with every cell set";
    if (programmable) {
      const terms = Array.from({ length: K }, (_, s) => {
        const cells = probes.cells(s)!.map((cell) => io.read(cell.signal, cell.width));
        return enabled(s, kind === "empty" ? `~|{${cells.join(", ")}}` : `&{${cells.join(", ")}}`);
      });
      add("crossbar", id, label, `${step} && ${any(terms)}`);
    } else {
      const found = bakedSlots(plan!, K).some((cells) => (kind === "empty" ? cells.every((b) => b === 0) : cells.every((b) => b === 1)));
      add("crossbar", id, label, step, found ? null : `no crossbar of the baked plan is ${kind === "empty" ? "empty" : "full (every cell set)"}`);
    }
  }

  // Remap rows whose valid bit is 0, in an enabled crossbar during a step.
  if (!isRemapMode(p.mode)) add("remap", "remap_invalid_row", "a row with valid = 0", null, "only remap (and budget) store a valid bit per row");
  else if (programmable) {
    const terms = probes.rowMaps.map((map) =>
      enabled(map.slot!, any(Array.from({ length: p.rows }, (_, r) => `!${field(io.read(map.entry!(r), entryWidth(map)), map.valid!)}`))),
    );
    add("remap", "remap_invalid_row", "a row with valid = 0", `${step} && ${any(terms)}`);
  } else {
    const found = plan!.crossbars.some((xb) => xb.rowValid.some((v) => v === 0));
    add("remap", "remap_invalid_row", "a row with valid = 0", step, found ? null : "every row of the baked crossbars is valid");
  }

  // Programming: each target taken, and prog_valid raised while a vector is in flight.
  const targets = ["cell row", "row-map entry", "crossbar descriptor", "ignored"];
  if (programmable) {
    const fire = `${io.read(TILE_PORTS.program.valid, 1)} && ${io.read(TILE_PORTS.program.ready, 1)}`;
    const target = io.read(TILE_PORTS.program.data[0], 2);
    for (const [t, what] of targets.entries()) add("target", `prog_target_${t}`, `target ${t} (${what})`, `${fire} && ${target} == 2'd${t}`);
    add("inFlight", "prog_valid_in_flight", "prog_valid while a vector is in flight", `${io.read(TILE_PORTS.program.valid, 1)} && ${io.read(c.busy, 1)}`);
  } else {
    for (const [t, what] of targets.entries()) add("target", `prog_target_${t}`, `target ${t} (${what})`, null, "a baked tile has no programming port");
    add("inFlight", "prog_valid_in_flight", "prog_valid while a vector is in flight", null, "a baked tile has no programming port");
  }

  // The result is ready on the last step but the consumer holds out_ready low.
  add(
    "backpressure",
    "out_ready_low_last_step",
    "out_ready low while the last step waits",
    `${io.read(c.last, 1)} && ${io.read(c.holding, 1)} && !${io.read(TILE_PORTS.output.ready, 1)}`,
  );

  // All-zero and all-one vectors accepted.
  const actWidth = p.rows * p.actBits;
  const accept = io.read(c.accept, 1);
  const act = io.read(TILE_PORTS.input.data, actWidth);
  add("vector", "vector_all_zero", "all-zero vector accepted", `${accept} && ${act} == ${actWidth}'d0`);
  add("vector", "vector_all_one", "all-one vector accepted", `${accept} && &${act}`);

  return { bins, inputs: io.list() };
}

/** Whether a row map drives a crossbar in use: an enabled slot of its sign (per-sign maps), its slot enabled (remap). */
function mapInUse(io: Inputs, probes: TileProbes, map: RowMapProbe, slots: number): string {
  const d = probes.descriptors!;
  if (map.slot !== null) return io.read(`${d.enable}[${map.slot}]`, slots);
  const enable = io.read(d.enable, slots);
  const sign = io.read(d.sign, slots);
  return `|(${enable} & ${map.sign ? sign : `~${sign}`})`;
}

/** Row r of a map drives a 1 on some DAC plane. */
function driven(io: Inputs, map: RowMapProbe, r: number): string {
  return any(map.drive(r).map((d) => `${io.read(d.signal, d.width)}[${d.bit}]`));
}

function entryWidth(map: RowMapProbe): number {
  return Math.max(map.shift.offset + map.shift.width, map.valid ? map.valid.offset + map.valid.width : 0);
}

function field(entry: string, f: { offset: number; width: number }): string {
  return f.width === 1 ? `${entry}[${f.offset}]` : `${entry}[${f.offset + f.width - 1}:${f.offset}]`;
}

/** Each baked slot's cells, row-major (the spare slot of a plan without crossbars holds none). */
function bakedSlots(plan: MappingPlan, slots: number): number[][] {
  return Array.from({ length: slots }, (_, s) => {
    const xb = plan.crossbars[s];
    const cells: number[] = [];
    for (let r = 0; r < plan.rows; r++) for (let j = 0; j < plan.cols; j++) cells.push(xb ? cellAt(plan, xb, r, j) : 0);
    return cells;
  });
}

/** The largest bit-line count any baked crossbar can give a column in [lo, hi): set cells of valid rows times their largest digit. */
function bakedMaxCount(tile: TileInterface, plan: MappingPlan, lo: number, hi: number): number {
  const p = tile.params;
  let most = 0;
  for (const xb of plan.crossbars) {
    for (let g = 0; g < p.rows / p.ouRows; g++) {
      for (let t = 0; t < tile.digits; t++) {
        for (let j = lo; j < hi; j++) {
          let count = 0;
          for (let r = g * p.ouRows; r < (g + 1) * p.ouRows; r++) {
            if (xb.rowValid[r] && cellAt(plan, xb, r, j)) count += digitAt(p.actBits, p.dacBits, xb.rowShift[r], t);
          }
          most = Math.max(most, count);
        }
      }
    }
  }
  return most;
}

/** Digit t of the largest driven value `(2^A - 1) << shift`. */
function digitAt(actBits: number, dacBits: number, shift: number, t: number): number {
  return Math.floor(((2 ** actBits - 1) * 2 ** shift) / 2 ** (t * dacBits)) & (2 ** dacBits - 1);
}
