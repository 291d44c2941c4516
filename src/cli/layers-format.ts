import Table from "cli-table3";
import type { LayerReport, LayersReport } from "../flow/layers/run.js";
import { describeLayerMismatch } from "../flow/layers/verdict.js";

const int = (x: number): string => Math.round(x).toLocaleString("en-US");
const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const dB = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(1)} dB` : "inf");
const jsonDb = (x: number): number | null => (Number.isFinite(x) ? Number(x.toFixed(2)) : null);
const perSecond = (n: number, ms: number): number => (ms > 0 ? (n * 1000) / ms : 0);

/** The partial-sum check of a layer in a few words. */
function partialSums(r: LayerReport): string {
  const c = r.check;
  if (c.differing === 0) return "= product";
  const share = `${((100 * c.differing) / c.outputs).toFixed(1)}% differ`;
  return r.lossless ? `!= product: ${share}` : `ADC: ${share}, max ${int(c.maxAbsError)}, ${dB(c.adcSqnrDb)}`;
}

/** Human-readable result of a whole-layer `sme verify`: a row per layer, then totals and the time split. */
export function formatLayers(r: LayersReport): string {
  const t = r.totals;
  const table = new Table({
    head: ["layer", "kind", "tiles", "vectors", "passes", "tile vectors", "mismatches", "partial sums", "out SQNR", "prog ms/tile", "vectors/s"],
    style: { head: [], border: [], compact: true },
  });
  for (const l of r.layers) {
    const tiles = l.tileRows * l.tileCols;
    table.push([
      l.name,
      l.kind,
      `${l.tileRows}x${l.tileCols}`,
      l.vectors < l.available ? `${int(l.vectors)} of ${int(l.available)}` : int(l.vectors),
      String(l.passes),
      int(l.tileVectors),
      String(l.mismatches),
      partialSums(l),
      dB(l.check.outputSqnrDb),
      (l.programMs / tiles).toFixed(1),
      int(perSecond(l.tileVectors, l.streamMs)),
    ]);
  }
  const tiles = t.tiles;
  const lines = [
    `design       ${r.design} (one Verilator build for every tile: ${r.build.cached ? "cached" : sec(r.build.ms)}; lint clean${r.lint.cached ? ", cached" : ""})`,
    `inputs       ${r.layers[0]?.source ?? "-"}`,
    table.toString(),
    `total        ${r.layers.length} layer(s), ${int(tiles)} tiles, ${int(t.tileVectors)} tile vectors, ${int(t.outputsCompared)} tile outputs compared, ${t.mismatches === 0 ? "0 mismatches" : `${int(t.mismatches)} MISMATCHES`}` +
      (t.productFailures > 0 ? `, ${t.productFailures} layer(s) whose partial sums differ from the integer product` : ""),
    `time         build ${sec(r.build.ms)}; programming ${sec(t.programMs)} (${(t.programMs / Math.max(1, tiles)).toFixed(1)} ms, ${int(t.programCycles / Math.max(1, tiles))} cycles per tile); ` +
      `streaming ${sec(t.streamMs)} (${int(perSecond(t.tileVectors, t.streamMs))} vectors/s per simulator); simulation ${sec(t.simulateMs)} on ${r.simulators} simulator(s), ${r.threads} host thread(s) ` +
      `(${int(perSecond(t.tileVectors, t.simulateMs))} vectors/s with programming); wall ${sec(t.wallMs)}, host CPU ${sec(t.hostCpuMs)}`,
  ];
  if (r.firstMismatch) lines.push(`first        ${describeLayerMismatch(r.firstMismatch)}`);
  return `${lines.join("\n")}\n`;
}

/** The machine-readable summary of a whole-layer `sme verify` (`--json`). */
export function layersSummary(r: LayersReport) {
  const t = r.totals;
  return {
    format: "sme-verify-layers/1",
    design: r.design,
    lint: "clean",
    lintCached: r.lint.cached,
    buildMs: Math.round(r.build.ms),
    buildCached: r.build.cached,
    simulators: r.simulators,
    threads: r.threads,
    layers: r.layers.map((l) => ({
      name: l.name,
      kind: l.kind,
      fanIn: l.fanIn,
      fanOut: l.fanOut,
      tiles: { rows: l.tileRows, cols: l.tileCols, total: l.tileRows * l.tileCols },
      source: l.source,
      vectors: l.vectors,
      available: l.available,
      passes: l.passes,
      tileVectors: l.tileVectors,
      outputsCompared: l.outputsCompared,
      mismatches: l.mismatches,
      firstMismatch: l.firstMismatch,
      crossbars: l.crossbars,
      programTransfers: l.programTransfers,
      programCycles: l.programCycles,
      programMs: Math.round(l.programMs),
      programMsPerTile: Number((l.programMs / (l.tileRows * l.tileCols)).toFixed(2)),
      streamMs: Math.round(l.streamMs),
      wallMs: Math.round(l.wallMs),
      vectorsPerSecond: Math.round(perSecond(l.tileVectors, l.streamMs)),
      partialSums: {
        lossless: l.lossless,
        equalToProduct: l.check.differing === 0,
        outputs: l.check.outputs,
        differing: l.check.differing,
        maxAbsError: l.check.maxAbsError,
        adcSqnrDb: jsonDb(l.check.adcSqnrDb),
        first: l.check.first,
      },
      outputSqnrDb: jsonDb(l.check.outputSqnrDb),
    })),
    totals: {
      layers: r.layers.length,
      tiles: t.tiles,
      tileVectors: t.tileVectors,
      outputsCompared: t.outputsCompared,
      mismatches: t.mismatches,
      productFailures: t.productFailures,
      programCycles: t.programCycles,
      programMs: Math.round(t.programMs),
      programMsPerTile: Number((t.programMs / Math.max(1, t.tiles)).toFixed(2)),
      programCyclesPerTile: Math.round(t.programCycles / Math.max(1, t.tiles)),
      streamMs: Math.round(t.streamMs),
      vectorsPerSecond: Math.round(perSecond(t.tileVectors, t.streamMs)),
      simulateMs: Math.round(t.simulateMs),
      vectorsPerSecondWithProgramming: Math.round(perSecond(t.tileVectors, t.simulateMs)),
      wallMs: Math.round(t.wallMs),
      hostCpuMs: Math.round(t.hostCpuMs),
    },
    firstMismatch: r.firstMismatch,
  };
}
