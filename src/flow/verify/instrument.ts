/**
 * What `sme verify` adds to a run besides checking outputs: the build it needs (traced for `--waves`, with
 * Verilator coverage and the functional-coverage monitor for `--coverage`, `--functional-coverage` and
 * `--until-covered`), the per-simulator files it collects, and what it makes of them afterwards (waves moved into
 * place, coverage merged and closed, the first mismatch replayed). Work files go to a private folder inside the
 * output folder and are renamed into place, so an interrupted run leaves no half-written output.
 */
import { mkdir, mkdtemp, readdir, readFile, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import type { CoverageKind, VerilogFile, WaveFormat } from "../../sim/index.js";
import type { Mismatch } from "./compare.js";
import { type BinSet, coverageBins } from "./coverage/bins.js";
import { type ClosureResult, closeCoverage } from "./coverage/closure.js";
import { CODE_COVERAGE_FILES, type CodeCoverage, mergeCodeCoverage } from "./coverage/code.js";
import { coverHits, parseCoverageDat } from "./coverage/dat.js";
import { addHits, type FunctionalCoverage, functionalCoverage } from "./coverage/functional.js";
import { coverageMonitor, monitorModule } from "./coverage/monitor.js";
import { mainRunScript, REPLAY_FILES, type ReplayReport, type ReplayScript, replayMismatch } from "./debug/replay.js";
import type { ShardJob } from "./sim-shard.js";
import type { VerifyTarget } from "./verify.js";

/** What a run should record besides the check itself. */
export interface InstrumentOptions {
  /** Where waves, the replay and coverage files go (the design folder's `verify/`); required for any of them. */
  readonly outDir?: string;
  /** The whole run's waves. */
  readonly waves?: WaveFormat;
  /** Vectors replayed before the first mismatch (default 8); the replay needs `outDir`. */
  readonly replayVectors?: number;
  /** Count the functional-coverage bins; `code` adds Verilator's line and toggle coverage. */
  readonly coverage?: { readonly functional: boolean; readonly code: boolean };
  /** After the run, constrained-random rounds until every reachable bin is hit or `budget` vectors ran. */
  readonly untilCovered?: { readonly budget: number };
  readonly seed: number;
  readonly onStage?: (stage: "cover" | "replay", detail: string) => void;
}

/** What the instrumentation found; every field is null when its option was off. */
export interface InstrumentReport {
  /** Wave files of the run, one per simulator (named by the simulator's first vector). */
  readonly waves: readonly string[];
  readonly functionalCoverage: FunctionalCoverage | null;
  readonly codeCoverage: CodeCoverage | null;
  /** The `--until-covered` rounds. */
  readonly closure: Omit<ClosureResult, "hits" | "datFile" | "first"> | null;
  /** The rounds' first wrong output (the main run's is in the run result). */
  readonly closureMismatch: Mismatch | null;
  readonly replay: ReplayReport | null;
}

export interface Instrumentation {
  /** The files to simulate (the design, plus the coverage monitor when counting bins). */
  readonly files: readonly VerilogFile[];
  /** Build options the run's simulators use (also for building ahead of the run). */
  readonly build: { readonly waves?: WaveFormat; readonly coverage?: readonly CoverageKind[] };
  /** Fields of every shard job. */
  readonly shard: Pick<ShardJob, "outputDir" | "waves" | "coverage">;
  /** After the run: everything the options asked for. */
  finish(run: FinishInput): Promise<InstrumentReport>;
  /** Removes the work folder (always call it). */
  dispose(): Promise<void>;
}

export interface FinishInput {
  /** The job the shards were cut from, and how many simulators ran it. */
  readonly job: ShardJob;
  readonly jobs: number;
  readonly mismatches: number;
  readonly first: Mismatch | null;
}

/** Sets up a run's instrumentation; nothing is written until the run starts. */
export async function instrument(t: VerifyTarget, o: InstrumentOptions): Promise<Instrumentation> {
  const functional = Boolean(o.coverage?.functional || o.coverage?.code || o.untilCovered);
  const code = Boolean(o.coverage?.code);
  if ((o.waves || code) && !o.outDir) throw new Error("internal: waves and code coverage need an output folder");
  const outDir = o.outDir ? resolve(o.outDir) : null;
  if (outDir) {
    await mkdir(outDir, { recursive: true });
    // A replay of an earlier run would describe a failure this run may not have.
    for (const f of Object.values(REPLAY_FILES)) await rm(join(outDir, f), { force: true });
  }
  const work = await mkdtemp(outDir ? join(outDir, ".run-") : join(tmpdir(), "sme-verify-"));
  const bins: BinSet | null = functional ? coverageBins(t.tile, t.tile.kind === "baked" ? t.plan : null) : null;
  const files = bins ? [...t.files, coverageMonitor(t.tile, bins)] : t.files;
  const coverage: CoverageKind[] = code ? ["line", "toggle", "user"] : functional ? ["user"] : [];
  const build = { ...(o.waves ? { waves: o.waves } : {}), ...(coverage.length ? { coverage } : {}) };
  return {
    files,
    build,
    shard: { outputDir: work, ...(o.waves ? { waves: o.waves } : {}), ...(coverage.length ? { coverage } : {}) },
    dispose: () => rm(work, { recursive: true, force: true }),
    async finish(run: FinishInput): Promise<InstrumentReport> {
      const names = await readdir(work);
      const waves: string[] = [];
      if (o.waves && outDir) {
        for (const name of names.filter((n) => n.startsWith("waves-")).sort((a, b) => Number(a.slice(6).split(".")[0]) - Number(b.slice(6).split(".")[0]))) {
          await rename(join(work, name), join(outDir, name));
          waves.push(join(outDir, name));
        }
      }
      const dats = names.filter((n) => /^coverage-\d+\.dat$/.test(n)).map((n) => join(work, n));
      let hits = new Map<string, number>();
      for (const dat of dats) hits = addHits(hits, coverHits(parseCoverageDat(await readFile(dat, "utf8")), monitorModule(t.tile)));

      let closure: ClosureResult | null = null;
      if (bins && o.untilCovered && run.mismatches === 0) {
        o.onStage?.("cover", "constrained-random rounds until every reachable bin is hit");
        closure = await closeCoverage(t.tile, files, t.plan, bins, hits, coverage, work, { seed: o.seed, budget: o.untilCovered.budget });
        hits = addHits(hits, closure.hits);
      }
      const fc = bins ? functionalCoverage(bins, hits) : null;

      let codeCoverage: CodeCoverage | null = null;
      if (code && outDir) {
        const inputs = [...dats, ...(closure?.datFile ? [closure.datFile] : [])];
        const sources = new Map(t.verilogPaths.map((p) => [basename(p), p]));
        const merged = await mergeCodeCoverage(inputs, await mkdtemp(join(work, "merge-")), sources, new Set([monitorModule(t.tile)]));
        await rename(merged.dat, join(outDir, CODE_COVERAGE_FILES.dat));
        await rename(merged.info, join(outDir, CODE_COVERAGE_FILES.info));
        codeCoverage = { ...merged, dat: join(outDir, CODE_COVERAGE_FILES.dat), info: join(outDir, CODE_COVERAGE_FILES.info) };
      }

      // The first mismatch, replayed with waves: the main run's, else the first of the coverage rounds.
      let replay: ReplayReport | null = null;
      const failing = run.first ? { mismatch: run.first, script: null as ReplayScript | null } : closure?.first ? closure.first : null;
      if (failing && outDir) {
        const before = o.replayVectors ?? 8;
        o.onStage?.("replay", `replaying the first mismatch and the ${before} vectors before it with waves`);
        const script = failing.script ?? mainRunScript(run.job, run.jobs, failing.mismatch, before, t.plan);
        replay = await replayMismatch(t.tile, t.files, failing.mismatch, trimScript(script, before), outDir);
      }
      const { hits: _h, datFile: _d, first: _f, ...closureReport } = closure ?? ({} as ClosureResult);
      return {
        waves,
        functionalCoverage: fc,
        codeCoverage,
        closure: closure ? closureReport : null,
        closureMismatch: closure?.first?.mismatch ?? null,
        replay,
      };
    },
  };
}

/**
 * A coverage round's script holds the whole round up to the failing vector; keep the `before` vectors ahead of
 * it (a round streams one block, so only a round without stalls may be cut).
 */
function trimScript(s: ReplayScript, before: number): ReplayScript {
  if (s.blocks.length !== 1 || s.blocks[0].backpressure !== "always" || s.firstVector !== 0) return s;
  const vs = s.blocks[0].vectors;
  const start = Math.max(0, vs.length - 1 - before);
  return { ...s, blocks: [{ vectors: vs.slice(start), backpressure: "always" }], firstVector: start };
}
