import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readConfigFile } from "../../src/params/config-file.js";
import { loadCommandParams, mergedParams } from "../../src/params/load.js";
import { UserError } from "../../src/util/errors.js";
import { folderWith } from "./helpers.js";

describe("config files: JSON and YAML behave the same", () => {
  it("reads a mapping of camelCase keys from either format", async () => {
    const dir = await folderWith({ "a.json": JSON.stringify({ rows: 64, mode: "remap", tile: [0, 1] }), "a.yaml": "rows: 64\nmode: remap\ntile: [0, 1]\n" });
    const fromJson = await readConfigFile(join(dir, "a.json"));
    expect(fromJson).toEqual({ rows: 64, mode: "remap", tile: [0, 1] });
    expect(await readConfigFile(join(dir, "a.yaml"))).toEqual(fromJson);
  });

  it.each([
    ["empty.json", ""],
    ["empty.yaml", ""],
    ["blank.json", " \n\n"],
    ["comments.yaml", "# rows: 64\n"],
    ["braces.json", "{}"],
    ["braces.yaml", "{}\n"],
    ["null.yaml", "~\n"],
  ])("a file with no settings is an error (%s)", async (name, text) => {
    const dir = await folderWith({ [name]: text });
    const read = readConfigFile(join(dir, name));
    await expect(read).rejects.toThrow(UserError);
    await expect(readConfigFile(join(dir, name))).rejects.toThrow(/holds no settings; write at least one key \(e\.g\. "rows: 64"\) or leave out --config$/);
  });

  it.each([
    ["dup.json", '{\n  "rows": 16,\n  "cols": 8,\n  "rows": 32\n}\n', /key "rows" is written twice \(lines 2 and 4\); keep one/],
    ["dup.yaml", "rows: 16\ncols: 8\nrows: 32\n", /key "rows" is written twice \(lines 1 and 3\); keep one/],
    ["inline.json", '{"mode": "dense", "mode": "remap"}', /key "mode" is written twice on line 1; keep one/],
  ])("a key written twice is an error naming its lines (%s)", async (name, text, message) => {
    const dir = await folderWith({ [name]: text });
    await expect(readConfigFile(join(dir, name))).rejects.toThrow(message);
  });

  it("explains a missing file, a folder, bad syntax and a value that is not a mapping", async () => {
    const dir = await folderWith({ "bad.json": "{ rows: ", "bad.yaml": "rows: [1\n", "list.yaml": "- 1\n- 2\n", "word.json": '"rows"' });
    await expect(readConfigFile(join(dir, "nope.yaml"))).rejects.toThrow(/nope\.yaml does not exist; pass an existing JSON or YAML file to --config/);
    await expect(readConfigFile(dir)).rejects.toThrow(/is a folder; pass a JSON or YAML file to --config/);
    await expect(readConfigFile(join(dir, "bad.json"))).rejects.toThrow(/bad\.json is not valid JSON: /);
    await expect(readConfigFile(join(dir, "bad.yaml"))).rejects.toThrow(/bad\.yaml is not valid YAML: /);
    await expect(readConfigFile(join(dir, "list.yaml"))).rejects.toThrow(/must hold a mapping of option names to values \(e\.g\. "rows: 64"\), not a list/);
    await expect(readConfigFile(join(dir, "word.json"))).rejects.toThrow(/must hold a mapping .*, not string/);
  });

  it("makes paths relative to the file's folder; built-in names stay names", async () => {
    const dir = await folderWith({
      "c.yaml": "weights: w.npy\nout: designs/x\nmodel: resnet\ncost: tables/my.json\nlayer: conv1\nconfig: ignored-here.yaml\n",
      "d.yaml": "model: ./w.npy\ncost: sme\nweights: /abs/w.npy\n",
    });
    const c = await readConfigFile(join(dir, "c.yaml"));
    expect(c).toMatchObject({ weights: join(dir, "w.npy"), out: join(dir, "designs/x"), model: "resnet", cost: join(dir, "tables/my.json"), layer: "conv1" });
    expect(await readConfigFile(join(dir, "d.yaml"))).toEqual({ model: join(dir, "w.npy"), cost: "sme", weights: "/abs/w.npy" });
  });
});

