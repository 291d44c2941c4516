/**
 * Host side of a simulated tile: program it with a programming image and stream activation vectors through
 * it, both over `dut.stream` (the fast path that runs the handshake inside the simulator).
 */
import type { Dut } from "../sim/dut.js";
import { packFields, unpackFields } from "../sim/fields.js";
import type { ProgramImage } from "../sme/index.js";
import type { BakedTilePorts, ProgrammableTilePorts, TileHardware } from "./build.js";

/** The `prog_*` fields of one transfer, in the order a programming payload lists them. */
export const PROG_FIELDS = ["prog_target", "prog_xbar", "prog_row", "prog_data"] as const;

/** One stream payload per transfer: `[prog_target, prog_xbar, prog_row, prog_data]`. */
export function programPayloads(image: ProgramImage): bigint[][] {
  return image.transfers.map((t) => [BigInt(t.target), BigInt(t.xbar), BigInt(t.row), t.data]);
}

/** Sends every transfer of `image` (the tile must be idle). Returns the cycles it took. */
export async function programTile(dut: Dut<ProgrammableTilePorts>, image: ProgramImage): Promise<number> {
  const payloads = programPayloads(image);
  const r = await dut.stream({
    input: { valid: "prog_valid", ready: "prog_ready", data: [...PROG_FIELDS] },
    output: { valid: "out_valid", ready: "out_ready", data: "out_sum" },
    payloads,
    expect: 0,
    maxCycles: payloads.length * 2 + 16,
  });
  return r.cycles;
}

/** `in_act` for activation vector `x` (x[i] at bits [i*A +: A]). */
export function packActivations(x: ArrayLike<number>, actBits: number): bigint {
  return packFields(Array.from(x), actBits);
}

/** The C signed results in an `out_sum` value. */
export function unpackResults(hw: Pick<TileHardware, "params" | "outputWidth">, outSum: bigint): bigint[] {
  return unpackFields(outSum, hw.outputWidth, hw.params.cols, true);
}

export interface StreamVectorsOptions {
  readonly inputPattern?: Parameters<Dut<BakedTilePorts>["stream"]>[0]["inputPattern"];
  readonly backpressure?: Parameters<Dut<BakedTilePorts>["stream"]>[0]["backpressure"];
}

/** Streams activation vectors through the tile; returns each vector's C signed results, in input order. */
export async function streamVectors(
  dut: Dut<BakedTilePorts> | Dut<ProgrammableTilePorts>,
  hw: TileHardware,
  vectors: readonly ArrayLike<number>[],
  options: StreamVectorsOptions = {},
): Promise<{ results: bigint[][]; cycles: number }> {
  const d = dut as Dut<BakedTilePorts>;
  const payloads = vectors.map((x) => packActivations(x, hw.params.actBits));
  const slack = options.inputPattern !== undefined || options.backpressure !== undefined ? 20 : 2;
  const r = await d.stream({
    input: { valid: "in_valid", ready: "in_ready", data: "in_act" },
    output: { valid: "out_valid", ready: "out_ready", data: "out_sum" },
    payloads,
    inputPattern: options.inputPattern,
    backpressure: options.backpressure,
    maxCycles: (vectors.length + 2) * (hw.cyclesPerVector + 2) * slack + 64,
  });
  return { results: r.outputs.map((o) => unpackResults(hw, o as bigint)), cycles: r.cycles };
}
