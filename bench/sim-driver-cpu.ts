// The simulator driver of another checkout (the baseline) against this one, in CPU time per vector, on the
// 128 x 128 popcount crossbar of bench/sim-throughput.ts. Wall-clock figures on a shared 2-core machine
// spread 3-5x with the load; CPU time barely moves, and runs alternate (baseline first in even rounds, this
// checkout first in odd ones), so each round gives one paired ratio. Measured: a stream run of all vectors,
// pipelined hex runs of 256 (what `sme verify` sends) and the raw C++ loop. Simulator CPU time is read from
// /proc/<pid>/schedstat (Linux), host CPU time from process.cpuUsage().
//   npx tsx bench/sim-driver-cpu.ts --baseline <checkout with node_modules> [--reps 15] [--vectors 5000]
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import Table from "cli-table3";
import * as current from "../src/sim/index.js";
import { popcountCrossbar, type CrossbarPorts } from "./sim-xbar-design.js";

const { values: args } = parseArgs({
  options: { baseline: { type: "string" }, reps: { type: "string", default: "15" }, vectors: { type: "string", default: "5000" } },
});
if (!args.baseline) throw new Error("give --baseline <path of another checkout of sme-rtl>");
const reps = Number(args.reps);
const vectors = Number(args.vectors);
type SimModule = typeof current;
const baseline = (await import(resolve(args.baseline, "src/sim/index.ts"))) as SimModule;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const quartiles = (xs: readonly number[]): string => {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[Math.floor((s.length - 1) / 4)].toFixed(2)}-${s[Math.ceil((3 * (s.length - 1)) / 4)].toFixed(2)}`;
};
/** Nanoseconds the process has spent on a CPU. */
const cpuNs = (pid: number): number => Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]);

const { design } = popcountCrossbar(128, 128, 8);
let seed = 12345;
const rand = (): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed;
};
const payloads = Array.from({ length: vectors }, () =>
  current.packFields(
    Array.from({ length: 128 }, () => rand() & 255),
    8,
  ),
);
const hexPayloads = payloads.map((v) => v.toString(16));
const ports = {
  input: { valid: "in_valid", ready: "in_ready", data: "in_act" },
  output: { valid: "out_valid", ready: "out_ready", data: "out_sum" },
} as const;

interface Side {
  readonly name: string;
  readonly sim: SimModule;
  /** A production build, for stream runs. */
  readonly dut: current.Dut<CrossbarPorts>;
  /** A build with the raw loop (a checkout without the `benchLoop` option has it in every build). */
  readonly bench: current.Dut<CrossbarPorts>;
  readonly cacheDir: string;
  readonly figures: { stream: number[]; host: number[]; pipelined: number[]; raw: number[] };
}

async function open(name: string, sim: SimModule): Promise<Side> {
  const cacheDir = await mkdtemp(join(tmpdir(), `sme-bench-driver-${name}-`));
  const dut = await sim.simulate(design, { build: { cacheDir } });
  const bench = await sim.simulate(design, { build: { cacheDir, benchLoop: true } });
  await dut.reset();
  await bench.reset();
  return { name, sim, dut, bench, cacheDir, figures: { stream: [], host: [], pipelined: [], raw: [] } };
}

async function measure(side: Side): Promise<void> {
  const pid = side.sim.simulatorPid(side.dut)!;
  const sim0 = cpuNs(pid);
  const host0 = process.cpuUsage();
  const run = await side.dut.stream({ ...ports, payloads, maxCycles: vectors * 20 });
  const host = process.cpuUsage(host0);
  if (run.outputs.length !== vectors) throw new Error(`${side.name}: lost results`);
  side.figures.stream.push((cpuNs(pid) - sim0) / vectors);
  side.figures.host.push(((host.user + host.system) * 1000) / vectors);
  // What `sme verify` does: blocks of 256 as hex text, two runs in flight, results kept as hex text.
  const pipelined0 = cpuNs(pid);
  const blocks = Math.ceil(vectors / 256);
  const runs: current.StreamRun<string>[] = [];
  const post = (k: number): void => {
    runs[k] = side.dut.streamStart({ ...ports, payloads: hexPayloads.slice(k * 256, (k + 1) * 256), format: "hex", maxCycles: 256 * 20 });
  };
  post(0);
  if (blocks > 1) post(1);
  let got = 0;
  for (let k = 0; k < blocks; k++) {
    got += (await runs[k].collect()).outputs.length;
    if (k + 2 < blocks) post(k + 2);
  }
  if (got !== vectors) throw new Error(`${side.name}: pipelined runs lost results`);
  side.figures.pipelined.push((cpuNs(pid) - pipelined0) / vectors);
  const benchPid = side.sim.simulatorPid(side.bench)!;
  const raw0 = cpuNs(benchPid);
  const loop = await side.sim.measureRawStreamLoop(side.bench, { input: ports.input, output: { valid: "out_valid", ready: "out_ready" } }, vectors);
  if (loop.received !== vectors) throw new Error(`${side.name}: raw loop lost results`);
  side.figures.raw.push((cpuNs(benchPid) - raw0) / vectors);
}

const sides = [await open("baseline", baseline), await open("current", current)];
try {
  for (let r = 0; r < reps; r++) {
    for (const side of r % 2 === 0 ? sides : [...sides].reverse()) await measure(side);
  }
  const [base, cur] = sides;
  const table = new Table({
    head: [`CPU ns per vector (128x128 crossbar, ${vectors} vectors, ${reps} rounds)`, "baseline", "current", "paired ratio current/baseline (quartiles)"],
  });
  const rows: [string, keyof Side["figures"]][] = [
    ["stream run: simulator process", "stream"],
    ["stream run: host (encode, pipes, decode)", "host"],
    ["pipelined hex streamStart (as sme verify): simulator process", "pipelined"],
    ["raw C++ loop: simulator process", "raw"],
  ];
  for (const [label, key] of rows) {
    const ratios = base.figures[key].map((b, k) => cur.figures[key][k] / b);
    table.push([label, median(base.figures[key]).toFixed(0), median(cur.figures[key]).toFixed(0), `${median(ratios).toFixed(3)} (${quartiles(ratios)})`]);
  }
  console.log(table.toString());
} finally {
  for (const side of sides) {
    await side.dut.close();
    await side.bench.close();
    await rm(side.cacheDir, { recursive: true, force: true });
  }
}
