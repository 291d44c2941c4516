/**
 * Golden-model-only sweep throughput on the face-api ResNet model: points per second with 1 and 2 jobs,
 * each a fresh sweep (model loading included) of 32 points (window 1..8 x dense, bitslice, squeeze D=3, remap
 * at 128x128), repeated; prints medians and the 2-job / 1-job ratio measured in the same run.
 *
 *   npx tsx bench/sweep-throughput.ts [repeats=3]
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runSweep } from "../src/sweep/runner.js";
import { parseSweepSpec } from "../src/sweep/spec.js";

const repeats = Number(process.argv[2] ?? 3);
const spec = parseSweepSpec({ model: "resnet", window: "1..8", mode: "dense,bitslice,squeeze,remap", squeeze: 3 });

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function pointsPerSecond(jobs: number): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "sweep-bench-"));
  try {
    const t0 = performance.now();
    const run = await runSweep({ spec, outDir: dir, jobs });
    const s = (performance.now() - t0) / 1000;
    if (run.evaluated !== spec.points.length) throw new Error(`evaluated ${run.evaluated} of ${spec.points.length}`);
    return run.evaluated / s;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const results: Record<number, number[]> = { 1: [], 2: [] };
for (let i = 0; i < repeats; i++) {
  for (const jobs of [1, 2]) results[jobs]!.push(await pointsPerSecond(jobs));
}
const one = median(results[1]!);
const two = median(results[2]!);
console.log(`sweep throughput, ${spec.points.length} points on face_recognition_model (30 layers), ${repeats} runs each`);
console.log(`  jobs 1: median ${one.toFixed(2)} points/s  (runs: ${results[1]!.map((v) => v.toFixed(2)).join(", ")})`);
console.log(`  jobs 2: median ${two.toFixed(2)} points/s  (runs: ${results[2]!.map((v) => v.toFixed(2)).join(", ")})`);
console.log(`  ratio jobs 2 / jobs 1: ${(two / one).toFixed(2)}x`);
