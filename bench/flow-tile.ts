// `sme generate` / `sme verify` figures for the default design (design.md §5: 128 x 128, N = 8, S = 3, A = 8,
// squeeze-min D = 2, programmable), on the shipped real layer. Prints medians and ratios against baselines
// measured in the same run:
// - generation as a whole `sme generate` process (spawn to exit: Node start, imports, generation, writing the
//   folder), in-process in a fresh process (timed from inside, after the imports), and again in the same process;
// - Verilator build cold (ccache disabled, new cache folder) vs ccache-warm vs cached;
// - verify against the simulator's own C++ loop on the same programmed tile and the same vectors (the loop's
//   own pseudo-random payloads, decoded into activation vectors), the two alternating rep by rep: checked
//   vectors/s of verify's streaming and checking (`runShards`, what `sme verify` runs after lint and build) with
//   1, 2 and the default number of simulators, over the loop's vectors/s in the same rep.
//   npx tsx bench/flow-tile.ts [--reps 3] [--vectors 20000] [--rows 128 --cols 128] [--skip-cold]
//                              [--skip-generate] [--skip-build]   (verify throughput alone, for A/B runs)
import { execa } from "execa";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import Table from "cli-table3";
import { defaultJobs, loadFlowConfig } from "../src/flow/config.js";
import { DEMO_LAYER } from "../src/flow/demo/demo-layer.js";
import { generateDesign, writeDesign } from "../src/flow/generate/generate.js";
import { runShards } from "../src/flow/verify/shards.js";
import { targetFromGenerated } from "../src/flow/verify/targets.js";
import { buildTileModel, packActivations, programTile, TILE_PORTS, tileSimDesign, type ProgrammableTileDut } from "../src/hw/index.js";
import { unpackFields } from "../src/sim/fields.js";
import { buildSimulator, simulate } from "../src/sim/index.js";
import { measureRawStreamLoop } from "../src/sim/simulate.js";
import { compileTileModel } from "../src/sme/index.js";
import { projectRoot } from "../src/util/paths.js";

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

