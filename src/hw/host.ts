/**
 * The host side of a simulated tile: build and start its simulator, reset it, program it and stream
 * activation vectors through it, with port names and cycle budgets taken from the tile's own description.
 * Streaming runs over `dut.stream` / `dut.streamStart` (the handshake runs inside the simulator), with hex
 * payloads so that no BigInt is built per vector.
 */
import { buildSimulator, simulate, type CoverageKind, type CyclePattern, type Dut, type SimDesign, type StreamRun, type VerilogFile, type WaveFormat } from "../sim/index.js";
import { UserError } from "../util/errors.js";
import type { BakedTilePorts, ProgrammableTilePorts } from "./build.js";
import { programPayloads, unpackResults, vectorHex, type RawTransfer, type TransferList } from "./payloads.js";
import { TILE_PORTS, type TileInterface } from "./tile-interface.js";

/** A simulated tile of either kind (what streaming needs). */
export type TileDut = Dut<BakedTilePorts>;
export type { RawTransfer, TransferList };
/** A simulated programmable tile (what programming needs). */
export type ProgrammableTileDut = Dut<ProgrammableTilePorts>;

/**
 * The simulator's view of a tile: its Verilog and its ports. Typed with the programmable port shape so one
 * handle type serves both kinds; a baked tile simply has no `prog_*` ports, and `openTile` refuses to
 * program one.
 */
export function tileSimDesign(tile: TileInterface, files: readonly VerilogFile[]): SimDesign<ProgrammableTilePorts> {
  return { top: tile.name, files, ports: tile.ports };
}

export interface OpenTileOptions {
  /** Milliseconds the simulator may take to answer before it counts as hung (default: `simulate`'s). */
  readonly timeoutMs?: number;
  /** Extra Verilator flags (part of the build cache key). */
  readonly buildFlags?: readonly string[];
  /**
   * Write waves from the start (a traced build): `<dir>/<name>.<format>`. Without it no waves are written (the
   * `WAVES` variable of vitest runs does not apply to tiles opened here).
   */
  readonly waves?: { readonly format: WaveFormat; readonly dir: string; readonly name: string };
  /** Build with Verilator's coverage of these kinds (write the counts with `writeCoverage(dut, path)`). */
  readonly coverage?: readonly CoverageKind[];
}

/** Builds (or finds in the cache) the tile's Verilator model, exactly as {@link openTile} will use it. */
export async function buildTileModel(
  tile: TileInterface,
  files: readonly VerilogFile[],
  options: Pick<OpenTileOptions, "buildFlags" | "coverage"> & { readonly waves?: WaveFormat } = {},
): Promise<{ ms: number; cached: boolean }> {
  const t0 = performance.now();
  const built = await buildSimulator(tileSimDesign(tile, files), {
    clock: TILE_PORTS.clock,
    ...(options.buildFlags ? { extraFlags: options.buildFlags } : {}),
    ...(options.waves ? { waves: options.waves } : {}),
    ...(options.coverage?.length ? { coverage: options.coverage } : {}),
  });
  return { ms: performance.now() - t0, cached: built.cached };
}

/**
 * Starts a simulator of the tile and resets it; a programmable tile then gets `program` through `prog_*`.
 * Returns the handle and the cycles the programming took (0 without a program).
 */
export async function openTile(tile: TileInterface, files: readonly VerilogFile[], program: TransferList | null, options: OpenTileOptions = {}): Promise<{ dut: TileDut; programCycles: number }> {
  if (program && tile.kind !== "programmable") throw new UserError(`${tile.name} is a baked tile: it has no programming port`);
  const dut = await simulate(tileSimDesign(tile, files), {
    clock: TILE_PORTS.clock,
    waves: options.waves?.format ?? false,
    ...(options.waves ? { wavesDir: options.waves.dir, name: options.waves.name } : {}),
    ...(options.coverage?.length ? { coverage: options.coverage } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.buildFlags ? { build: { extraFlags: options.buildFlags } } : {}),
  });
  try {
    await dut.reset({ port: TILE_PORTS.reset });
    const programCycles = program ? await programTile(dut, tile, program) : 0;
    return { dut, programCycles };
  } catch (err) {
    await dut.close().catch(() => undefined);
    throw err;
  }
}

/**
 * Cycles allowed for `transfers` programming transfers: the tile takes one per cycle while idle (`prog_ready`
 * is low only while a vector is in flight), plus a vector's worth of waiting and a margin.
 */
export function programCycleBudget(tile: TileInterface, transfers: number): number {
  return 2 * transfers + tile.cyclesPerVector + tile.latency + 1000;
}

