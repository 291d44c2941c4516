/**
 * The design folder's self-checking testbench (`tb/`): the flow's Icarus testbench with the output check on, a
 * few test vectors and the golden model's outputs for them. FuseSoC's `sim` target runs it.
 */
import type { TileInterface } from "../../hw/tile-interface.js";
import { packFields } from "../../sim/fields.js";
import { compileTileModel, type MappingPlan } from "../../sme/index.js";
import { activationVectors } from "../verify/activations.js";
import { beatsOf, outputsHex, renderTestbench, TESTBENCH_TOP, vectorsHex } from "../verify/icarus.js";

export const TESTBENCH_FILE = "tb/sme_flow_tb.v";
export const VECTORS_FILE = "tb/vectors.hex";
export const EXPECTED_FILE = "tb/expected.hex";

/** Random and layer-like vectors in the folder's test set (five corner vectors come first). */
const RANDOM_VECTORS = 24;
const LAYER_LIKE_VECTORS = 8;

export interface TestbenchFiles {
  /** File name (relative to the design folder) -> content. */
  readonly files: ReadonlyMap<string, string>;
  readonly top: string;
  readonly vectors: number;
  readonly drainCycles: number;
}

/** The testbench, its vectors and the golden model's expected outputs for `tile` holding `plan`. */
export function testbenchFiles(tile: TileInterface, plan: MappingPlan, programTransfers: number, seed: number): TestbenchFiles {
  const p = tile.params;
  const set = activationVectors(p.rows, p.actBits, { random: RANDOM_VECTORS, layerLike: LAYER_LIKE_VECTORS, seed });
  const model = compileTileModel(plan, p);
  const outSums = set.vectors.map((x) =>
    packFields(
      Array.from(model.run(x), (y) => BigInt(y)),
      tile.outputWidth,
    ).toString(16),
  );
  const n = set.vectors.length;
  const beats = beatsOf(tile);
  // Generous: every vector with its latency and every beat, as if nothing overlapped.
  const drainCycles = n * (tile.cyclesPerVector + tile.latency + beats.input + beats.output + 8) + 1000;
  const files = new Map<string, string>([
    [TESTBENCH_FILE, renderTestbench(tile, programTransfers, n, drainCycles, { check: true })],
    [VECTORS_FILE, vectorsHex(tile, set.vectors)],
    [EXPECTED_FILE, outputsHex(tile, outSums)],
  ]);
  return { files, top: TESTBENCH_TOP, vectors: n, drainCycles };
}
