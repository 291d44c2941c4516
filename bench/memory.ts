// Peak memory (resident set, of the `sme` process: main thread and workers, not the simulator) of
//  - `sme verify` on a small tile at 1e5, 1e6 and 1e7 random vectors (plus a quarter as many layer-like ones):
//    the vectors are made and checked block by block, so the peak should not grow with their number;
//  - `sme sweep` asked for grids of 1e6 and 16.7e6 points: the grid is counted, not listed, and refused above
//    --max-points; the baseline is the same command on a 4-point grid.
// Each case runs in a fresh process (its peak is its own); the figures are medians over --reps runs.
//   npx tsx bench/memory.ts [--reps 1] [--vectors 1e5,1e6,1e7] [--skip-verify] [--skip-sweep]
// SME_BENCH_ROOT=/path/to/another/checkout measures that checkout's CLI with the same script.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import Table from "cli-table3";
import { execa } from "execa";
import { projectRoot } from "../src/util/paths.js";

const root = process.env.SME_BENCH_ROOT ?? projectRoot;

// Child mode: run the CLI in this process and report its peak resident set on stderr.
if (process.env.SME_BENCH_CHILD === "1") {
  const { runCli } = (await import(pathToFileURL(join(root, "src/cli/program.ts")).href)) as { runCli(argv: readonly string[]): Promise<number> };
  const t0 = performance.now();
  const code = await runCli(process.argv.slice(2));
  process.stderr.write(`bench-result ${JSON.stringify({ code, maxRssMb: process.resourceUsage().maxRSS / 1024, seconds: (performance.now() - t0) / 1000 })}\n`);
  process.exit(0);
}

const { values: args } = parseArgs({
  options: {
    reps: { type: "string", default: "1" },
    vectors: { type: "string", default: "1e5,1e6,1e7" },
    "skip-verify": { type: "boolean", default: false },
    "skip-sweep": { type: "boolean", default: false },
  },
});
const reps = Number(args.reps);

interface ChildResult {
  readonly code: number;
  readonly maxRssMb: number;
  readonly seconds: number;
}

async function measure(argv: readonly string[]): Promise<ChildResult> {
  const r = await execa("npx", ["tsx", join(projectRoot, "bench", "memory.ts"), ...argv], {
    cwd: projectRoot,
    env: { SME_BENCH_CHILD: "1" },
    reject: false,
    all: true,
  });
  const line = (r.stderr ?? "").split("\n").find((l) => l.startsWith("bench-result "));
  if (!line) throw new Error(`no result from ${argv.join(" ")}:\n${r.all}`);
  return JSON.parse(line.slice("bench-result ".length)) as ChildResult;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function medianOf(argv: readonly string[]): Promise<ChildResult> {
  const runs: ChildResult[] = [];
  for (let k = 0; k < reps; k++) runs.push(await measure(argv));
  return { code: runs[0].code, maxRssMb: median(runs.map((r) => r.maxRssMb)), seconds: median(runs.map((r) => r.seconds)) };
}

const work = await mkdtemp(join(tmpdir(), "sme-bench-memory-"));
try {
  if (!args["skip-verify"]) {
    // A small tile keeps the simulator fast; the host's per-vector work is what would accumulate.
    const tile = ["--rows", "8", "--cols", "8", "--weight-bits", "4", "--window", "2", "--act-bits", "4", "--squeeze", "1", "--jobs", "1"];
    const design = join(work, "design");
    const gen = await medianOf(["generate", ...tile.slice(0, -2), "--out", design, "--json"]);
    if (gen.code !== 0) throw new Error("sme generate failed");
    await medianOf(["verify", "--design", design, "--vectors", "1000", "--jobs", "1", "--json"]); // builds the simulator once
    const table = new Table({ head: ["sme verify --vectors", "vectors checked", "peak RSS MB", "s", "vectors/s", "exit"], style: { head: [], border: [] } });
    const peaks: number[] = [];
    for (const text of args.vectors.split(",")) {
      const n = Number(text);
      const r = await medianOf(["verify", "--design", design, "--vectors", String(n), "--jobs", "1", "--json"]);
      const checked = 5 + n + Math.ceil(n / 4);
      peaks.push(r.maxRssMb);
      table.push([
        text,
        checked.toLocaleString("en-US"),
        r.maxRssMb.toFixed(0),
        r.seconds.toFixed(1),
        Math.round(checked / r.seconds).toLocaleString("en-US"),
        String(r.code),
      ]);
    }
    process.stdout.write(`sme verify, 8x8 tile, 1 simulator (median of ${reps}):\n${table.toString()}\n`);
    process.stdout.write(`largest / smallest peak: ${(Math.max(...peaks) / Math.min(...peaks)).toFixed(2)}x\n\n`);
  }
  if (!args["skip-sweep"]) {
    const model = join(work, "w.npy");
    const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 4), }";
    const padded = `${header + " ".repeat(63 - ((10 + header.length) % 64))}\n`;
    const head = Buffer.alloc(10);
    Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(head);
    head.writeUInt16LE(padded.length, 8);
    await writeFile(
      model,
      Buffer.concat([head, Buffer.from(padded, "latin1"), Buffer.from(Float32Array.from({ length: 16 }, (_, i) => Math.sin(i + 1)).buffer)]),
    );
    const cases: [string, string[]][] = [
      ["4 points (baseline, evaluated)", ["--rows", "4,8", "--cols", "4,8"]],
      ["1,000,000 points (counted, refused)", ["--rows", "1..1000", "--cols", "1..1000"]],
      ["16,777,216 points (counted, refused)", ["--rows", "1..4096", "--cols", "1..4096"]],
    ];
    const table = new Table({ head: ["sme sweep grid", "peak RSS MB", "s", "exit"], style: { head: [], border: [] } });
    for (const [label, grid] of cases) {
      const r = await medianOf(["sweep", model, ...grid, "--out", join(work, `sweep-${cases.findIndex((c) => c[0] === label)}`), "--no-progress", "--json"]);
      table.push([label, r.maxRssMb.toFixed(0), r.seconds.toFixed(2), String(r.code)]);
    }
    process.stdout.write(`sme sweep grid size (median of ${reps}):\n${table.toString()}\n`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
