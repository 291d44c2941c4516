import type { GeneratedDesign } from "../flow/generate/generate.js";
import type { VerifyReport } from "../flow/verify/verify.js";
import type { DemoReport } from "../flow/demo/demo.js";

const dB = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : Number(x.toFixed(2)));

/** The machine-readable summary of `sme generate` (`--json`). */
export function generateSummary(g: GeneratedDesign) {
  const m = g.manifest;
  return {
    name: g.name,
    dir: g.dir,
    top: m.top,
    kind: m.kind,
    mode: m.mode,
    params: m.params,
    weights: m.weights.description,
    crossbars: m.crossbars.length,
    denseCrossbars: m.denseCrossbars,
    slots: m.slots,
    sqnrQuantizedDb: dB(m.weights.sqnrQuantizedDb),
    sqnrMappedDb: dB(m.weights.sqnrMappedDb),
    ...(m.budget ? { budget: m.budget } : {}),
    timing: m.timing,
    programTransfers: m.programming?.transfers ?? 0,
    files: [...g.files.keys()],
    inputsHash: m.inputsHash,
    generationMs: Math.round(g.ms),
  };
}

/** The machine-readable summary of `sme verify` (`--json`). */
export function verifySummary(r: VerifyReport, edited: readonly string[] = []) {
  return {
    design: r.design,
    ...(edited.length > 0 ? { editedFiles: [...edited] } : {}),
    lint: "clean",
    buildMs: Math.round(r.build.ms),
    buildCached: r.build.cached,
    programTransfers: r.programTransfers,
    programCycles: r.programCycles,
    vectors: r.vectors,
    mismatches: r.mismatches,
    firstMismatch: r.firstMismatch,
    cycles: r.cycles,
    jobs: r.jobs,
    threads: r.threads,
    streamMs: Math.round(r.streamMs),
    compareMs: Math.round(r.compareMs),
    checkMs: Math.round(r.checkMs),
    hostMs: Math.round(r.hostMs),
    vectorsPerSecond: Math.round(r.vectorsPerSecond),
    checkedPerSecond: Math.round(r.checkedPerSecond),
    seed: r.seed,
    waves: r.waves,
    replay: r.replay,
    functionalCoverage: r.functionalCoverage,
    codeCoverage: r.codeCoverage && { dat: r.codeCoverage.dat, info: r.codeCoverage.info, total: r.codeCoverage.total, modules: r.codeCoverage.modules },
    closure: r.closure && { ...r.closure, ms: Math.round(r.closure.ms) },
  };
}

/** The machine-readable report of `sme demo` (`--json`). */
export function demoSummary(d: DemoReport) {
  return {
    design: generateSummary(d.design),
    modes: d.modes.map((m) => ({ ...m, ratioToDense: Number(m.ratioToDense.toFixed(4)), sqnrMappedDb: dB(m.sqnrMappedDb) })),
    verify: verifySummary(d.verify),
  };
}
