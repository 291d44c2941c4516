import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeDirAtomic } from "../../src/util/atomic-dir.js";
import { testTempDir } from "../temp-dirs.js";

describe("writeDirAtomic", () => {
  it("replaces a folder whole and leaves no temporary folder", async () => {
    const root = await testTempDir("sme-atomic-");
    const target = join(root, "design");
    await writeDirAtomic(
      target,
      new Map([
        ["a.v", "old"],
        ["b.v", "gone"],
      ]),
    );
    await writeDirAtomic(
      target,
      new Map([
        ["a.v", "new"],
        ["sub/c.txt", "c"],
      ]),
    );
    expect(await readFile(join(target, "a.v"), "utf8")).toBe("new");
    expect((await readdir(target)).sort()).toEqual(["a.v", "sub"]);
    expect(await readdir(root)).toEqual(["design"]);
  });
});
