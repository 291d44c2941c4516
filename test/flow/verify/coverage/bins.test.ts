/** The functional-coverage bins: one per behaviour, conditions on declared monitor inputs, honest reachability. */
import { describe, expect, it } from "vitest";
import { resolveFlowConfig } from "../../../../src/flow/config.js";
import { generateDesign } from "../../../../src/flow/generate/generate.js";
import { adcColumnGroups, type BinSet, coverageBins } from "../../../../src/flow/verify/coverage/bins.js";
import { coverageMonitor } from "../../../../src/flow/verify/coverage/monitor.js";
import { tileInterface } from "../../../../src/hw/tile-interface.js";

const SMALL = { rows: 8, cols: 8, weightBits: 4, window: 2, actBits: 4, squeeze: 1 } as const;

async function bins(over: Record<string, unknown>): Promise<BinSet & { byId: Map<string, BinSet["bins"][number]> }> {
  const g = await generateDesign(resolveFlowConfig({ ...SMALL, ...over }));
  const set = coverageBins(tileInterface(g.tile), g.tile.kind === "baked" ? g.plan : null);
  return { ...set, byId: new Map(set.bins.map((b) => [b.id, b])) };
}

describe("coverageBins", () => {
  it("has every group of bins, unique ids, and conditions that read only the monitor's inputs", async () => {
    const set = await bins({ mode: "squeeze-min", ouRows: 4, adcBits: 2 });
    const ids = set.bins.map((b) => b.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(set.bins.map((b) => b.group))).toEqual(
      new Set(["adc", "shift", "step", "crossbar", "remap", "target", "backpressure", "inFlight", "vector"]),
    );
    const ports = new Set(set.inputs.map((i) => i.port));
    expect(ports.size).toBe(set.inputs.length);
    for (const b of set.bins) {
      if (b.expr === null) continue;
      for (const token of b.expr.match(/\bi_\w+/g) ?? []) expect(ports, `${b.id}: ${token}`).toContain(token);
    }
    // OU groups of 4 rows: 2 groups x 5 digits (A = 4 plus D = 1).
    expect(set.bins.filter((b) => b.group === "step").map((b) => b.id)).toEqual([
      ...[4, 3, 2, 1, 0].map((t) => `step_group_0_digit_${t}`),
      ...[4, 3, 2, 1, 0].map((t) => `step_group_1_digit_${t}`),
    ]);
    expect(set.byId.get("step_group_1_digit_0")!.expr).toMatch(/i_controller_step && i_controller_group == 1'd1 && i_controller_digit == 3'd0/);
    // squeeze-min D = 1: shifts 0 and 1 per sign's map.
    expect(set.bins.filter((b) => b.group === "shift").map((b) => b.id)).toEqual([
      "row_map_pos_shift_0",
      "row_map_pos_shift_1",
      "row_map_neg_shift_0",
      "row_map_neg_shift_1",
    ]);
    // A 2-bit ADC saturates above 3: four rows of an OU group with 1-bit digits can reach 4.
    expect(set.byId.get("adc_saturation_0")!.unreachable).toBeNull();
    expect(set.byId.get("adc_saturation_0")!.expr).toContain("> 4'd3");
    expect(set.byId.get("remap_invalid_row")!.unreachable).toBe("only remap (and budget) store a valid bit per row");
    // The monitor binds every input to the tile signal it names.
    const monitor = coverageMonitor({ name: "t" }, set).text;
    for (const i of set.inputs) expect(monitor).toContain(`.${i.port}(${i.signal})`);
    expect(monitor.match(/cover property/g)).toHaveLength(set.bins.filter((b) => b.expr !== null).length);
  });

  it("says why ADC saturation cannot happen: a lossless ADC, or OU groups too small to pass full scale", async () => {
    const lossless = await bins({});
    expect(lossless.byId.get("adc_saturation_0")!.unreachable).toBe("the ADC (4 bits) is at least as wide as a bit-line count (4 bits)");
    expect(lossless.byId.get("adc_saturation_0")!.expr).toBeNull();
    const small = await bins({ ouRows: 2, adcBits: 2 });
    expect(small.byId.get("adc_saturation_0")!.unreachable).toBe("an OU group of 2 rows driven with digits up to 1 counts at most 2 <= 3");
    expect(adcColumnGroups(128)).toHaveLength(8);
    expect(adcColumnGroups(128)[1]).toEqual({ lo: 16, hi: 32 });
    expect(adcColumnGroups(5).map((g) => g.hi - g.lo)).toEqual([1, 1, 1, 1, 1]);
  });

  it("holds a baked tile to its constants: no programming port, row-map shifts its plan holds, contents it has", async () => {
    const set = await bins({ kind: "baked", mode: "squeeze" });
    for (let t = 0; t < 4; t++) expect(set.byId.get(`prog_target_${t}`)!.unreachable).toBe("a baked tile has no programming port");
    expect(set.byId.get("prog_valid_in_flight")!.unreachable).toBe("a baked tile has no programming port");
    expect(set.byId.get("crossbar_full")!.unreachable).toBe("no crossbar of the baked plan is full (every cell set)");
    expect(set.byId.get("crossbar_empty")!.unreachable).toBe("no crossbar of the baked plan is empty");
    // Remap rows with valid = 0, and each row-map shift, are reachable exactly when the baked plan holds them.
    const g = await generateDesign(resolveFlowConfig({ ...SMALL, kind: "baked", mode: "remap" }));
    const remap = coverageBins(tileInterface(g.tile), g.plan);
    const invalid = remap.bins.find((b) => b.id === "remap_invalid_row")!;
    expect(invalid.unreachable === null).toBe(g.plan.crossbars.some((xb) => xb.rowValid.includes(0)));
    g.plan.crossbars.forEach((xb, s) => {
      for (let v = 0; v < 4; v++) {
        const bin = remap.bins.find((b) => b.id === `row_map_slot${s}_shift_${v}`)!;
        const held = Array.from(xb.rowShift).some((sh, r) => xb.rowValid[r] === 1 && sh === v);
        expect(bin.unreachable === null, bin.id).toBe(held);
      }
    });
    const dense = await bins({ kind: "programmable", mode: "dense" });
    expect(dense.byId.get("row_map_shift")!.unreachable).toBe("dense has no row maps (every row is driven with shift 0)");
    expect(dense.byId.get("prog_target_3")!.unreachable).toBeNull();
  });
});
