import { afterAll, describe, expect, it } from "vitest";
import { activationVectors } from "../../../src/flow/verify/activations.js";
import { compareOutputs } from "../../../src/flow/verify/compare.js";
import { resolveFlowConfig } from "../../../src/flow/config.js";
import { generateDesign } from "../../../src/flow/generate/generate.js";
import { runShards } from "../../../src/flow/verify/shards.js";
import { runShard, type ShardJob } from "../../../src/flow/verify/sim-shard.js";
import { tileInterface } from "../../../src/hw/index.js";
import { closeAllSimulations, liveProcessCount } from "../../../src/sim/index.js";
import { compileTileModel, outputWidth } from "../../../src/sme/index.js";
import { SMALL_INPUT } from "../helpers.js";

afterAll(closeAllSimulations);

describe("sharded, pipelined streaming", () => {
  it("gives the same outputs in many small blocks over two simulators as in one block on one, and they match the golden model", async () => {
    const c = resolveFlowConfig({ ...SMALL_INPUT, seed: 21 });
    const g = await generateDesign(c);
    const set = activationVectors(c.params.rows, c.params.actBits, { random: 60, layerLike: 15, seed: 2 });
    const job: ShardJob = {
      tile: tileInterface(g.tile),
      files: g.tile.design.files,
      program: g.image,
      vectors: set.vectors,
      offset: 0,
      golden: null,
      blockSize: 1000,
    };
    const before = liveProcessCount();
    const whole = await runShard(job);
    const split = await runShards({ ...job, blockSize: 7, firstBlock: { size: 3, backpressure: { random: 0.5, seed: 9 } } }, 2);
    expect(split.simulators).toBe(2);
    expect(split.threads).toBe(1);
    expect(split.outputs).toEqual(whole.outputs);
    expect(split.outputs).toHaveLength(80);
    expect(split.cycles).toBeGreaterThan(whole.cycles); // the back-pressured first blocks stall
    expect(liveProcessCount()).toBe(before);

    const model = compileTileModel(g.plan, c.params);
    const observed = whole.outputs!.map((h) => BigInt(`0x${h}`));
    expect(compareOutputs(set.vectors, observed, (x) => model.run(x), c.params.cols, outputWidth(c.params)).mismatches).toBe(0);

    // Without the golden model nothing is compared: the outputs come back, and none counts as checked.
    expect(whole.checked).toBe(0);
    expect(split.checked).toBe(0);
    // With it, the same split run checks every output and finds nothing. Both simulators are stepped by this
    // one thread, so the host time spent on them fits in the time the checking took.
    const checked = await runShards({ ...job, golden: g.plan, blockSize: 7 }, 2);
    expect(checked).toMatchObject({ checked: 80, mismatches: 0, first: null, outputs: null, threads: 1 });
    expect(checked.hostMs).toBeGreaterThan(0);
    expect(checked.hostMs).toBeLessThanOrEqual(checked.checkMs);
    expect(checked.programCycles).toBe(g.image.transfers.length);
  });

  it("uses no more simulators than needed for equal shards", async () => {
    const c = resolveFlowConfig({ ...SMALL_INPUT });
    const g = await generateDesign(c);
    const set = activationVectors(c.params.rows, c.params.actBits, { random: 0, layerLike: 0, seed: 1 }); // the 5 corner vectors
    const job: ShardJob = {
      tile: tileInterface(g.tile),
      files: g.tile.design.files,
      program: g.image,
      vectors: set.vectors.slice(0, 3),
      offset: 0,
      golden: g.plan,
      blockSize: 256,
    };
    expect((await runShards(job, 2)).simulators).toBe(2); // 2 + 1
    expect((await runShards({ ...job, vectors: set.vectors.slice(0, 1) }, 2)).simulators).toBe(1);
  });
});
