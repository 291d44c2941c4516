import { describe, expect, it } from "vitest";
import { COMMANDS, commandKeys, GRID_KEYS, PARAM_KEYS, paramFor, paramSpec } from "../../src/params/index.js";

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

  it("spells each flag as its key in kebab case, apart from the four documented exceptions", () => {
    const exceptions = PARAM_KEYS.filter((k) => paramSpec(k).flag !== undefined && paramSpec(k).flag !== kebab(k));
    expect(exceptions).toEqual(["rtlBudgetS", "progress", "layerSqnr", "reportDir"]);
    expect(exceptions.map((k) => paramSpec(k).flag)).toEqual(["--rtl-budget", "--no-progress", "--no-layer-sqnr", "--report"]);
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
    expect(GRID_KEYS).toEqual(["rows", "cols", "weightBits", "window", "mode", "squeeze", "actBits", "dacBits", "ouRows", "adcBits", "scale", "targetSqnr", "budgetScope", "minLayerSqnr"]);
  });
});
