// Tile hardware figures (src/hw) for the default design (design.md §5: 128 x 128, N = 8, A = 8, squeeze-min D = 2,
// programmable) and the cost of each mode. Prints medians and ratios against baselines measured in the same run:
// - generation (elaboration + checks + Verilog) of the default tile in a fresh process, vs a 32 x 32 tile;
// - Verilator build: new design (own cache folder, ccache as configured) vs the same design again (cached);
// - simulated vectors/s through dut.stream with 1 simulator, and with 2 simulators side by side (2 cores); the
//   `sme verify` figures (pipelined, hex payloads, golden model overlapped; goal 10,000) are in bench/flow-tile.ts;
// - Yosys `synth -flatten; stat` cell counts by type at 32 x 32 for every mode (area of each row-remap variant).
//   npx tsx bench/hw-tile.ts [--reps 3] [--vectors 4000] [--rows 128] [--skip-yosys] [--skip-build]
import { execa } from "execa";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import Table from "cli-table3";
import { buildTile, openTile, streamVectors, type ProgrammableTileHardware } from "../src/hw/index.js";
import { buildSimulator, closeAllSimulations } from "../src/sim/index.js";
import { buildProgramImage, makeTileParams, MAPPING_MODES, planForTile, seededRandom, syntheticMatrix, type TileParams } from "../src/sme/index.js";
import { yosysCellCount } from "../src/tools/index.js";

const { values: args } = parseArgs({
  options: {
    reps: { type: "string", default: "3" },
    vectors: { type: "string", default: "4000" },
    rows: { type: "string", default: "128" },
    "skip-yosys": { type: "boolean", default: false },
    "skip-build": { type: "boolean", default: false },
    "child-generate": { type: "string" },
  },
});
const reps = Number(args.reps);
const size = Number(args.rows);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

if (args["child-generate"]) {
  // Child mode: one generation in a fresh process (no generator or printing caches), timed from inside.
  const n = Number(args["child-generate"]);
  const t0 = performance.now();
  buildTile(makeTileParams({ rows: n, cols: n }), { kind: "programmable" });
  process.stdout.write(`${performance.now() - t0}\n`);
  process.exit(0);
}

const table = new Table({ head: ["measure", "median", "ratio"] });
const generateIn = async (n: number): Promise<number> => {
  const child = await execa("npx", ["tsx", "bench/hw-tile.ts", "--child-generate", String(n)]);
  return Number(child.stdout.trim());
};

// 1. Generation.
const small: number[] = [];
const big: number[] = [];
for (let r = 0; r < reps; r++) {
  small.push(await generateIn(32));
  big.push(await generateIn(size));
}
table.push([`generate 32 x 32 tile (baseline)`, `${median(small).toFixed(0)} ms`, "1.00x"]);
table.push([`generate ${size} x ${size} default tile (goal < 2 s)`, `${median(big).toFixed(0)} ms`, `${(median(big) / median(small)).toFixed(2)}x`]);

const p: TileParams = makeTileParams({ rows: size, cols: size });
const hw: ProgrammableTileHardware = buildTile(p, { kind: "programmable" });

// 2. Verilator build: a new design in an empty cache folder, then the same again (cache hit).
if (!args["skip-build"]) {
  const cacheDir = await mkdtemp(join(tmpdir(), "sme-hw-bench-"));
  try {
    const cold = await buildSimulator(hw.design, { clock: "clk", cacheDir });
    const cached = await buildSimulator(hw.design, { clock: "clk", cacheDir });
    table.push(["Verilator build, cached (baseline)", `${cached.ms.toFixed(0)} ms`, "1.00x"]);
    table.push([
      `Verilator build, new ${size} x ${size} design${process.env.OBJCACHE === "" ? "" : " (ccache as configured)"}`,
      `${(cold.ms / 1000).toFixed(1)} s`,
      `${(cold.ms / Math.max(1, cached.ms)).toFixed(0)}x`,
    ]);
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
}

// 3. Simulated vectors/s through dut.stream (programmed with synthetic weights), 1 and 2 simulators.
const plan = planForTile(syntheticMatrix(size, size, 1), p).plan;
const image = buildProgramImage(plan, hw.slots);
const rnd = seededRandom(3);
const vectors = Array.from({ length: Number(args.vectors) }, () => Array.from({ length: size }, () => Math.floor(rnd() * 256)));
async function throughput(sims: number): Promise<number> {
  const duts = (await Promise.all(Array.from({ length: sims }, () => openTile(hw, hw.design.files, image)))).map((t) => t.dut);
  try {
    const share = Math.ceil(vectors.length / sims);
    const t0 = performance.now();
    await Promise.all(duts.map((dut, i) => streamVectors(dut, hw, vectors.slice(i * share, (i + 1) * share))));
    return vectors.length / ((performance.now() - t0) / 1000);
  } finally {
    for (const dut of duts) await dut.close();
  }
}
const one: number[] = [];
const two: number[] = [];
for (let r = 0; r < reps; r++) {
  one.push(await throughput(1));
  two.push(await throughput(2));
}
table.push([
  `vectors/s through dut.stream (hex payloads, one block, unpipelined), 1 simulator (G*T = ${hw.cyclesPerVector} cycles per vector)`,
  median(one).toFixed(0),
  "1.00x",
]);
table.push(["vectors/s, 2 simulators in parallel", median(two).toFixed(0), `${(median(two) / median(one)).toFixed(2)}x`]);
table.push(["simulated cycles/s, 1 simulator", (median(one) * hw.cyclesPerVector).toFixed(0), ""]);
process.stdout.write(`${table.toString()}\n`);

// 4. Yosys cell counts per mode at 32 x 32 (programmable: the storage each mode needs is all there).
if (!args["skip-yosys"]) {
  const rows: Record<string, string | number>[] = [];
  const types = new Set<string>();
  let denseCells = 0;
  for (const mode of MAPPING_MODES) {
    const q = makeTileParams({ rows: 32, cols: 32, mode });
    const t = buildTile(q, { kind: "programmable" });
    const t0 = performance.now();
    const stat = await yosysCellCount(t.design.files, t.name);
    if (mode === "dense") denseCells = stat.cells;
    for (const k of Object.keys(stat.byType)) types.add(k);
    rows.push({
      mode: mode === "squeeze" || mode === "squeeze-min" ? `${mode} D=2` : mode,
      slots: t.slots,
      cells: stat.cells,
      ratio: `${(stat.cells / denseCells).toFixed(2)}x`,
      seconds: ((performance.now() - t0) / 1000).toFixed(0),
      ...stat.byType,
    });
  }
  const cellTypes = [...types].sort();
  const cells = new Table({ head: ["mode (32 x 32, programmable)", "K", "cells", "vs dense", "synth s", ...cellTypes] });
  for (const r of rows) cells.push([r.mode, r.slots, r.cells, r.ratio, r.seconds, ...cellTypes.map((k) => r[k] ?? 0)] as string[]);
  process.stdout.write(`${cells.toString()}\n`);
}
await closeAllSimulations();
