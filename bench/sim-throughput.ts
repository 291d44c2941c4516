// Simulation-bridge throughput on a 128 x 128 popcount crossbar with the SME tile's stream interface
// (in_act 128 x 8 bits, out_sum 128 x 24 bits, 10 cycles per vector). Prints medians and ratios against the
// raw C++ loop over the same model, measured in the same run.
//   npx tsx bench/sim-throughput.ts [--reps 5] [--vectors 20000]
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import Table from "cli-table3";
import { buildSimulator, measureRawStreamLoop, packFields, simulate, unpackFields, type StreamRun } from "../src/sim/index.js";
import { popcountCrossbar } from "./sim-xbar-design.js";

const { values: args } = parseArgs({ options: { reps: { type: "string", default: "5" }, vectors: { type: "string", default: "20000" } } });
const reps = Number(args.reps);
const vectors = Number(args.vectors);
const R = 128;
const C = 128;
const A = 8;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const timeIt = async (body: () => Promise<void> | void): Promise<number> => {
  const t0 = performance.now();
  await body();
  return (performance.now() - t0) / 1000;
};

const { design, cells, outWidth } = popcountCrossbar(R, C, A);
let seed = 12345;
const rand = (): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed;
};
const acts = Array.from({ length: 256 }, () => Array.from({ length: R }, () => rand() & 255));
const payloads = Array.from({ length: vectors }, (_, k) => packFields(acts[k % acts.length], A));
const model = (x: readonly number[]): bigint[] => {
  const y = new Array<bigint>(C).fill(0n);
  for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) if (cells[i][j]) y[j] += BigInt(x[i]);
  return y;
};

