import { mkdir, mkdtemp, readdir, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { pruneCache } from "../../src/sim/build.js";
import { buildSimulator, closeAllSimulations, simulate, type BuiltSimulator } from "../../src/sim/index.js";
import { tinyDesign } from "./fixtures/tiny.js";

afterAll(closeAllSimulations);

describe("buildSimulator: cached Verilator builds", () => {
  it("builds once, then hits the cache; a different design gets its own entry", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "sme-sim-cache-"));
    try {
      const [a, b] = await Promise.all([buildSimulator(tinyDesign, { cacheDir }), buildSimulator(tinyDesign, { cacheDir })]);
      expect(a.executable).toBe(b.executable);
      const again = await buildSimulator(tinyDesign, { cacheDir });
      expect(again.cached).toBe(true);
      expect(again.executable).toBe(a.executable);
      const changed = { ...tinyDesign, files: [{ name: "tiny.v", text: tinyDesign.files[0].text.replace("a ^ b", "a & b") }] };
      const other = await buildSimulator(changed, { cacheDir });
      expect(other.executable).not.toBe(a.executable);
      await using dut = await simulate(changed, { build: { cacheDir } });
      dut.a.value = 0b1100n;
      dut.b.value = 0b1010n;
      expect(dut.y.value).toBe(0b1000n);
      expect((await readdir(cacheDir)).filter((f) => !f.startsWith("."))).toHaveLength(2);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it("drops the least recently used builds beyond the limit", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "sme-sim-prune-"));
    try {
      for (const [k, name] of ["old-1", "mid-2", "new-3"].entries()) {
        await mkdir(join(cacheDir, name, "src"), { recursive: true });
        const t = new Date(Date.now() - (3 - k) * 60_000);
        await utimes(join(cacheDir, name), t, t);
      }
      await mkdir(join(cacheDir, ".tmp"));
      expect(await pruneCache(cacheDir, 5)).toEqual([]);
      expect(await pruneCache(cacheDir, 2)).toEqual(["old-1"]);
      expect((await readdir(cacheDir)).sort()).toEqual([".tmp", "mid-2", "new-3"]);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it("two processes building the same design at once both get a working simulator", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "sme-sim-race-"));
    try {
      const script = join(import.meta.dirname, "fixtures", "build-once.ts");
      const runs = await Promise.all([0, 1].map(() => execa("npx", ["tsx", script, cacheDir])));
      const results = runs.map((r) => JSON.parse(r.stdout) as BuiltSimulator);
      expect(results[0].executable).toBe(results[1].executable);
      expect(await readdir(join(cacheDir, ".tmp"))).toEqual([]); // no half-built folder left behind
      await using dut = await simulate(tinyDesign, { build: { cacheDir } });
      dut.a.value = 5n;
      dut.b.value = 3n;
      expect(dut.y.value).toBe(6n);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});