// 1. Generation: the whole `sme generate` process, the generation alone in a fresh process, and again in the
// same process (hardware elaboration cached).
const g = await generateDesign(config);
if (!args["skip-generate"]) {
  const whole: number[] = [];
  const fresh: number[] = [];
  const outDir = await mkdtemp(join(tmpdir(), "sme-bench-generate-"));
  try {
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      await execa(
        process.execPath,
        [
          join(projectRoot, "bin", "sme.mjs"),
          "generate",
          "--rows",
          args.rows,
          "--cols",
          args.cols,
          "--weights",
          DEMO_LAYER.file,
          "--out",
          join(outDir, `d${r}`),
        ],
        { cwd: projectRoot },
      );
      whole.push(performance.now() - t0);
      const child = await execa("npx", ["tsx", "bench/flow-tile.ts", "--child-generate", "--rows", args.rows, "--cols", args.cols], { cwd: projectRoot });
      fresh.push(Number(child.stdout.trim()));
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
  const again: number[] = [];
  for (let r = 0; r < reps; r++) again.push((await generateDesign(config)).ms);
  rows.push(["`sme generate`, whole process (spawn to exit, writes the folder)", `${(median(whole) / 1000).toFixed(2)} s`, "1.00x"]);
  rows.push([
    "generation in-process, fresh process (after imports, no writing)",
    `${(median(fresh) / 1000).toFixed(2)} s`,
    `${(median(fresh) / median(whole)).toFixed(2)} of the whole`,
  ]);
  rows.push([
    "generation in-process, same process again",
    `${(median(again) / 1000).toFixed(2)} s`,
    `${(median(again) / median(whole)).toFixed(2)} of the whole`,
  ]);
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
  rows.push([
    "Verilator build, new folder, ccache warm",
    `${(warm / 1000).toFixed(1)} s`,
    coldMs === undefined ? "1.00x" : `${(base / warm).toFixed(1)}x faster`,
  ]);
  rows.push(["Verilator build, cached", `${median(cached).toFixed(0)} ms`, `${(base / median(cached)).toFixed(0)}x faster`]);
}

// 3. Verify against the C++ loop, on the same programmed tile and the same vectors, alternating rep by rep.
// The loop streams its own xorshift64 payloads (driver.cpp, rawLoop): the same generator here gives the
// activation vectors verify streams and checks.
const p = config.params;
const loopVectors = rawLoopVectors(Number(args.vectors), p.rows, p.actBits);
const verifyDir = await mkdtemp(join(tmpdir(), "sme-bench-verify-"));
const speeds = new Map<number, { checked: number[]; sim: number[]; ratio: number[]; cpuUs: number[] }>();
const jobCounts = [...new Set([1, 2, defaultJobs()])];
for (const jobs of jobCounts) speeds.set(jobs, { checked: [], sim: [], ratio: [], cpuUs: [] });
const raw: number[] = [];
try {
  const gv = await generateDesign(await loadFlowConfig({ ...flags, out: join(verifyDir, "d") }));
  await writeDesign(gv);
  const target = targetFromGenerated(gv);
  if (!target.program) throw new Error("the benchmark needs a programmable design");
  // Both builds (verify's and the loop's) before any timing: a build inside a rep would count as its CPU.
  await buildTileModel(target.tile, target.files);
  await buildSimulator(tileSimDesign(target.tile, target.files), { clock: TILE_PORTS.clock, benchLoop: true });
  for (let r = 0; r < reps; r++) {
    // The ceiling: the simulator's own C++ loop on the programmed tile, no host I/O and no comparison.
    const dut = (await simulate(tileSimDesign(target.tile, target.files), { clock: TILE_PORTS.clock, build: { benchLoop: true } })) as ProgrammableTileDut;
    let loopRate: number;
    try {
      await dut.reset({ port: TILE_PORTS.reset });
      await programTile(dut, target.tile, target.program);
      const loop = await measureRawStreamLoop(dut, TILE_PORTS, loopVectors.length);
      if (loop.received !== loopVectors.length) throw new Error(`the C++ loop returned ${loop.received} of ${loopVectors.length} results`);
      loopRate = loop.received / loop.seconds;
    } finally {
      await dut.close();
    }
    raw.push(loopRate);
    for (const jobs of jobCounts) {
      const cpu0 = cpuSeconds();
      const run = await runShards(
        { tile: target.tile, files: target.files, program: target.program, vectors: loopVectors, offset: 0, golden: target.plan, blockSize: 256 },
        jobs,
      );
      if (run.mismatches !== 0 || run.checked !== loopVectors.length) throw new Error(`benchmark run: ${run.checked} checked, ${run.mismatches} mismatches`);
      const sp = speeds.get(jobs)!;
      const checked = run.checked / (run.checkMs / 1000);
      sp.checked.push(checked);
      sp.sim.push(run.checked / (run.streamMs / 1000));
      sp.ratio.push(checked / loopRate);
      sp.cpuUs.push(((cpuSeconds() - cpu0) / run.checked) * 1e6);
    }
  }
} finally {
  await rm(verifyDir, { recursive: true, force: true });
}
// The golden model alone in one thread, for the host's share of the work.
const model = compileTileModel(g.plan, p);
const golden: number[] = [];
for (let r = 0; r < reps; r++) {
  const t0 = performance.now();
  for (const x of loopVectors) model.run(x);
  golden.push(loopVectors.length / ((performance.now() - t0) / 1000));
}
const ceiling = median(raw);
rows.push(["simulator C++ loop alone, programmed tile, 1 process (no I/O): vectors/s", ceiling.toFixed(0), "1.00x (ceiling)"]);
rows.push(["golden model alone, 1 thread: vectors/s", median(golden).toFixed(0), `${(median(golden) / ceiling).toFixed(2)}x`]);
for (const jobs of jobCounts) {
  const sp = speeds.get(jobs)!;
  const label = `verify --jobs ${jobs}${jobs === defaultJobs() ? " (default)" : ""}`;
  rows.push([`${label}: simulated vectors/s`, median(sp.sim).toFixed(0), ""]);
  rows.push([
    `${label}: checked vectors/s (same vectors)`,
    median(sp.checked).toFixed(0),
    `${median(sp.ratio).toFixed(2)}x the loop (median of per-rep ratios)`,
  ]);
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
    `${g.tile.cyclesPerVector} cycles/vector, ${reps} reps, ${loopVectors.length} vectors per run, ${availableParallelism()} cores, ` +
    `load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")}\n${table.toString()}\n`,
);

/**
 * The activation vectors the C++ loop streams: its xorshift64 generator (seed 0x2545F4914F6CDD1D) fills every
 * byte of the port's Verilator storage (1, 2, 4 or 8 bytes, or 32-bit words when wider), lowest byte first,
 * masked to the port's width, once before the first vector and again after each accepted one.
 */
function rawLoopVectors(count: number, rows: number, actBits: number): number[][] {
  const width = rows * actBits;
  const bytes = width <= 8 ? 1 : width <= 16 ? 2 : width <= 32 ? 4 : width <= 64 ? 8 : 4 * Math.ceil(width / 32);
  const mask64 = (1n << 64n) - 1n;
  let state = 0x2545f4914f6cdd1dn;
  const out: number[][] = [];
  for (let v = 0; v < count; v++) {
    let payload = 0n;
    for (let b = 0; b < bytes; b++) {
      state ^= (state << 13n) & mask64;
      state ^= state >> 7n;
      state ^= (state << 17n) & mask64;
      const bits = Math.max(0, Math.min(8, width - 8 * b));
      payload |= (state & ((1n << BigInt(bits)) - 1n)) << BigInt(8 * b);
    }
    const x = unpackFields(payload, actBits, rows).map(Number);
    if (packActivations(x, actBits) !== payload) throw new Error("activation packing disagrees with the loop's payload layout");
    out.push(x);
  }
  return out;
}
