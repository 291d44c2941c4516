import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  driverDir,
  driverFlags,
  driverSourcePath,
  driverSourceText,
  modelClass,
  portTableName,
  renderPortTable,
  type DriverFeatures,
  type InternalSignal,
} from "../../src/sim/driver-source.js";
import { buildSimulator, closeAllSimulations, measureRawStreamLoop, simulate, SimCrashError, writeCoverage, type SimDesign } from "../../src/sim/index.js";
import { SimTransport } from "../../src/sim/transport.js";
import { verilatorCommand } from "../../src/sim/verilator.js";
import { UserError } from "../../src/util/errors.js";
import { tinyDesign } from "./fixtures/tiny.js";
import { tripleDesign } from "./fixtures/triple.js";

afterAll(closeAllSimulations);

/** A small clocked design with a wide port and an internal register, to verilate for the compile checks. */
const counterDesign: SimDesign<{ clk: "input"; a: "input"; a_q: "output"; n: "output" }> = {
  top: "counter",
  files: [
    {
      name: "counter.v",
      text: `module counter(input wire clk, input wire [99:0] a, output reg [99:0] a_q, output wire [7:0] n);
  reg [7:0] count;
  assign n = count;
  always @(posedge clk) begin
    a_q <= a;
    count <= count + 8'd1;
  end
endmodule
`,
    },
  ],
  ports: [
    { name: "clk", direction: "input", width: 1, signed: false },
    { name: "a", direction: "input", width: 100, signed: false },
    { name: "a_q", direction: "output", width: 100, signed: false },
    { name: "n", direction: "output", width: 8, signed: false },
  ],
};
const count: InternalSignal = { name: "count", width: 8, signed: false };

interface Variant {
  readonly name: string;
  readonly design: SimDesign;
  readonly clock?: string;
  readonly internals?: readonly InternalSignal[];
  readonly features: DriverFeatures;
}

/** Every compile-time switch, on and off, and both shapes of the generated table (clock or none, internals). */
const variants: readonly Variant[] = [
  { name: "production, clocked", design: counterDesign, clock: "clk", features: {} },
  { name: "production, combinational", design: tinyDesign, features: {} },
  { name: "VCD waves, benchmark loop, internal signal", design: counterDesign, clock: "clk", internals: [count], features: { waves: "vcd", benchLoop: true } },
  { name: "FST waves", design: counterDesign, clock: "clk", features: { waves: "fst" } },
  { name: "coverage (line, toggle, user)", design: counterDesign, clock: "clk", features: { coverage: ["line", "toggle", "user"] } },
];

