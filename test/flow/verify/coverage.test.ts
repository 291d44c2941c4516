/**
 * sme verify's coverage end to end on the small tile: functional bins closed by --until-covered, Verilator line
 * and toggle coverage merged into lcov, the run's waves, and the JUnit properties carrying the bins.
 */
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { closeAllSimulations } from "../../../src/sim/index.js";
import { runSme, SMALL, tempDir } from "../helpers.js";
import { readFst } from "./vcd.js";

afterAll(closeAllSimulations);

interface CoverageJson {
  mismatches: number;
  waves: string[];
  functionalCoverage: { hit: number; reachable: number; total: number; bins: { id: string; hits: number; status: string; reason?: string }[] };
  codeCoverage: {
    info: string;
    dat: string;
    total: { lines: { hit: number; total: number }; toggles: { hit: number; total: number } };
    modules: { module: string; lines: { hit: number; total: number }; toggles: { hit: number; total: number } }[];
  };
  closure: { rounds: number; vectors: number; programs: number; mismatches: number };
}

describe("sme verify --until-covered --coverage --waves --junit", () => {
  it("hits every reachable bin, writes lcov pointing at the design, the run's waves and a JUnit report with the bins", async () => {
    const dir = await tempDir("coverage");
    const out = join(dir, "d");
    const junit = join(dir, "junit.xml");
    const r = await runSme(["verify", ...SMALL, "--vectors", "100", "--until-covered", "--coverage", "--waves", "--out", out, "--junit", junit, "--json"]);
    expect(r.stderr).not.toMatch(/sme: .*error/i);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as CoverageJson;
    const fc = s.functionalCoverage;
    expect(fc.hit).toBe(fc.reachable);
    expect(fc.reachable).toBeGreaterThan(15);
    // The main run alone (real weights, one program) leaves bins only random programs reach: the rounds ran.
    expect(s.closure.rounds).toBeGreaterThan(0);
    expect(s.closure.programs).toBe(s.closure.rounds);
    expect(s.closure.mismatches).toBe(0);
    const bin = (id: string) => fc.bins.find((b) => b.id === id)!;
    for (const id of ["crossbar_empty", "crossbar_full", "prog_target_3", "prog_valid_in_flight", "out_ready_low_last_step", "vector_all_one"])
      expect(bin(id).hits, id).toBeGreaterThan(0);
    expect(bin("adc_saturation_0")).toMatchObject({ status: "unreachable", hits: 0 });

    // Code coverage: lcov records name the design folder's files; the controller's lines and toggles were hit.
    const info = await readFile(s.codeCoverage.info, "utf8");
    const sources = info
      .split("\n")
      .filter((l) => l.startsWith("SF:"))
      .map((l) => l.slice(3));
    expect(sources.length).toBeGreaterThan(3);
    for (const f of sources) expect(f.startsWith(out) && existsSync(f), f).toBe(true);
    expect(sources.some((f) => f.endsWith("_fcov.sv"))).toBe(false);
    expect(info).toMatch(/^DA:\d+,[1-9]\d*$/m);
    const controller = s.codeCoverage.modules.find((m) => m.module.startsWith("sme_controller"))!;
    expect(controller.lines.hit).toBeGreaterThan(0);
    expect(controller.toggles.hit).toBeGreaterThan(0);
    expect(controller.toggles.hit).toBeLessThanOrEqual(controller.toggles.total);
    expect(s.codeCoverage.modules.some((m) => m.module.endsWith("_fcov"))).toBe(false);
    expect(s.codeCoverage.total.lines.hit).toBe(s.codeCoverage.modules.reduce((a, m) => a + m.lines.hit, 0));

    // The run's waves: one file for the one simulator, holding the whole run.
    expect(s.waves).toEqual([join(out, "verify", "waves-0.fst")]);
    expect(statSync(s.waves[0]).size).toBeGreaterThan(0);
    const waves = await readFst(s.waves[0]);
    expect(waves.vars.has(`top.${JSON.parse(await readFile(join(out, "manifest.json"), "utf8")).top}.controller_digit`)).toBe(true);

    // The JUnit report: valid, one passing case, the bins as properties.
    const xml = await readFile(junit, "utf8");
    const schema = await readFile(join(import.meta.dirname, "..", "..", "cli", "fixtures", "JUnit.xsd"), "utf8");
    expect((await validateXML({ xml: [{ fileName: "junit.xml", contents: xml }], schema: [schema] })).errors).toEqual([]);
    expect(xml).toMatch(/tests="1" failures="0" errors="0"/);
    expect(xml).toContain(`<property name="fcov.hit" value="${fc.hit}"/>`);
    expect(xml).toContain(`<property name="fcov.crossbar_full" value="${bin("crossbar_full").hits}"/>`);
    expect(xml).toContain('<property name="fcov.adc_saturation_0" value="unreachable: the ADC (4 bits) is at least as wide as a bit-line count (4 bits)"/>');

    // The human-readable form prints the bins table and the per-module summary.
    const text = await runSme(["verify", "--design", out, "--vectors", "20", "--functional-coverage"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/functional coverage\s+\d+ of \d+ reachable bins hit/);
    expect(text.stdout).toMatch(/│ prog_target\s+│ target 3 \(ignored\)\s+│\s+0 │ missed/);
    // Cold, this builds three simulators: the traced coverage build, the rounds' coverage build, the cover-point build.
  }, 600_000);
});
