/**
 * Every Verilator call of `sme verify` (version, lint, simulator build) runs the command `SME_VERILATOR`
 * names: a wrapper that records its arguments sees them all, while a `verilator` first on the PATH that fails
 * loudly is never reached. The design folder's path has spaces, unicode and quotes, which Verilator 5.006's
 * wrapper script mangles when given absolute paths.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeAllSimulations } from "../../src/sim/index.js";
import { realTool, standInDir, withEnv, writeScript } from "../tools/stand-ins.js";
import { runSme } from "./helpers.js";

afterAll(closeAllSimulations);

describe("SME_VERILATOR", () => {
  it("runs every Verilator call of sme verify (lint and build), in a folder with spaces, unicode and quotes", async () => {
    const { dir, remove } = await standInDir();
    try {
      const real = await realTool("verilator");
      const calls = join(dir, "calls.log");
      const bypass = join(dir, "bypass.log");
      const wrapper = await writeScript(dir, "verilator-wrapper", `printf '%s\\n' "$*" >> "${calls}"\nexec "${real}" "$@"`);
      const shim = join(dir, "path");
      await writeScript(dir, "path/verilator", `printf '%s\\n' "$*" >> "${bypass}"\necho "verilator from the PATH: use SME_VERILATOR" >&2\nexit 3`);
      const out = join(dir, "my designs", "ünï 'q'", "d");
      // Weights from a seed of this run: the design (baked) is new to the lint and build caches, so both run.
      const seed = String(1 + Math.floor(Math.random() * 2 ** 31));
      const args = ["verify", "--rows", "4", "--cols", "4", "--weight-bits", "4", "--window", "2", "--act-bits", "4", "--squeeze", "1"];
      const r = await withEnv({ SME_VERILATOR: wrapper, PATH: `${shim}:${process.env.PATH}` }, () =>
        runSme([...args, "--kind", "baked", "--seed", seed, "--vectors", "40", "--out", out, "--json"]),
      );
      expect(r.stderr).not.toMatch(/error/i);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ lint: "clean", mismatches: 0 });
      expect(existsSync(bypass)).toBe(false);
      const log = (await readFile(calls, "utf8")).trim().split("\n");
      expect(log).toContain("--version");
      const lint = log.filter((l) => l.startsWith("--lint-only -Wall --top-module "));
      expect(lint).toHaveLength(1);
      expect(lint[0]).toMatch(/ sme_tile_\w+\.v$/); // relative file names (run in the design folder)
      expect(log.filter((l) => l.startsWith("--cc --exe --build "))).toHaveLength(1);
    } finally {
      await remove();
    }
  }, 300_000);
});