describe("the simulator driver's C++ source", () => {
  let root = "";
  let work = "";
  beforeAll(async () => {
    root = (await execa(verilatorCommand(), ["--getenv", "VERILATOR_ROOT"])).stdout.trim();
    work = await mkdtemp(join(tmpdir(), "sme-driver-cpp-"));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it.each(variants)("compiles without a warning under -Wall -Wextra -Werror: $name", async (v) => {
    const dir = await mkdtemp(join(work, "v-"));
    for (const file of v.design.files) await writeFile(join(dir, file.name), file.text);
    await writeFile(join(dir, portTableName), renderPortTable(v.design, v.clock, v.internals ?? []));
    // The model's headers, made with the real build's flags (the trace switches change the model class).
    const flags = [...driverFlags(v.features), ...(v.internals?.length ? ["--public-flat-rw"] : [])];
    await execa(verilatorCommand(), [
      "--cc",
      ...flags,
      "--prefix",
      modelClass,
      "--top-module",
      v.design.top,
      "-Mdir",
      join(dir, "obj"),
      ...v.design.files.map((f) => join(dir, f.name)),
    ]);
    // The defines a build passes to every C++ file: Verilator's trace switches (verilated.mk) and -CFLAGS.
    const defines = [
      `-DVM_TRACE=${v.features.waves ? 1 : 0}`,
      `-DVM_TRACE_VCD=${v.features.waves === "vcd" ? 1 : 0}`,
      `-DVM_TRACE_FST=${v.features.waves === "fst" ? 1 : 0}`,
      `-DVM_COVERAGE=${v.features.coverage?.length ? 1 : 0}`,
      ...flags.filter((_, i) => flags[i - 1] === "-CFLAGS"),
    ];
    // Verilator's headers and the model are system headers here: the warnings checked are the driver's and
    // the generated port table's (found first, next to the copy of the driver).
    await writeFile(join(dir, "driver.cpp"), driverSourceText());
    const result = await execa(
      "g++",
      [
        "-fsyntax-only",
        "-Wall",
        "-Wextra",
        "-Wshadow",
        "-Wconversion",
        "-Werror",
        ...defines,
        "-isystem",
        join(dir, "obj"),
        "-isystem",
        join(root, "include"),
        "-isystem",
        join(root, "include", "vltstd"),
        join(dir, "driver.cpp"),
      ],
      { all: true, reject: false },
    );
    expect(result.all).toBe("");
    expect(result.exitCode).toBe(0);
  });

  it("is formatted by clang-format (src/sim/driver/.clang-format), and so is a generated port table", async () => {
    const table = join(work, portTableName);
    await writeFile(table, renderPortTable(counterDesign, "clk", [count]));
    const style = `--style=file:${join(driverDir, ".clang-format")}`;
    const result = await execa("clang-format", ["--dry-run", "-Werror", style, driverSourcePath, table], { all: true, reject: false });
    if ((result as { code?: string }).code === "ENOENT") throw new Error("clang-format is missing: run scripts/setup.sh (Debian package clang-format)");
    expect(result.all).toBe("");
    expect(result.exitCode).toBe(0);
    const bad = join(work, "bad.cpp");
    await writeFile(bad, "int  f( ){return 1;}\n");
    expect((await execa("clang-format", ["--dry-run", "-Werror", style, bad], { reject: false })).exitCode).not.toBe(0);
  });
});

describe("the generated port table", () => {
  it("lists ports in declaration order, then internal signals, and names the clock", () => {
    const table = renderPortTable(counterDesign, "clk", [count]);
    expect(table).toContain('#include "Vtop___024root.h"');
    const visits = table.split("\n").filter((l) => l.trim().startsWith("visit("));
    expect(visits.map((l) => l.trim())).toEqual([
      'visit("clk", 1, true, top.clk);',
      'visit("a", 100, true, top.a);',
      'visit("a_q", 100, false, top.a_q);',
      'visit("n", 8, false, top.n);',
      'visit("count", 8, false, top.rootp->counter__DOT__count);  // internal, read-only',
    ]);
    expect(table).toContain("inline CData* clockPort(Model& top) { return &top.clk; }");
    const combinational = renderPortTable(tinyDesign, undefined);
    expect(combinational).toContain("inline CData* clockPort(Model&) { return nullptr; }");
    expect(combinational).not.toContain("___024root");
  });

  it("rejects names the driver cannot address with a clear error", () => {
    const odd = { ...tinyDesign, ports: [{ name: "a.b", direction: "input" as const, width: 1, signed: false }] };
    expect(() => renderPortTable(odd, undefined)).toThrow(UserError);
    expect(() => renderPortTable(odd, undefined)).toThrow(/port name "a.b" of tiny is not a plain identifier/);
    expect(() => renderPortTable(tinyDesign, undefined, [{ name: "x__y", width: 1, signed: false }])).toThrow(/cannot be addressed/);
  });
});

describe("compile-time switches in real builds", () => {
  it("a production build has neither the benchmark loop nor waves; asking for them fails clearly", async () => {
    const built = await buildSimulator(tripleDesign, { clock: "clk" });
    expect(driverSourceText()).toContain("#ifdef SME_BENCH_LOOP"); // the switch this test relies on
    const rawLoop = await SimTransport.start(built.executable, { timeoutMs: 10_000 });
    try {
      expect(() => rawLoop.request("T 2 3 4 5 6 10\n")).toThrow(SimCrashError);
      expect(() => rawLoop.request("C\n")).toThrow(/benchmark loop needs a simulator built with it/);
    } finally {
      await rawLoop.close().catch(() => undefined);
    }
    const waves = await SimTransport.start(built.executable, { timeoutMs: 10_000 });
    try {
      waves.send(`W 1 ${join(tmpdir(), "never.vcd")}\n`);
      expect(() => waves.request("C\n")).toThrow(/waves need a simulator built with tracing/);
    } finally {
      await waves.close().catch(() => undefined);
    }
    const coverage = await SimTransport.start(built.executable, { timeoutMs: 10_000 });
    try {
      coverage.send(`V ${join(tmpdir(), "never.dat")}\n`);
      expect(() => coverage.request("C\n")).toThrow(/coverage needs a simulator built with coverage/);
    } finally {
      await coverage.close().catch(() => undefined);
    }
    // The handle API says the same before anything reaches the simulator.
    await using dut = await simulate(tripleDesign);
    await expect(writeCoverage(dut, join(tmpdir(), "never.dat"))).rejects.toThrow(/simulate\(design, \{ coverage/);
    const ports = { input: { valid: "in_valid", ready: "in_ready", data: "in_data" }, output: { valid: "out_valid", ready: "out_ready" } } as const;
    await expect(measureRawStreamLoop(dut, ports, 10)).rejects.toThrow(/build: \{ benchLoop: true \}/);
  });

  it("the benchmark build is a separate cache entry whose flags carry the switch", async () => {
    const production = await buildSimulator(tripleDesign, { clock: "clk" });
    const bench = await buildSimulator(tripleDesign, { clock: "clk", benchLoop: true });
    expect(bench.dir).not.toBe(production.dir);
    expect(await readFile(join(bench.dir, "build.log"), "utf8")).toMatch(/-CFLAGS -DSME_BENCH_LOOP/);
    expect(await readFile(join(production.dir, "build.log"), "utf8")).not.toMatch(/SME_BENCH_LOOP/);
  });
});

describe("coverage builds", () => {
  it("count what the run toggled and write Verilator's coverage.dat on request, cumulatively", async () => {
    await using dut = await simulate(counterDesign, { coverage: ["line", "toggle"] });
    const dir = await mkdtemp(join(tmpdir(), "sme-coverage-"));
    try {
      dut.a.value = 0n;
      await dut.tick(3);
      await writeCoverage(dut, join(dir, "early.dat"));
      dut.a.value = (1n << 99n) | 1n;
      await dut.tick(300);
      await writeCoverage(dut, join(dir, "late.dat"));
      const toggles = (text: string, signal: string): number[] =>
        text
          .split("\n")
          .filter((l) => l.includes("page\u0002v_toggle/counter") && l.includes(`\u0001o\u0002${signal}`))
          .map((l) => Number(l.slice(l.lastIndexOf(" ") + 1)));
      const early = await readFile(join(dir, "early.dat"), "utf8");
      const late = await readFile(join(dir, "late.dat"), "utf8");
      // count[7] toggles only after 128 cycles: not yet in the early file, twice by the late one (300 > 256).
      expect(toggles(early, "count[7]").reduce((a, b) => a + b, 0)).toBe(0);
      expect(toggles(late, "count[7]").reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2);
      // a[99] rose once, a[50] never moved.
      expect(toggles(late, "a[99]").reduce((a, b) => a + b, 0)).toBe(1);
      expect(toggles(late, "a[50]").reduce((a, b) => a + b, 0)).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
