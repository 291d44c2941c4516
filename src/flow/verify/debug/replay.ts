/**
 * The first mismatch, replayed with waves: the simulator that produced it is gone, but every run is seeded, so
 * the same programming and the same vectors with the same stalls are sent again to a traced build of the design,
 * from reset up to the failing vector, and written to `first-mismatch.fst` with a GTKWave save file that opens on
 * the signals that explain the failing column (docs/debug.md).
 */
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { countWidth } from "../../../hw/crossbar.js";
import { openTile, programWhileBusy, type RawTransfer, startVectors } from "../../../hw/host.js";
import { resultColumns } from "../../../hw/payloads.js";
import { tileProbes } from "../../../hw/probes.js";
import type { TileInterface } from "../../../hw/tile-interface.js";
import type { CyclePattern, VerilogFile } from "../../../sim/index.js";
import { cellAt, type MappingPlan, outputWidth } from "../../../sme/index.js";
import { sourceLength, sourceVectors } from "../activations.js";
import type { Mismatch } from "../compare.js";
import { shardSplit } from "../shards.js";
import { type ShardJob, splitBlocks } from "../sim-shard.js";
import { renderSaveFile, type Trace, type TraceGroup, traceName } from "./gtkw.js";

/** Wave time per clock cycle: the simulator driver steps time by 10 per cycle, rising edges at multiples of 10. */
export const TIME_PER_CYCLE = 10;
/** How long before a rising edge the waves show the values it samples (the driver's settle after the fall at +5). */
export const SAMPLED_BEFORE_EDGE = 4;

/** File names of the replay in the output folder. */
export const REPLAY_FILES = { waves: "first-mismatch.fst", saveFile: "first-mismatch.gtkw" } as const;

/** What to send again, from reset, to reach the failing output. */
export interface ReplayScript {
  /** Transfers sent after reset (programmable tiles), or none. */
  readonly program: readonly RawTransfer[] | null;
  /** A vector in flight while the programming starts (the coverage rounds program that way). */
  readonly lead?: ArrayLike<number>;
  /** Stream requests, as the run sent them; the last vector of the last one is the failing vector. */
  readonly blocks: readonly { readonly vectors: readonly ArrayLike<number>[]; readonly backpressure: CyclePattern }[];
  /** Index (in the run, as the mismatch report counts) of the first vector replayed. */
  readonly firstVector: number;
  /** The slots holding the plan's crossbars, in plan order (the enabled slots). */
  readonly slots: readonly number[];
  /** What the tile held: the plan the golden model ran. */
  readonly plan: MappingPlan;
}

export interface ReplayReport {
  /** Absolute paths of the wave file and the GTKWave save file. */
  readonly waves: string;
  readonly saveFile: string;
  /**
   * Wave time at which the failing result sits on `out_sum` with `out_valid` and `out_ready` high: what the
   * rising edge at `time + 4` samples (it takes the result).
   */
  readonly time: number;
  /** The vectors replayed (indices in the run) after reset and programming. */
  readonly vectors: { readonly first: number; readonly last: number };
  /** Whether the replay produced the same wrong value in the failing column. */
  readonly reproduced: boolean;
  /** The failing column's value in the replay. */
  readonly observed: number;
}

/**
 * The replay of a mismatch of the main run: the shard that checked the vector started from reset and its
 * programming, and streamed blocks (the first one with random `out_ready` stalls). The window holds the `before`
 * vectors ahead of the failing one; if it starts inside a block with stalls it is widened to that block's start,
 * since the stall pattern is a function of the cycle within its block.
 */
export function mainRunScript(
  job: Pick<ShardJob, "vectors" | "blockSize" | "firstBlock" | "program">,
  jobs: number,
  m: Mismatch,
  before: number,
  plan: MappingPlan,
): ReplayScript {
  const n = sourceLength(job.vectors);
  const { per } = shardSplit(n, jobs);
  const s0 = Math.floor(m.vector / per) * per;
  const s1 = Math.min(n, s0 + per);
  const blocks = splitBlocks(s1 - s0, job.blockSize, job.firstBlock).map((b) => ({ ...b, start: b.start + s0, end: b.end + s0 }));
  let start = Math.max(s0, m.vector - before);
  const opening = blocks.find((b) => b.start <= start && start < b.end)!;
  if (opening.backpressure !== "always") start = opening.start;
  const pieces = blocks
    .filter((b) => b.end > start && b.start <= m.vector)
    .map((b) => ({ vectors: sourceVectors(job.vectors, Math.max(start, b.start), Math.min(m.vector + 1, b.end)), backpressure: b.backpressure }));
  return {
    program: job.program?.transfers ?? null,
    blocks: pieces,
    firstVector: start,
    slots: plan.crossbars.map((_, s) => s),
    plan,
  };
}

