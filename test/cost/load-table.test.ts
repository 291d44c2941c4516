import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCostTable, parseCostTable } from "../../src/cost/load-table.js";
import { isaacPreset, smePreset } from "../../src/cost/presets.js";
import { componentTableSchema } from "../../src/cost/table.js";
import { UserError } from "../../src/util/errors.js";
import { testTempDir } from "../temp-dirs.js";

describe("cost tables", () => {
  it("ships presets that validate and cite a source for every number", () => {
    for (const t of [smePreset, isaacPreset]) {
      expect(componentTableSchema.parse(t)).toEqual(t);
      for (const c of Object.values(t.components)) expect(c.source.length).toBeGreaterThan(10);
    }
  });

  it("resolves preset names and overrides a preset from JSON", async () => {
    expect(await loadCostTable("sme")).toBe(smePreset);
    const dir = await testTempDir("sme-cost-");
    const file = join(dir, "mine.json");
    await writeFile(file, JSON.stringify({ base: "isaac", components: { adc: { powerMw: 8 } } }));
    const t = await loadCostTable(file);
    expect(t.components.adc.powerMw).toBe(8);
    expect(t.components.adc.areaMm2).toBe(isaacPreset.components.adc.areaMm2);
    expect(t.components.dac).toEqual(isaacPreset.components.dac);
  });

  it("rejects unknown presets, bad bases and invalid numbers with a UserError naming the field", async () => {
    await expect(loadCostTable("nope")).rejects.toThrow(/unknown cost table "nope"/);
    expect(() => parseCostTable({ base: "foo" }, "x.json")).toThrow(/"base" must be one of sme, isaac/);
    expect(() => parseCostTable({ base: "sme", components: { adc: { powerMw: -1 } } }, "x.json")).toThrow(UserError);
    expect(() => parseCostTable({ base: "sme", components: { adc: { powerMw: -1 } } }, "x.json")).toThrow(/components\.adc\.powerMw/);
  });
});
