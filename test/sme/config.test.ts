import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readConfigFile, scaleFrom, tileParamsFrom } from "../../src/sme/config.js";
import { UserError } from "../../src/util/errors.js";
import { removeTempDirs, tempDir, writeFiles } from "./loaders/fixtures.js";

describe("tile parameter config files", () => {
  afterAll(removeTempDirs);

  it("reads JSON and YAML with camelCase keys, accepts other commands' keys, and lets flags win", async () => {
    const dir = await tempDir();
    await writeFiles(dir, {
      "a.json": JSON.stringify({ rows: 64, weightBits: 6, window: 2, mode: "remap", kind: "baked", seed: 3, scale: "pow2" }),
      "b.yaml": "ouRows: 16\nadcBits: 3\ndacBits: 2\n",
      "empty.yaml": "",
    });
    const a = await readConfigFile(join(dir, "a.json"));
    const p = tileParamsFrom(a, { window: "3", cols: "32" });
    expect(p).toMatchObject({ rows: 64, cols: 32, weightBits: 6, window: 3, mode: "remap" });
    expect(scaleFrom(a, {})).toBe("pow2");
    expect(scaleFrom(a, { scale: "channel" })).toBe("channel");
    const b = tileParamsFrom(await readConfigFile(join(dir, "b.yaml")), {});
    expect(b).toMatchObject({ rows: 128, ouRows: 16, adcBits: 3, dacBits: 2 });
    expect(await readConfigFile(join(dir, "empty.yaml"))).toEqual({});
  });

  it("says what is wrong with a bad config", async () => {
    const dir = await tempDir();
    await writeFiles(dir, { "list.yaml": "- 1\n- 2\n", "bad.json": "{ rows: [", "typo.yaml": "colls: 3\n", "str.yaml": "rows: many\n" });
    await expect(readConfigFile(join(dir, "list.yaml"))).rejects.toThrow(/must hold a mapping/);
    await expect(readConfigFile(join(dir, "bad.json"))).rejects.toThrow(/cannot parse config file/);
    await expect(readConfigFile(join(dir, "typo.yaml"))).rejects.toThrow(/unknown key\(s\) colls/);
    await expect(readConfigFile(join(dir, "missing.yaml"))).rejects.toThrow(UserError);
    const str = await readConfigFile(join(dir, "str.yaml"));
    expect(() => tileParamsFrom(str, {})).toThrow(/rows must be a number, got "many"/);
    expect(() => scaleFrom({}, { scale: 3 })).toThrow(/--scale must be one of/);
  });
});
