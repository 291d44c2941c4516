/**
 * Whole layers through the RTL (`sme verify --all-tiles`, `--layers`, `--all-layers`): one Verilator build of
 * the programmable tile serves every tile of every layer. Each tile is programmed in turn through `prog_*`,
 * its slice of every input vector is streamed and every output is compared with the golden tile model bit for
 * bit; the row tiles' outputs are added up digitally into the layer's integer outputs, which are checked
 * against the integer product of the layer's mapped codes and against the float layer.
 */
import type { TileInterface } from "../../hw/tile-interface.js";
import { isAdcLossless, quantizeMatrix, tileGrid, type ScaleMode, type WeightMatrix } from "../../sme/index.js";
import { mapLayerCodes } from "../../sme/layer-mapping.js";
import type { VerilogFile } from "../../sim/index.js";
import type { Mismatch } from "../verify/compare.js";
import { lintAndBuild, type VerifyOptions, type VerifyReport } from "../verify/verify.js";
import type { LayerInputs } from "./inputs.js";
import { checkLayer, type LayerCheck } from "./layer-check.js";
import type { InputLoader } from "./sources.js";
import { openSimulators, type SimulatorGroup } from "./simulator-pool.js";
import type { UnitResult, UnitRunOptions } from "./tile-simulator.js";
import { accumulateUnit, layerUnits, sequenceItem, type TileUnit } from "./tile-units.js";

/** The design every tile runs on: a programmable tile's Verilog, on disk (for lint) and in memory. */
export interface LayerRunTarget {
  readonly name: string;
  readonly tile: TileInterface;
  readonly files: readonly VerilogFile[];
  readonly verilogPaths: readonly string[];
}

export interface LayerToVerify {
  readonly matrix: WeightMatrix;
  readonly load: InputLoader;
}

/** A deliberate error in the golden tile model's outputs (tests of the mismatch path): layer, tile, sequence position, column. */
export interface LayerTamper {
  readonly layer: number;
  readonly tileRow: number;
  readonly tileCol: number;
  readonly sequence: number;
  readonly column: number;
  readonly delta: number;
}

export interface LayersRunOptions {
  readonly scale: ScaleMode;
  /** Simulators the tiles are shared over, each programming its own. */
  readonly jobs: number;
  /** Vectors per stream request (default 256). */
  readonly blockSize?: number;
  readonly onStage?: VerifyOptions["onStage"];
  /** Called as each layer is done (for a progress line). */
  readonly onLayer?: (done: number, total: number, layer: LayerReport) => void;
  readonly tamper?: readonly LayerTamper[];
}

/** The first tile output that differs from the golden tile model, located in the layer. */
export interface LayerMismatch extends Mismatch {
  readonly layer: string;
  /** `[row, column]` of the tile in the kernel's grid. */
  readonly tile: readonly [number, number];
  readonly pass: "positive" | "negative";
  /** The layer's input vector (depthwise: output position); `vector` of `Mismatch` is this too. */
  readonly vector: number;
  /** Depthwise: the layer column whose patch was streamed. */
  readonly patchColumn: number | null;
  /** Position in the tile's sequence of streamed vectors. */
  readonly sequence: number;
}

export interface LayerReport {
  readonly name: string;
  readonly kind: WeightMatrix["kind"];
  readonly fanIn: number;
  readonly fanOut: number;
  readonly tileRows: number;
  readonly tileCols: number;
  readonly source: string;
  /** Input vectors (depthwise: positions) verified, and how many the source held. */
  readonly vectors: number;
  readonly available: number;
  /** 2 when the input can be negative: positive and negative parts streamed, subtracted digitally. */
  readonly passes: 1 | 2;
  /** Vectors streamed through tiles, summed over tiles and passes, and tile outputs compared (`C` each). */
  readonly tileVectors: number;
  readonly outputsCompared: number;
  /** Streamed vectors with at least one column that differs from the golden tile model. */
  readonly mismatches: number;
  readonly firstMismatch: LayerMismatch | null;
  /** Physical crossbars the tiles' mappings use, summed over tiles. */
  readonly crossbars: number;
  readonly programTransfers: number;
  readonly programCycles: number;
  /** Summed over simulators: programming wall time, streaming and checking wall time. */
  readonly programMs: number;
  readonly streamMs: number;
  /** The layer's simulation from first programming to last check, wall time. */
  readonly wallMs: number;
  /** The row tiles' summed outputs against the layer's integer product and the float layer. */
  readonly check: LayerCheck;
  /** Whether the ADC is lossless (then the summed partial sums must equal the integer product). */
  readonly lossless: boolean;
}