/** Replays `script` on a traced build and writes the waves and the save file into `outDir`. */
export async function replayMismatch(
  tile: TileInterface,
  files: readonly VerilogFile[],
  m: Mismatch,
  script: ReplayScript,
  outDir: string,
): Promise<ReplayReport> {
  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true });
  const tmp = await mkdtemp(join(dir, ".replay-"));
  try {
    const { dut } = await openTile(tile, files, script.lead || !script.program ? null : { transfers: script.program }, {
      waves: { format: "fst", dir: tmp, name: "first-mismatch" },
    });
    let last = "";
    let cycles = 0;
    try {
      if (script.lead && script.program) await programWhileBusy(dut, tile, script.lead, script.program);
      for (const b of script.blocks) {
        const r = await startVectors(dut, tile, b.vectors, { backpressure: b.backpressure }).collect();
        last = r.outputs[r.outputs.length - 1];
      }
      cycles = dut.cycle;
    } finally {
      await dut.close();
    }
    const observed = resultColumns(tile, last)[m.column];
    // The run ends at the rising edge that took the failing result, the n-th edge, at time 10 n. The driver
    // settles the cycle's inputs one time unit after the falling edge (10 n - 4): from then until the edge the
    // waves show what the edge sampled, out_valid and out_ready high and the failing result on out_sum.
    const time = cycles * TIME_PER_CYCLE - SAMPLED_BEFORE_EDGE;
    const waves = join(dir, REPLAY_FILES.waves);
    const saveFile = join(dir, REPLAY_FILES.saveFile);
    const vectorCycles = tile.cyclesPerVector + 2;
    const text = renderSaveFile({
      dumpfile: waves,
      savefile: saveFile,
      timeStart: time - 4 * vectorCycles * TIME_PER_CYCLE,
      marker: time,
      groups: traceGroups(tile, m, script),
    });
    await writeFile(join(tmp, REPLAY_FILES.saveFile), text);
    await rename(join(tmp, REPLAY_FILES.waves), waves);
    await rename(join(tmp, REPLAY_FILES.saveFile), saveFile);
    const vectors = script.blocks.reduce((a, b) => a + b.vectors.length, 0);
    return {
      waves,
      saveFile,
      time,
      vectors: { first: script.firstVector, last: script.firstVector + vectors - 1 },
      reproduced: observed === m.observed,
      observed,
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Most rows of the failing column shown with their activations and row-map entries. */
const MAX_ROWS_SHOWN = 16;

/** The signals that explain column `m.column`, grouped as the save file shows them. */
export function traceGroups(tile: TileInterface, m: Mismatch, script: Pick<ReplayScript, "slots" | "plan">): TraceGroup[] {
  const p = tile.params;
  const probes = tileProbes(tile, tile.kind === "baked" ? script.plan : undefined);
  const scope = `top.${tile.name}`;
  const width = (name: string) => tile.ports.find((q) => q.name === name)?.width ?? 1;
  const j = m.column;
  const OW = outputWidth(p);
  const cw = countWidth(p.rows, p.dacBits);
  const c = probes.controller;
  const t = (signal: string, w: number, radix: Trace["radix"]): Trace => ({ name: traceName(scope, signal, w), radix });

  const handshakes = probes.handshakes.map((name) => t(name, width(name), width(name) > 1 ? "hex" : "bin"));
  const controller = [
    t(c.digit, c.digitWidth, "dec"),
    ...(c.group ? [t(c.group, c.groupWidth, "dec")] : []),
    ...[c.accept, c.step, c.first, c.newDigit, c.capture, c.busy, c.last, c.holding].map((s) => t(s, 1, "bin")),
  ];
  const column: Trace[] = [
    {
      name: traceName(scope, "out_sum", width("out_sum")),
      radix: "signed",
      slice: { hi: (j + 1) * OW - 1, lo: j * OW, width: width("out_sum"), alias: `y[${j}]` },
    },
    t(probes.next(j), OW, "signed"),
    t(probes.acc(j), OW, "signed"),
  ];
  const slots: Trace[] = script.slots.flatMap((s) => [
    t(probes.count(s, j), cw, "dec"),
    t(probes.code(s, j), p.adcBits, "dec"),
    ...(probes.descriptors && tile.layout ? [t(probes.descriptors.descriptor(s), descriptorWidth(tile), "hex")] : []),
  ]);

  // Rows with a set cell in the failing column of some crossbar, those with a non-zero input first.
  const rows = new Map<number, Set<number>>();
  script.plan.crossbars.forEach((xb, k) => {
    for (let r = 0; r < p.rows; r++) {
      if (!xb.rowValid[r] || !cellAt(script.plan, xb, r, j)) continue;
      if (!rows.has(r)) rows.set(r, new Set());
      rows.get(r)!.add(k);
    }
  });
  const x = m.input;
  const shown = [...rows.keys()]
    .sort((a, b) => Number(x[b] === 0) - Number(x[a] === 0) || a - b)
    .slice(0, MAX_ROWS_SHOWN)
    .sort((a, b) => a - b);
  const rowTraces: Trace[] = [];
  for (const r of shown) {
    const act = probes.act(r);
    if (act) rowTraces.push(t(act, p.actBits, "dec"));
    for (const map of probes.rowMaps) {
      const uses = [...rows.get(r)!].some((k) => {
        const xb = script.plan.crossbars[k];
        return map.sign !== null ? (xb.sign === -1 ? 1 : 0) === map.sign : script.slots[k] === map.slot;
      });
      if (uses && map.entry) rowTraces.push(t(map.entry(r), entryWidth(map), "hex"));
    }
  }
  return [
    { title: "handshakes", traces: handshakes },
    { title: "controller: digit, group, steps", traces: controller },
    { title: `column ${j}: result, accumulator`, traces: column },
    { title: `column ${j}: bit-line count and ADC code per crossbar`, traces: slots },
    { title: `column ${j}: rows with a set cell (activation, row-map entry)`, traces: rowTraces },
  ];
}

function descriptorWidth(tile: TileInterface): number {
  return Math.max(...tile.layout!.target2.map((f) => f.offset + f.width));
}

function entryWidth(map: { readonly shift: { offset: number; width: number }; readonly valid: { offset: number; width: number } | null }): number {
  return Math.max(map.shift.offset + map.shift.width, map.valid ? map.valid.offset + map.valid.width : 0);
}
