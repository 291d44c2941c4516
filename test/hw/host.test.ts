/** The tile driver: port roles against the declaration, programming, streaming and its cycle budget. */
import { afterAll, describe, expect, it } from "vitest";
import {
  buildTile,
  openTile,
  portMeaning,
  programWhileBusy,
  startVectors,
  streamCycleBudget,
  streamVectors,
  TILE_PORTS,
  tileInterface,
} from "../../src/hw/index.js";
import { closeAllSimulations, SimTimeoutError } from "../../src/sim/index.js";
import { buildProgramImage, compileTileModel, makeTileParams, planForTile, syntheticMatrix } from "../../src/sme/index.js";
import { UserError } from "../../src/util/errors.js";

afterAll(closeAllSimulations);

const p = makeTileParams({ rows: 8, cols: 8, weightBits: 4, window: 2, actBits: 4, squeeze: 1 });
const plan = planForTile(syntheticMatrix(8, 8, 1), p).plan;

describe("TILE_PORTS", () => {
  it("names every port of a built tile exactly once, and every port has a meaning", () => {
    const hw = buildTile(p, { kind: "programmable" });
    const roles = [
      TILE_PORTS.clock,
      TILE_PORTS.reset,
      ...Object.values(TILE_PORTS.input),
      ...Object.values(TILE_PORTS.output),
      TILE_PORTS.program.valid,
      TILE_PORTS.program.ready,
      ...TILE_PORTS.program.data,
      TILE_PORTS.programError,
    ];
    expect([...roles].sort()).toEqual(hw.ports.map((q) => q.name).sort());
    for (const port of hw.ports) expect(portMeaning(hw, port.name), port.name).not.toBe("");
    expect(portMeaning(hw, TILE_PORTS.output.data)).toBe(`y[j] at bits [j*${hw.outputWidth} +: ${hw.outputWidth}], two's complement`);
    const baked = buildTile(p, { kind: "baked", plan });
    expect(baked.ports.map((q) => q.name)).toEqual(hw.ports.map((q) => q.name).filter((n) => !n.startsWith("prog_")));
  });
});

describe("openTile and streaming", () => {
  it("programs a tile in one cycle per transfer", async () => {
    const hw = buildTile(p, { kind: "programmable" });
    const image = buildProgramImage(plan, hw.slots);
    const { dut, programCycles } = await openTile(tileInterface(hw), hw.design.files, image);
    await dut.close();
    expect(image.transfers.length).toBe(70);
    expect(programCycles).toBe(image.transfers.length);
  });

  it("refuses to program a baked tile", async () => {
    const hw = buildTile(p, { kind: "baked", plan });
    await expect(openTile(hw, hw.design.files, buildProgramImage(plan, hw.slots))).rejects.toThrow(UserError);
  });

  it("stops a stream that never completes at its cycle budget", async () => {
    const hw = buildTile(p, { kind: "baked", plan });
    await using dut = (await openTile(hw, hw.design.files, null)).dut;
    const vectors = [Array.from({ length: 8 }, () => 1), Array.from({ length: 8 }, () => 2)];
    const err = await startVectors(dut, hw, vectors, { backpressure: "0" })
      .collect()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimTimeoutError);
    expect((err as SimTimeoutError).kind).toBe("cycles");
    expect((err as Error).message).toContain(`budget of ${streamCycleBudget(hw, 2, true)} cycles`);
  });
});

describe("programWhileBusy", () => {
  it("offers the transfers while a vector is in flight: the vector ends on the old weights, the next one runs on the new", async () => {
    const hw = buildTile(p, { kind: "programmable" });
    const other = planForTile(syntheticMatrix(8, 8, 2), p).plan;
    const first = buildProgramImage(plan, hw.slots);
    const second = buildProgramImage(other, hw.slots);
    await using dut = (await openTile(tileInterface(hw), hw.design.files, first)).dut;
    const lead = [15, 1, 2, 3, 4, 5, 6, 7];
    const x = [3, 0, 9, 15, 1, 1, 0, 2];
    const r = await programWhileBusy(dut, hw, lead, second.transfers);
    expect(r.lead.map(Number)).toEqual(Array.from(compileTileModel(plan, p).run(lead)));
    // One cycle to accept the lead vector, its G*T steps (the transfers wait), then one cycle per transfer.
    expect(r.cycles).toBeGreaterThanOrEqual(1 + hw.cyclesPerVector + second.transfers.length - 1);
    const after = await streamVectors(dut, hw, [x]);
    expect(after.results[0].map(Number)).toEqual(Array.from(compileTileModel(other, p).run(x)));
  });
});