export interface LayersReport extends Pick<VerifyReport, "design" | "lint" | "build"> {
  readonly layers: readonly LayerReport[];
  readonly simulators: number;
  /** Host threads driving them (this one, plus a worker per further pair). */
  readonly threads: number;
  readonly totals: {
    readonly tiles: number;
    readonly tileVectors: number;
    readonly outputsCompared: number;
    readonly mismatches: number;
    /** Layers whose summed partial sums differ from the integer product although the ADC is lossless. */
    readonly productFailures: number;
    readonly programCycles: number;
    readonly programMs: number;
    readonly streamMs: number;
    /** Simulation of every layer, wall time (after the build). */
    readonly simulateMs: number;
    /** The whole run from lint to the last check, wall time. */
    readonly wallMs: number;
    /** CPU time of this process (host threads; the simulators are separate processes). */
    readonly hostCpuMs: number;
  };
  readonly firstMismatch: LayerMismatch | null;
}

/** Programming a tile costs about as much simulator time as this many vectors (its transfers take a cycle each). */
const PROGRAM_COST_VECTORS = 150;

/** Spreads units over simulators, each to the one with the least work so far (tiles of a layer cost alike). */
function assign(units: readonly TileUnit[], simulators: number): number[][] {
  const load = new Array<number>(simulators).fill(0);
  const lists: number[][] = Array.from({ length: simulators }, () => []);
  units.forEach((u, k) => {
    let best = 0;
    for (let s = 1; s < simulators; s++) if (load[s]! < load[best]!) best = s;
    lists[best]!.push(k);
    load[best]! += u.count + PROGRAM_COST_VECTORS;
  });
  return lists;
}

/** The mismatch of unit `u`'s result located in its layer. */
function locate(name: string, unit: TileUnit, first: Mismatch, inputs: LayerInputs, tile: TileInterface): LayerMismatch {
  const sequence = unit.first + first.vector;
  const item = sequenceItem(inputs, tile.params, unit.tileCol, sequence);
  return {
    ...first,
    layer: name,
    tile: [unit.tileRow, unit.tileCol],
    pass: item.pass === 0 ? "positive" : "negative",
    vector: item.vector,
    patchColumn: item.column,
    sequence,
  };
}

/** Verifies `layers` on `target` (built once), `o.jobs` simulators sharing the tiles. */
export async function verifyLayers(target: LayerRunTarget, layers: readonly LayerToVerify[], o: LayersRunOptions): Promise<LayersReport> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const { lint, build } = await lintAndBuild(target, o.onStage);
  const tile = target.tile;
  const jobs = Math.max(1, o.jobs);
  o.onStage?.(
    "simulate",
    `${layers.length} layer(s) on ${jobs} simulator(s): every tile programmed in turn, every output checked against the golden tile model`,
  );
  const reports: LayerReport[] = [];
  const tSim = performance.now();
  const groups = await openSimulators(tile, target.files, jobs);
  try {
    for (let l = 0; l < layers.length; l++) {
      const r = await verifyLayer(l, layers[l]!, groups, tile, o);
      reports.push(r);
      o.onLayer?.(l + 1, layers.length, r);
    }
  } finally {
    await Promise.all(groups.map((g) => g.close().catch(() => undefined)));
  }
  const simulateMs = performance.now() - tSim;
  const sum = (f: (r: LayerReport) => number): number => reports.reduce((a, r) => a + f(r), 0);
  const cpu = process.cpuUsage(cpu0);
  return {
    design: target.name,
    lint,
    build,
    layers: reports,
    simulators: jobs,
    threads: groups.length,
    totals: {
      tiles: sum((r) => r.tileRows * r.tileCols),
      tileVectors: sum((r) => r.tileVectors),
      outputsCompared: sum((r) => r.outputsCompared),
      mismatches: sum((r) => r.mismatches),
      productFailures: reports.filter((r) => r.lossless && r.check.differing > 0).length,
      programCycles: sum((r) => r.programCycles),
      programMs: sum((r) => r.programMs),
      streamMs: sum((r) => r.streamMs),
      simulateMs,
      wallMs: performance.now() - t0,
      hostCpuMs: (cpu.user + cpu.system) / 1000,
    },
    firstMismatch: reports.find((r) => r.firstMismatch !== null)?.firstMismatch ?? null,
  };
}

