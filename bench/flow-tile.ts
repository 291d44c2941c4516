// `sme generate` / `sme verify` figures for the default design (design.md §5: 128 x 128, N = 8, S = 3, A = 8,
// squeeze-min D = 2, programmable), on the shipped real layer. Prints medians and ratios against baselines
// measured in the same run: generation in a fresh process vs again in the same process, Verilator build cold
// (ccache disabled, new cache folder) vs ccache-warm vs cached, verify throughput (simulated and checked) with
// 1 and 2 simulators against the ceiling of the simulator's own C++ loop.
//   npx tsx bench/flow-tile.ts [--reps 3] [--vectors 20000] [--rows 128 --cols 128] [--skip-cold]
//                              [--skip-generate] [--skip-build]   (verify throughput alone, for A/B runs)
// (--vectors N as in `sme verify`: N random, N/4 layer-like and 5 corner vectors per verify run)
import { execa } from "execa";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import Table from "cli-table3";
import { activationVectors } from "../src/flow/verify/activations.js";
import { defaultJobs, loadFlowConfig } from "../src/flow/config.js";
import { DEMO_LAYER } from "../src/flow/demo/demo-layer.js";
import { generateDesign, writeDesign } from "../src/flow/generate/generate.js";
import { targetFromGenerated } from "../src/flow/verify/targets.js";
import { verifyTarget } from "../src/flow/verify/verify.js";
import { buildSimulator, simulate, type SimDesign } from "../src/sim/index.js";
import { measureRawStreamLoop } from "../src/sim/simulate.js";
import type { ProgrammableTilePorts } from "../src/hw/index.js";
import { compileTileModel } from "../src/sme/index.js";

const { values: args } = parseArgs({
  options: {
    reps: { type: "string", default: "3" },
    vectors: { type: "string", default: "20000" },
    rows: { type: "string", default: "128" },
    cols: { type: "string", default: "128" },
    "skip-cold": { type: "boolean", default: false },
    "skip-generate": { type: "boolean", default: false },
    "skip-build": { type: "boolean", default: false },
    "child-generate": { type: "boolean", default: false },
  },
});
const reps = Number(args.reps);
const flags = { rows: args.rows, cols: args.cols, weights: DEMO_LAYER.file };

/**
 * CPU seconds of this process (every thread) and of its reaped children (the simulators, once closed): the
 * work a verify run costs, whatever else the machine is doing. `/proc/self/stat` fields 14-17, in clock ticks.
 */
const cpuSeconds = (): number => {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  return fields.slice(11, 15).reduce((a, f) => a + Number(f), 0) / 100;
};

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

if (args["child-generate"]) {
  // Child mode: one generation in a fresh process (no module or elaboration caches), timed from inside.
  const g = await generateDesign(await loadFlowConfig(flags));
  process.stdout.write(`${g.ms}\n`);
  process.exit(0);
}

const rows: [string, string, string][] = [];
const config = await loadFlowConfig(flags);

// 1. Generation: fresh processes (what `sme generate` pays) vs the same process again (hardware elaboration cached).
const g = await generateDesign(config);
if (!args["skip-generate"]) {
  const fresh: number[] = [];
  for (let r = 0; r < reps; r++) {
    const child = await execa("npx", ["tsx", "bench/flow-tile.ts", "--child-generate", "--rows", args.rows, "--cols", args.cols]);
    fresh.push(Number(child.stdout.trim()));
  }
  const again: number[] = [];
  for (let r = 0; r < reps; r++) again.push((await generateDesign(config)).ms);
  rows.push(["generate, fresh process (goal < 2 s)", `${(median(fresh) / 1000).toFixed(2)} s`, "1.00x"]);
  rows.push(["generate, same process again", `${(median(again) / 1000).toFixed(2)} s`, `${(median(fresh) / median(again)).toFixed(1)}x faster`]);
}

// 2. Verilator build: cold (ccache off, new cache folder), ccache-warm (new cache folder), cached.
const design = g.tile.design;
const cacheDir = await mkdtemp(join(tmpdir(), "sme-bench-flow-"));
try {
  if (!args["skip-build"]) await measureBuilds();
} finally {
  await rm(cacheDir, { recursive: true, force: true });
}

async function measureBuilds(): Promise<void> {
  let coldMs: number | undefined;
  if (!args["skip-cold"]) {
    process.env.CCACHE_DISABLE = "1";
    coldMs = (await buildSimulator(design, { clock: "clk", cacheDir: join(cacheDir, "cold") })).ms;
    delete process.env.CCACHE_DISABLE;
  }
  const warm = (await buildSimulator(design, { clock: "clk", cacheDir: join(cacheDir, "warm") })).ms;
  const cached: number[] = [];
  for (let r = 0; r < reps; r++) cached.push((await buildSimulator(design, { clock: "clk", cacheDir: join(cacheDir, "warm") })).ms);
  const base = coldMs ?? warm;
  if (coldMs !== undefined) rows.push(["Verilator build, cold (ccache off)", `${(coldMs / 1000).toFixed(1)} s`, "1.00x"]);
  rows.push(["Verilator build, new folder, ccache warm", `${(warm / 1000).toFixed(1)} s`, coldMs === undefined ? "1.00x" : `${(base / warm).toFixed(1)}x faster`]);
  rows.push(["Verilator build, cached", `${median(cached).toFixed(0)} ms`, `${(base / median(cached)).toFixed(0)}x faster`]);
}

