import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lintDesign } from "../../../src/flow/verify/lint.js";
import { tempDir } from "../helpers.js";

const clean = `module t (input wire clk, input wire a, output reg q);
  always @(posedge clk) q <= a;
endmodule
`;

describe("lintDesign", () => {
  it("fails on any Verilator warning and lists it", async () => {
    const dir = await tempDir("lint");
    const file = join(dir, "t.v");
    await writeFile(file, clean.replace("q <= a", "q <= {a, a}"));
    const r = await lintDesign([file], "t", { cacheDir: join(dir, "cache") });
    expect(r.ok).toBe(false);
    expect(r.messages.some((m) => /%Warning-WIDTH/.test(m))).toBe(true);
    expect(await readdir(dir)).not.toContain("cache"); // failures are never remembered
  });

  it("remembers a clean result for the same Verilog and Verilator", async () => {
    const dir = await tempDir("lint-clean");
    const file = join(dir, "t.v");
    await writeFile(file, clean);
    const first = await lintDesign([file], "t", { cacheDir: join(dir, "cache") });
    expect(first).toMatchObject({ ok: true, cached: false, messages: [] });
    expect(first.version).toMatch(/^Verilator \d/); // Verilator really ran
    expect(await lintDesign([file], "t", { cacheDir: join(dir, "cache") })).toMatchObject({ ok: true, cached: true });
    await writeFile(file, clean.replace("q <= a", "q <= ~a"));
    expect(await lintDesign([file], "t", { cacheDir: join(dir, "cache") })).toMatchObject({ ok: true, cached: false });
  });
});