describe("config files: the remaining read errors", () => {
  it("names the system error when the file cannot be read", async () => {
    const dir = await folderWith({ "plain.txt": "rows: 1\n" });
    const file = join(dir, "plain.txt", "c.yaml");
    await expect(readConfigFile(file)).rejects.toThrow(`cannot read config file ${file}: ENOTDIR`);
  });

  it("tells JSON from YAML by the extension, in any case", async () => {
    const dir = await folderWith({ "a.JSON": "rows: 64\n", "a.yml": "rows: 64\n", "b.json": "[1]" });
    await expect(readConfigFile(join(dir, "a.JSON"))).rejects.toThrow(/a\.JSON is not valid JSON: /);
    expect(await readConfigFile(join(dir, "a.yml"))).toEqual({ rows: 64 });
    await expect(readConfigFile(join(dir, "b.json"))).rejects.toThrow(
      /b\.json must hold a mapping of option names to values \(e\.g\. "rows: 64"\), not a list$/,
    );
  });

  it("leaves unknown keys, non-text values and blank paths alone (the command checks them)", async () => {
    const dir = await folderWith({ "c.yaml": "wieghts: w.npy\nweights: 3\nout: ' '\nlayer: x/y\n" });
    expect(await readConfigFile(join(dir, "c.yaml"))).toEqual({ wieghts: "w.npy", weights: 3, out: " ", layer: "x/y" });
  });
});

describe("a command's parameters: flags over the config file over the defaults", () => {
  it("reads the file the flags name, each source checked on its own, and merges them", async () => {
    const dir = await folderWith({ "c.yaml": "rows: 64\ncols: 32\nmode: remap\nvectors: 9\n" });
    const config = join(dir, "c.yaml");
    const p = await loadCommandParams("generate", { config, rows: "16" });
    expect(p).toEqual({
      command: "generate",
      configFile: config,
      fromFile: { rows: 64, cols: 32, mode: "remap" },
      fromFlags: { config, rows: 16 },
      fileGrids: {},
      flagGrids: {},
    });
    expect(mergedParams(p).values).toEqual({ rows: 16, cols: 32, mode: "remap", config });
    const none = await loadCommandParams("analyze", { rows: "8" });
    expect(none).toEqual({ command: "analyze", fromFile: {}, fromFlags: { rows: 8 }, fileGrids: {}, flagGrids: {} });
    await expect(loadCommandParams("generate", { config, rows: "zero" })).rejects.toThrow(/^--rows must be a whole number, got "zero"$/);
  });

  it("reads grids for sweep (every grid key) and accuracy (modes and D only)", async () => {
    const dir = await folderWith({ "s.yaml": "rows: 32..64*2\nsqueeze: 1..2\n" });
    const config = join(dir, "s.yaml");
    const sweep = await loadCommandParams("sweep", { config, mode: "dense,remap" });
    expect(sweep.fileGrids).toEqual({ rows: [32, 64], squeeze: [1, 2] });
    expect(sweep.flagGrids).toEqual({ mode: ["dense", "remap"] });
    expect(mergedParams(sweep).grids).toEqual({ rows: [32, 64], squeeze: [1, 2], mode: ["dense", "remap"] });
    await expect(loadCommandParams("accuracy", { config })).rejects.toThrow(/rows \(R\) takes one value here, got "32\.\.64\*2"/);
    const accuracy = await loadCommandParams("accuracy", { mode: "dense,squeeze", squeeze: "1..3" });
    expect(accuracy.flagGrids).toEqual({ mode: ["dense", "squeeze"], squeeze: [1, 2, 3] });
  });
});
