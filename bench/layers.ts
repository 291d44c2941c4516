// Whole-layer `sme verify` figures (`--layers`): programming seconds and cycles per tile, streaming vectors/s
// over whole layers of the face ResNet, and the ratio to the single-tile `sme verify` rate of the same design,
// measured in the same run, runs alternating. Medians of --reps; CPU seconds of host and simulators beside.
//   npx tsx bench/layers.ts [--reps 3] [--rows 128 --cols 128] [--vectors 2000] [--single 20000]
//                           [--layers conv32_1/conv1/conv/filters,...] [--traces DIR] [--jobs 1]
// --vectors: random input vectors per layer (or, with --traces DIR, at most that many traced vectors per layer);
// --single: random vectors of the single-tile `sme verify` run (plus a quarter layer-like and 5 corner vectors).
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import Table from "cli-table3";
import { resolveFlowConfig } from "../src/flow/config.js";
import { generateDesign, writeDesign } from "../src/flow/generate/generate.js";
import { resolveModelFile } from "../src/flow/layers/config.js";
import { verifyLayers } from "../src/flow/layers/run.js";
import { inputLoaders } from "../src/flow/layers/sources.js";
import { targetFromGenerated } from "../src/flow/verify/targets.js";
import { verifyTarget } from "../src/flow/verify/verify.js";
import { findLayer, loadModel } from "../src/sme/index.js";

const { values: args } = parseArgs({
  options: {
    reps: { type: "string", default: "3" },
    rows: { type: "string", default: "128" },
    cols: { type: "string", default: "128" },
    vectors: { type: "string", default: "2000" },
    single: { type: "string", default: "20000" },
    layers: { type: "string", default: "conv32_1/conv1/conv/filters,conv64_1/conv1/conv/filters,conv128_1/conv1/conv/filters" },
    traces: { type: "string" },
    jobs: { type: "string", default: "1" },
  },
});
const reps = Number(args.reps);
const jobs = Number(args.jobs);
const names = args.layers.split(",");

/** CPU seconds of this process (every thread) and of its reaped children (the simulators, once closed). `/proc/self/stat` fields 14-17. */
const cpuSeconds = (): number => {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  return fields.slice(11, 15).reduce((a, f) => a + Number(f), 0) / 100;
};
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const loadAverage = (): string => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

const model = resolveModelFile("resnet");
const weights = await loadModel(model);
const layers = names.map((n) => findLayer(weights, n));
const dir = await mkdtemp(join(tmpdir(), "sme-bench-layers-"));
try {
  // The design: the programmable tile, programmed for the single-tile run with the first layer's tile 0,0.
  const config = resolveFlowConfig({ rows: args.rows, cols: args.cols, weights: model, layer: names[0], out: join(dir, "d"), jobs });
  const g = await generateDesign(config);
  await writeDesign(g);
  const single = targetFromGenerated(g);
  const p = config.params;
  const loaders = await inputLoaders(args.traces ? { kind: "traces", dir: args.traces } : { kind: "random" }, layers, {
    actBits: p.actBits,
    vectors: Number(args.vectors),
    seed: 1,
    maxVectors: args.traces ? Number(args.vectors) : null,
  });
  const layerTarget = { name: g.name, tile: single.tile, files: single.files, verilogPaths: single.verilogPaths };
  // Build (and lint) once before timing anything.
  await verifyTarget(single, { vectors: 100, jobs: 1, seed: 1 });

  const m = {
    single: [] as number[],
    singleCpu: [] as number[],
    stream: [] as number[],
    withProgramming: [] as number[],
    programMs: [] as number[],
    layerCpu: [] as number[],
  };
  let programCycles = 0;
  let tileVectors = 0;
  let tiles = 0;
  let mismatches = 0;
  for (let r = 0; r < reps; r++) {
    let c0 = cpuSeconds();
    const s = await verifyTarget(single, { vectors: Number(args.single), jobs, seed: 1 + r });
    m.single.push(s.checkedPerSecond);
    m.singleCpu.push(((cpuSeconds() - c0) * 1e6) / s.vectors.checked);
    mismatches += s.mismatches;
    c0 = cpuSeconds();
    const l = await verifyLayers(
      layerTarget,
      layers.map((matrix, k) => ({ matrix, load: loaders[k]! })),
      { scale: "layer", jobs },
    );
    const t = l.totals;
    m.stream.push((t.tileVectors * 1000) / t.streamMs);
    m.withProgramming.push((t.tileVectors * 1000) / t.simulateMs);
    m.programMs.push(t.programMs / t.tiles);
    m.layerCpu.push(((cpuSeconds() - c0) * 1e6) / t.tileVectors);
    programCycles = t.programCycles / t.tiles;
    tileVectors = t.tileVectors;
    tiles = t.tiles;
    mismatches += t.mismatches + t.productFailures;
    process.stderr.write(
      `rep ${r + 1}/${reps}: single ${Math.round(s.checkedPerSecond)} v/s, whole layers ${Math.round(m.stream.at(-1)!)} v/s streaming, ${m.programMs.at(-1)!.toFixed(1)} ms per tile programming (load ${loadAverage()})\n`,
    );
  }
  const table = new Table({ head: ["figure", "median", "ratio"], style: { head: [], border: [] } });
  const single1 = median(m.single);
  table.push(
    [`sme verify, one tile, checked vectors/s (${jobs} simulator(s))`, Math.round(single1).toLocaleString("en-US"), "1.00"],
    [
      `whole layers, streaming vectors/s (${tiles} tiles, ${tileVectors} tile vectors)`,
      Math.round(median(m.stream)).toLocaleString("en-US"),
      `${(median(m.stream) / single1).toFixed(2)} (goal >= 0.8)`,
    ],
    [
      "whole layers, vectors/s with programming",
      Math.round(median(m.withProgramming)).toLocaleString("en-US"),
      (median(m.withProgramming) / single1).toFixed(2),
    ],
    ["programming, ms per tile (wall)", median(m.programMs).toFixed(1), ""],
    ["programming, cycles per tile", Math.round(programCycles).toLocaleString("en-US"), ""],
    ["CPU us per vector, one tile (host + simulators)", median(m.singleCpu).toFixed(0), "1.00"],
    ["CPU us per tile vector, whole layers (host + simulators)", median(m.layerCpu).toFixed(0), (median(m.layerCpu) / median(m.singleCpu)).toFixed(2)],
  );
  process.stdout.write(
    `bench/layers.ts: ${p.rows}x${p.cols} ${p.mode} D=${p.squeeze} programmable, face ResNet ${names.join(", ")}, ` +
      `${args.traces ? `traces ${args.traces}` : `${args.vectors} random vectors per layer`}; ${reps} reps, load ${loadAverage()}\n${table.toString()}\n`,
  );
  if (mismatches > 0) {
    process.stderr.write(`${mismatches} mismatches: the figures are of a failing design\n`);
    process.exitCode = 1;
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