// 3. Verify throughput: `verifyTarget`, exactly what `sme verify` runs (lint and build cached), on a copy of the
// design in a temporary folder. The simulators stream while the host runs the golden model and compares.
// Simulated = vectors / time until the last simulator reply; checked = vectors / time until the last output
// was compared. Vectors: N random, N/4 layer-like and 5 corner ones, as `sme verify --vectors N`.
const p = config.params;
const verifyDir = await mkdtemp(join(tmpdir(), "sme-bench-verify-"));
const speeds = new Map<number, { sim: number[]; checked: number[]; cpuUs: number[]; vectors: number }>();
const jobCounts = [...new Set([1, 2, defaultJobs()])];
try {
  const gv = await generateDesign(await loadFlowConfig({ ...flags, out: join(verifyDir, "d") }));
  await writeDesign(gv);
  const target = targetFromGenerated(gv);
  for (const jobs of jobCounts) {
    const sim: number[] = [];
    const checked: number[] = [];
    const cpuUs: number[] = [];
    let vectors = 0;
    for (let r = 0; r < reps; r++) {
      const cpu0 = cpuSeconds();
      const report = await verifyTarget(target, { vectors: Number(args.vectors), jobs, seed: 1 });
      cpuUs.push(((cpuSeconds() - cpu0) / report.vectors.checked) * 1e6);
      if (report.mismatches !== 0) throw new Error(`benchmark run found ${report.mismatches} mismatches`);
      sim.push(report.vectorsPerSecond);
      checked.push(report.checkedPerSecond);
      vectors = report.vectors.checked;
    }
    speeds.set(jobs, { sim, checked, cpuUs, vectors });
  }
} finally {
  await rm(verifyDir, { recursive: true, force: true });
}
const set = activationVectors(p.rows, p.actBits, { random: Number(args.vectors), layerLike: 0, seed: 1 });
// The ceiling: the simulator's own C++ loop over the same model, no host I/O and no comparison.
const raw: number[] = [];
for (let r = 0; r < reps; r++) {
  const dut = await simulate(design as SimDesign<ProgrammableTilePorts>, { build: { benchLoop: true } });
  try {
    await dut.reset();
    const loop = await measureRawStreamLoop(dut, { input: { valid: "in_valid", ready: "in_ready", data: "in_act" }, output: { valid: "out_valid", ready: "out_ready" } }, set.vectors.length);
    raw.push(loop.received / loop.seconds);
  } finally {
    await dut.close();
  }
}
// The golden model alone in one thread, for the host's share of the work.
const model = compileTileModel(g.plan, p);
const golden: number[] = [];
for (let r = 0; r < reps; r++) {
  const t0 = performance.now();
  for (const x of set.vectors) model.run(x);
  golden.push(set.vectors.length / ((performance.now() - t0) / 1000));
}
const ceiling = median(raw);
const ratio = (x: number): string => `${(x / ceiling).toFixed(2)}x`;
rows.push(["simulator C++ loop alone, 1 process (no I/O): vectors/s", ceiling.toFixed(0), "1.00x (ceiling)"]);
rows.push(["golden model alone, 1 thread: vectors/s", median(golden).toFixed(0), ratio(median(golden))]);
for (const jobs of jobCounts) {
  const sp = speeds.get(jobs)!;
  const label = `verify --jobs ${jobs}${jobs === defaultJobs() ? " (default)" : ""}`;
  rows.push([`${label}: simulated vectors/s`, median(sp.sim).toFixed(0), ratio(median(sp.sim))]);
  rows.push([`${label}: checked vectors/s`, median(sp.checked).toFixed(0), `${ratio(median(sp.checked))}, ${(median(sp.checked) / median(sp.sim)).toFixed(2)} of simulated`]);
  const cpu = median(sp.cpuUs);
  const bound = (Math.min(jobs + 1, availableParallelism()) / cpu) * 1e6;
  rows.push([`${label}: CPU per checked vector (host + simulators)`, `${cpu.toFixed(0)} us`, `bound on idle cores: ${bound.toFixed(0)} vectors/s`]);
}
const goal = median(speeds.get(defaultJobs())!.checked);
rows.push(["verify, checked vectors/s (goal 10,000)", goal.toFixed(0), goal >= 10_000 ? "met" : "missed"]);

const table = new Table({ head: ["measurement", "median", "ratio"], style: { head: [], border: [] } });
for (const r of rows) table.push(r);
process.stdout.write(
  `flow-tile: ${p.rows} x ${p.cols} ${p.mode} D=${p.squeeze} ${config.kind}, ${g.manifest.crossbars.length} crossbars of K = ${g.tile.slots}, ` +
    `${g.tile.cyclesPerVector} cycles/vector, ${reps} reps, ${speeds.get(1)!.vectors} vectors per verify, ${availableParallelism()} cores\n${table.toString()}\n`,
);