const cacheDir = await mkdtemp(join(tmpdir(), "sme-bench-sim-"));
const rows: [string, string, string][] = [];
try {
  const cold = await buildSimulator(design, { clock: "clk", cacheDir });
  const cached: number[] = [];
  for (let r = 0; r < reps; r++) cached.push((await buildSimulator(design, { clock: "clk", cacheDir })).ms);
  rows.push(["build, cold (new design; ccache if installed)", `${(cold.ms / 1000).toFixed(2)} s`, ""]);
  rows.push(["build, cached", `${median(cached).toFixed(1)} ms`, ""]);

  const starts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = await timeIt(async () => {
      const d = await simulate(design, { build: { cacheDir } });
      await d.close();
    });
    starts.push(t * 1000);
  }
  rows.push(["simulate() start + close (cached build)", `${median(starts).toFixed(1)} ms`, ""]);

  await using dut = await simulate(design, { build: { cacheDir } });
  await dut.reset();
  // The raw C++ loop is compiled only into benchmark builds: the same model and driver plus that loop.
  await using benchDut = await simulate(design, { build: { cacheDir, benchLoop: true } });
  await benchDut.reset();
  const ports = {
    input: { valid: "in_valid", ready: "in_ready", data: "in_act" },
    output: { valid: "out_valid", ready: "out_ready", data: "out_sum" },
  } as const;

  // Correctness first: the benchmark design must compute what the model says.
  const check = await dut.stream({ ...ports, payloads: payloads.slice(0, 8), maxCycles: 1000 });
  check.outputs.forEach((y, k) => {
    const got = unpackFields(y, outWidth, C);
    const want = model(acts[k]);
    if (got.some((v, j) => v !== want[j])) throw new Error(`benchmark design disagrees with its model at vector ${k}`);
  });

  const trips = 20_000;
  const rt: number[] = [];
  for (let r = 0; r < reps; r++) rt.push(trips / (await timeIt(() => void Array.from({ length: trips }, () => dut.out_valid.value))));
  rows.push(["awaited round trips (read a port)", `${Math.round(median(rt)).toLocaleString("en-US")} /s`, ""]);

  // Async API, writing every cycle and reading now and then: a hand-written handshake loop.
  const writeCycles = 200_000;
  const writeRate: number[] = [];
  for (let r = 0; r < reps; r++) {
    let k = 0;
    const t = await timeIt(async () => {
      dut.out_ready.value = 1n;
      for (let c = 0; c < writeCycles; c++) {
        if (c % 10 === 0) dut.in_act.value = payloads[k++ % payloads.length];
        dut.in_valid.value = c % 10 === 0 ? 1n : 0n;
        dut.out_ready.value = 1n;
        await dut.tick();
        if (c % 1000 === 999) void dut.out_valid.value;
      }
    });
    writeRate.push(writeCycles / t);
  }
  const wr = median(writeRate);
  rows.push([
    "async API: write every cycle, read every 1000",
    `${Math.round(wr).toLocaleString("en-US")} cycles/s`,
    `goal 100,000: ${wr >= 100_000 ? "met" : "MISSED"}`,
  ]);

  // Async API, reading an output (sampled at the edge) every cycle.
  const readCycles = 50_000;
  const readRate: number[] = [];
  for (let r = 0; r < reps; r++) {
    let accepted = 0;
    const t = await timeIt(async () => {
      for (let c = 0; c < readCycles; c++) {
        dut.in_valid.value = 1n;
        const edge = await dut.tick();
        if (edge.in_ready) accepted++;
      }
    });
    if (accepted === 0) throw new Error("the crossbar never accepted a vector");
    readRate.push(readCycles / t);
  }
  const rr = median(readRate);
  rows.push(["async API: write and read every cycle", `${Math.round(rr).toLocaleString("en-US")} cycles/s`, `goal 30,000: ${rr >= 30_000 ? "met" : "MISSED"}`]);
  dut.in_valid.value = 0n;
  await dut.reset();

  // Batched stream runs (encode, run, decode) against the raw C++ loop over the same model.
  const batched: number[] = [];
  const batchedCycles: number[] = [];
  const raw: number[] = [];
  const pipelined: number[] = [];
  const hexPayloads = payloads.map((v) => v.toString(16));
  for (let r = 0; r < reps; r++) {
    let cycles = 0;
    const t = await timeIt(async () => {
      const res = await dut.stream({ ...ports, payloads, maxCycles: vectors * 20 });
      cycles = res.cycles;
      if (res.outputs.length !== vectors) throw new Error("lost results");
    });
    batched.push(vectors / t);
    batchedCycles.push(cycles / t);
    const loop = await measureRawStreamLoop(benchDut, ports, vectors);
    if (loop.received !== vectors) throw new Error("raw loop lost results");
    raw.push(vectors / loop.seconds);
    // Pipelined: blocks of 256 as hex text, two runs in flight, results kept as hex text (what `sme verify`
    // does, minus its golden model). With no host work to hide this only shows the cost of smaller requests;
    // the gain is the host time it overlaps (bench/flow-tile.ts).
    const t2 = await timeIt(async () => {
      const runs: StreamRun<string>[] = [];
      let got = 0;
      const post = (k: number): void => {
        runs[k] = dut.streamStart({ ...ports, payloads: hexPayloads.slice(k * 256, (k + 1) * 256), format: "hex", maxCycles: 256 * 20 });
      };
      const blocks = Math.ceil(vectors / 256);
      post(0);
      if (blocks > 1) post(1);
      for (let k = 0; k < blocks; k++) {
        got += (await runs[k].collect()).outputs.length;
        if (k + 2 < blocks) post(k + 2);
      }
      if (got !== vectors) throw new Error("lost results");
    });
    pipelined.push(vectors / t2);
  }
  const b = median(batched);
  const rawV = median(raw);
  rows.push([
    "batched stream run (encode + run + decode)",
    `${Math.round(b).toLocaleString("en-US")} vectors/s`,
    `${Math.round(median(batchedCycles)).toLocaleString("en-US")} cycles/s; goal 10,000 vectors/s: ${b >= 10_000 ? "met" : "MISSED"}`,
  ]);
  rows.push(["raw C++ loop, same model, no I/O", `${Math.round(rawV).toLocaleString("en-US")} vectors/s`, "baseline"]);
  rows.push(["batched / raw", `${(b / rawV).toFixed(2)}`, `goal >= 0.5: ${b / rawV >= 0.5 ? "met" : "MISSED"}`]);
  const pl = median(pipelined);
  rows.push([
    "pipelined streamStart, blocks of 256, hex in and out",
    `${Math.round(pl).toLocaleString("en-US")} vectors/s`,
    `${(pl / rawV).toFixed(2)} of raw, ${(pl / b).toFixed(2)}x batched`,
  ]);
} finally {
  await rm(cacheDir, { recursive: true, force: true });
}

const table = new Table({ head: ["measurement (128x128 popcount crossbar, 10 cycles/vector)", `median of ${reps}`, "note"] });
table.push(...rows);
console.log(table.toString());