async function verifyLayer(
  index: number,
  layer: LayerToVerify,
  groups: readonly SimulatorGroup[],
  tile: TileInterface,
  o: LayersRunOptions,
): Promise<LayerReport> {
  const p = tile.params;
  const w = layer.matrix;
  const inputs = await layer.load();
  const t0 = performance.now();
  const q = quantizeMatrix(w, { weightBits: p.weightBits, window: p.window, scale: o.scale });
  const { tileRows, tileCols } = tileGrid(w.rows, w.cols, p.rows, p.cols);
  const simulators = groups.reduce((n, g) => n + g.size, 0);
  const parts = Math.ceil(simulators / (tileRows * tileCols));
  const units = layerUnits(index, q, inputs, p, p.actBits, parts);
  const lists = assign(units, simulators);
  const runOptions = (list: readonly number[]): UnitRunOptions => {
    const tamper = (o.tamper ?? []).flatMap((t) => {
      if (t.layer !== index) return [];
      const at = list.findIndex((k) => {
        const u = units[k]!;
        return u.tileRow === t.tileRow && u.tileCol === t.tileCol && t.sequence >= u.first && t.sequence < u.first + u.count;
      });
      return at < 0 ? [] : [{ unit: at, vector: t.sequence - units[list[at]!]!.first, column: t.column, delta: t.delta }];
    });
    return {
      blockSize: o.blockSize ?? 256,
      firstBlock: { size: 64, backpressure: { random: 0.6, seed: 7 + index } },
      ...(tamper.length > 0 ? { tamper } : {}),
    };
  };
  const results = new Array<UnitResult>(units.length);
  // Each group takes the next `g.size` simulators' lists.
  const starts = groups.map((_, k) => groups.slice(0, k).reduce((n, g) => n + g.size, 0));
  await Promise.all(
    groups.map(async (g, k) => {
      const mine = lists.slice(starts[k]!, starts[k]! + g.size);
      const rs = await g.run(
        mine.map((list) => list.map((u) => units[u]!)),
        mine.map(runOptions),
      );
      for (let s = 0; s < rs.length; s++) {
        for (let j = 0; j < rs[s]!.length; j++) results[mine[s]![j]!] = rs[s]![j]!;
      }
    }),
  );
  const wallMs = performance.now() - t0;
  const acc = new Float64Array(inputs.count * inputs.fanOut);
  let firstMismatch: LayerMismatch | null = null;
  units.forEach((u, k) => {
    const r = results[k]!;
    accumulateUnit(acc, u, r.columns, inputs, p);
    if (r.first && firstMismatch === null) firstMismatch = locate(w.name, u, r.first, inputs, tile);
  });
  const mapped = mapLayerCodes(q, p);
  const check = checkLayer(acc, inputs, mapped.mappedCodes, q.delta, w);
  const sum = (f: (r: UnitResult) => number): number => results.reduce((a, r) => a + f(r), 0);
  const tileVectors = sum((r) => r.checked);
  // Crossbars and transfers once per tile, though a tile split over simulators is programmed by each.
  const perTile = new Map(units.map((u, k) => [`${u.tileRow},${u.tileCol}`, results[k]!]));
  return {
    name: w.name,
    kind: w.kind,
    fanIn: w.rows,
    fanOut: w.cols,
    tileRows,
    tileCols,
    source: inputs.source,
    vectors: inputs.count,
    available: inputs.available,
    passes: inputs.negative ? 2 : 1,
    tileVectors,
    outputsCompared: tileVectors * p.cols,
    mismatches: sum((r) => r.mismatches),
    firstMismatch,
    crossbars: [...perTile.values()].reduce((a, r) => a + r.crossbars, 0),
    programTransfers: sum((r) => r.programTransfers),
    programCycles: sum((r) => r.programCycles),
    programMs: sum((r) => r.programMs),
    streamMs: sum((r) => r.streamMs),
    wallMs,
    check,
    lossless: isAdcLossless(p),
  };
}