/**
 * Cycles allowed for streaming `vectors` vectors: each takes `cyclesPerVector` back to back; the budget
 * allows the latency and handshake slack per vector, eight times that when either side stalls at random.
 */
export function streamCycleBudget(tile: TileInterface, vectors: number, stalls: boolean): number {
  return vectors * (tile.cyclesPerVector + tile.latency + 8) * (stalls ? 8 : 1) + 1000;
}

/** Sends every transfer of `image` (the tile must be idle). Returns the cycles it took. */
export async function programTile(dut: ProgrammableTileDut, tile: TileInterface, image: TransferList): Promise<number> {
  if (image.transfers.length === 0) return 0;
  const r = await dut.stream({
    input: TILE_PORTS.program,
    output: TILE_PORTS.output,
    payloads: programPayloads(image),
    expect: 0,
    maxCycles: programCycleBudget(tile, image.transfers.length),
  });
  return r.cycles;
}

/**
 * Programs the tile while a vector is in flight: `lead` is accepted first, then `transfers` are offered at once,
 * so `prog_valid` rises while the tile is busy (it takes the first transfer once the vector is done). Returns
 * the lead vector's C signed results (computed with what the tile held before) and the cycles of the whole
 * sequence.
 */
export async function programWhileBusy(
  tileDut: TileDut,
  tile: TileInterface,
  lead: ArrayLike<number>,
  transfers: readonly RawTransfer[],
): Promise<{ lead: bigint[]; cycles: number }> {
  if (tile.kind !== "programmable") throw new UserError(`${tile.name} is a baked tile: it has no programming port`);
  if (transfers.length === 0) throw new RangeError("programWhileBusy: no transfers to send");
  const dut = tileDut as unknown as ProgrammableTileDut;
  // expect 0: the run ends at the edge that accepts the lead vector, leaving it in flight.
  const accepted = await dut.stream({
    input: TILE_PORTS.input,
    output: TILE_PORTS.output,
    payloads: [vectorHex(lead, tile.params.actBits)],
    expect: 0,
    maxCycles: streamCycleBudget(tile, 1, false),
  });
  // The lead vector's result comes out while the transfers go in: the run waits for it.
  const programmed = await dut.stream({
    input: TILE_PORTS.program,
    output: TILE_PORTS.output,
    payloads: programPayloads({ transfers }),
    expect: 1,
    maxCycles: programCycleBudget(tile, transfers.length),
  });
  return { lead: unpackResults(tile, programmed.outputs[0]), cycles: accepted.cycles + programmed.cycles };
}

export interface StreamVectorsOptions {
  /** When `in_valid` is offered (default always). */
  readonly inputPattern?: CyclePattern;
  /** When `out_ready` is high (default always). */
  readonly backpressure?: CyclePattern;
}

const stalls = (o: StreamVectorsOptions): boolean => (o.inputPattern ?? "always") !== "always" || (o.backpressure ?? "always") !== "always";

/**
 * Sends a block of activation vectors and returns at once: the simulator computes while the host works and
 * may queue further blocks. `collect()` gives each vector's `out_sum` as the driver's hex text, in order
 * (decode with `resultColumns` or `unpackResults`).
 */
export function startVectors(dut: TileDut, tile: TileInterface, vectors: readonly ArrayLike<number>[], options: StreamVectorsOptions = {}): StreamRun<string> {
  const actBits = tile.params.actBits;
  const payloads = new Array<string>(vectors.length);
  for (let v = 0; v < vectors.length; v++) payloads[v] = vectorHex(vectors[v], actBits);
  return dut.streamStart({
    input: TILE_PORTS.input,
    output: TILE_PORTS.output,
    payloads,
    ...(options.inputPattern !== undefined ? { inputPattern: options.inputPattern } : {}),
    ...(options.backpressure !== undefined ? { backpressure: options.backpressure } : {}),
    format: "hex",
    maxCycles: streamCycleBudget(tile, vectors.length, stalls(options)),
  });
}

/** Streams activation vectors through the tile; returns each vector's C signed results, in input order. */
export async function streamVectors(dut: TileDut, tile: TileInterface, vectors: readonly ArrayLike<number>[], options: StreamVectorsOptions = {}): Promise<{ results: bigint[][]; cycles: number }> {
  const r = await startVectors(dut, tile, vectors, options).collect();
  return { results: r.outputs.map((hex) => unpackResults(tile, BigInt(`0x${hex}`))), cycles: r.cycles };
}
