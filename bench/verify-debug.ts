// What `sme verify`'s debugging options cost: simulated and checked vectors/s of the same verify run untraced,
// with `--waves` (FST, the whole run traced) and with `--coverage` (Verilator line, toggle and cover-point
// coverage plus the functional-coverage monitor), on a tile of the default parameters (design.md §5: N = 8,
// S = 3, A = 8, squeeze-min D = 2, programmable, seeded synthetic weights). The three variants run round-robin
// in one process, so a change of machine load hits all of them; ratios are against the untraced run of the same
// run. Builds are done (and cached) before the timed runs; their first build times are printed too.
// The default size is 32 x 32: the line and toggle coverage build of a 128 x 128 tile is 276 C++ files, 540 MB,
// of which 13 compiled in the first 10 minutes on a loaded 2-core machine; `--rows 128 --cols 128` measures it
// where there is time for that build.
//   npx tsx bench/verify-debug.ts [--reps 3] [--vectors 2000] [--jobs 1] [--rows 32 --cols 32]
//                                 [--weight-bits N --window S --act-bits A --squeeze D]
// (--vectors N as in `sme verify`: N random, N/4 layer-like and 5 corner vectors per run)
import { mkdtemp, rm, stat } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import Table from "cli-table3";
import { loadFlowConfig } from "../src/flow/config.js";
import { generateDesign, writeDesign } from "../src/flow/generate/generate.js";
import { targetFromGenerated } from "../src/flow/verify/targets.js";
import { type VerifyOptions, type VerifyReport, verifyTarget } from "../src/flow/verify/verify.js";
import { closeAllSimulations } from "../src/sim/index.js";

const { values: args } = parseArgs({
  options: {
    reps: { type: "string", default: "3" },
    vectors: { type: "string", default: "2000" },
    jobs: { type: "string", default: "1" },
    rows: { type: "string", default: "32" },
    cols: { type: "string", default: "32" },
    "weight-bits": { type: "string" },
    window: { type: "string" },
    "act-bits": { type: "string" },
    squeeze: { type: "string" },
  },
});
const reps = Number(args.reps);
const jobs = Number(args.jobs);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The variants, as `sme verify` passes its flags to `verifyTarget`. */
const VARIANTS: readonly { readonly name: string; readonly options: Partial<VerifyOptions> }[] = [
  { name: "sme verify (untraced)", options: {} },
  { name: "sme verify --waves (fst)", options: { waves: "fst" } },
  { name: "sme verify --coverage", options: { coverage: { functional: true, code: true } } },
];

const dir = await mkdtemp(join(tmpdir(), "sme-bench-verify-debug-"));
const load0 = loadavg()[0];
try {
  const tileFlags = Object.fromEntries(
    Object.entries({ weightBits: args["weight-bits"], window: args.window, actBits: args["act-bits"], squeeze: args.squeeze }).filter(
      ([, v]) => v !== undefined,
    ),
  );
  const config = await loadFlowConfig({ rows: args.rows, cols: args.cols, ...tileFlags, out: join(dir, "d") });
  const g = await generateDesign(config);
  await writeDesign(g);
  const target = targetFromGenerated(g);
  const run = (v: (typeof VARIANTS)[number], vectors: number): Promise<VerifyReport> =>
    verifyTarget(target, { vectors, jobs, seed: 1, outDir: join(g.dir, "verify"), ...v.options });

  // Build every variant once (a short run), so the timed runs find their simulators cached.
  const builds = new Map<string, VerifyReport["build"]>();
  for (const v of VARIANTS) builds.set(v.name, (await run(v, 16)).build);

  const results = new Map<string, { sim: number[]; checked: number[]; wavesBytes: number; vectors: number }>();
  for (const v of VARIANTS) results.set(v.name, { sim: [], checked: [], wavesBytes: 0, vectors: 0 });
  for (let r = 0; r < reps; r++) {
    for (const v of VARIANTS) {
      const report = await run(v, Number(args.vectors));
      if (report.mismatches !== 0) throw new Error(`benchmark run ${v.name} found ${report.mismatches} mismatches`);
      const res = results.get(v.name)!;
      res.sim.push(report.vectorsPerSecond);
      res.checked.push(report.checkedPerSecond);
      res.vectors = report.vectors.checked;
      for (const w of report.waves) res.wavesBytes = (await stat(w)).size;
    }
  }

  const base = results.get(VARIANTS[0].name)!;
  const table = new Table({
    head: ["variant", "simulated vectors/s", "ratio", "checked vectors/s", "ratio", "build (first, cached after)"],
    style: { head: [], border: [] },
  });
  for (const v of VARIANTS) {
    const res = results.get(v.name)!;
    const b = builds.get(v.name)!;
    const size = res.wavesBytes ? `, waves ${(res.wavesBytes / 2 ** 20).toFixed(1)} MiB` : "";
    table.push([
      v.name,
      median(res.sim).toFixed(0),
      `${(median(res.sim) / median(base.sim)).toFixed(2)}x`,
      median(res.checked).toFixed(0),
      `${(median(res.checked) / median(base.checked)).toFixed(2)}x`,
      `${(b.ms / 1000).toFixed(1)} s${b.cached ? " (was cached)" : ""}${size}`,
    ]);
  }
  const p = config.params;
  process.stdout.write(
    `verify-debug: ${p.rows} x ${p.cols} N=${p.weightBits} S=${p.window} A=${p.actBits} ${p.mode} D=${p.squeeze} ${config.kind}, ${g.manifest.crossbars.length} crossbars, ` +
      `${base.vectors} vectors per run, --jobs ${jobs}, ${reps} reps (medians), ${availableParallelism()} cores, ` +
      `load average ${load0.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end\n${table.toString()}\n`,
  );
} finally {
  await closeAllSimulations();
  await rm(dir, { recursive: true, force: true });
}
