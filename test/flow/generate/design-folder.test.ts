import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveFlowConfig } from "../../../src/flow/config.js";
import { loadDesignFolder } from "../../../src/flow/generate/design-folder.js";
import { generateDesign, writeDesign } from "../../../src/flow/generate/generate.js";
import { targetFromFolder, targetFromGenerated } from "../../../src/flow/verify/targets.js";
import { tileInterface } from "../../../src/hw/index.js";
import { withTempDir } from "../../../src/tools/index.js";
import { SMALL_INPUT } from "../helpers.js";

describe("a design folder read back", () => {
  for (const kind of ["programmable", "baked"] as const) {
    it(`describes the same ${kind} tile as the one generated, and verifies the same files`, async () => {
      await withTempDir("folder-tile", async (dir) => {
        const g = await generateDesign(resolveFlowConfig({ ...SMALL_INPUT, mode: "squeeze", kind, ouRows: 4, out: join(dir, "d") }));
        await writeDesign(g);
        const folder = await loadDesignFolder(join(dir, "d"));
        expect(folder.tile).toEqual(tileInterface(g.tile));
        expect(folder.tile.layout === null).toBe(kind === "baked");
        const [fresh, read] = [targetFromGenerated(g), targetFromFolder(folder)];
        expect(read.files).toEqual(fresh.files);
        expect(read.verilogPaths).toEqual(fresh.verilogPaths);
        expect(read.program?.transfers.length).toBe(fresh.program?.transfers.length);
        expect(read.tile.name).toBe(g.manifest.top);
      });
    });
  }
});
