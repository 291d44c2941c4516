import { describe, expect, it } from "vitest";
import {
  COMMANDS,
  commandKeys,
  GRID_KEYS,
  isRemapMode,
  isSqueezeMode,
  MAPPING_MODES,
  modeLabel,
  modeTag,
  moduleModeTag,
  PARAM_KEYS,
  paramFor,
  paramSpec,
  parseParams,
} from "../../src/params/index.js";

const kebab = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

describe("parameter registry", () => {
  it("gives every key help and at least one command, and one flag per key within a command", () => {
    for (const key of PARAM_KEYS) {
      const spec = paramSpec(key);
      expect(spec.help.length, key).toBeGreaterThan(0);
      expect(spec.commands.length, key).toBeGreaterThan(0);
    }
    for (const command of COMMANDS) {
      const flags = commandKeys(command).flatMap((k) => paramFor(k, command).flag ?? []);
      expect(new Set(flags).size, command).toBe(flags.length);
    }
  });

  it("spells each flag as its key in kebab case, apart from the seven documented exceptions", () => {
    const exceptions = PARAM_KEYS.filter((k) => paramSpec(k).flag !== undefined && paramSpec(k).flag !== kebab(k));
    expect(exceptions).toEqual(["rtlBudgetS", "synthBudgetS", "pointJson", "layerActivations", "progress", "layerSqnr", "reportDir"]);
    expect(exceptions.map((k) => paramSpec(k).flag)).toEqual([
      "--rtl-budget",
      "--synth-budget",
      "--json",
      "--activations",
      "--no-progress",
      "--no-layer-sqnr",
      "--report",
    ]);
  });

  it("has defaults its own schemas accept, for every command", () => {
    for (const command of COMMANDS) {
      for (const key of commandKeys(command)) {
        const spec = paramFor(key, command);
        if (spec.default !== undefined) expect(spec.schema.safeParse(spec.default).success, `${command} ${key}`).toBe(true);
      }
    }
  });

  it("keeps the grid keys in the order sweep results are keyed by", () => {
    expect(GRID_KEYS).toEqual([
      "rows",
      "cols",
      "weightBits",
      "window",
      "mode",
      "squeeze",
      "actBits",
      "dacBits",
      "ouRows",
      "adcBits",
      "scale",
      "targetSqnr",
      "budgetScope",
      "minLayerSqnr",
    ]);
  });
});

describe("mapping mode helpers", () => {
  it("name the budget mode with its target, scope and floor; the others as before", () => {
    expect(modeLabel({ mode: "squeeze-min", squeeze: 2 })).toBe("squeeze-min D=2");
    expect(modeLabel({ mode: "remap", squeeze: 2, targetSqnr: 23 })).toBe("remap");
    expect(modeLabel({ mode: "budget", squeeze: 0, targetSqnr: 23 })).toBe("budget 23 dB");
    expect(modeLabel({ mode: "budget", squeeze: 0, targetSqnr: 21.5, budgetScope: "layer", minLayerSqnr: 15 })).toBe("budget 21.5 dB/layer, layers >= 15 dB");
    expect(modeLabel({ mode: "budget", squeeze: 0 })).toBe("budget");
    expect(modeTag({ mode: "budget", squeeze: 0, targetSqnr: 23 })).toBe("budget23");
    expect(modeTag({ mode: "squeeze", squeeze: 3, targetSqnr: 23 })).toBe("squeeze3");
    expect(moduleModeTag({ mode: "budget", squeeze: 2 })).toBe("budget");
    expect(MAPPING_MODES.filter(isRemapMode)).toEqual(["remap", "budget"]);
    expect(MAPPING_MODES.filter(isSqueezeMode)).toEqual(["squeeze", "squeeze-min"]);
  });

  it("read SQNR targets as any number of dB in -100..200, one value outside sme sweep", () => {
    const keys = commandKeys("analyze");
    expect(parseParams({ targetSqnr: "23.5", minLayerSqnr: -3, budgetScope: "layer" }, { keys, origin: { kind: "flags" } })).toEqual({
      targetSqnr: 23.5,
      minLayerSqnr: -3,
      budgetScope: "layer",
    });
    expect(() => parseParams({ targetSqnr: "18..26" }, { keys, origin: { kind: "flags" } })).toThrow(/--target-sqnr takes one value here, got "18\.\.26"/);
    expect(() => parseParams({ minLayerSqnr: "-200" }, { keys, origin: { kind: "flags" } })).toThrow(/--min-layer-sqnr must be at least -100 dB, got -200/);
    expect(commandKeys("generate")).toContain("targetSqnr");
    expect(commandKeys("generate")).not.toContain("budgetScope");
  });
});
