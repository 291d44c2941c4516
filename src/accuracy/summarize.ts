import type { ComponentTable } from "../cost/table.js";
import { isSqueezeMode } from "../params/modes.js";
import type { ModelMetrics } from "../sme/metrics.js";
import { sqnrFromSums } from "../sme/quantize.js";
import type { ActivationMode, InputRange } from "./activations.js";
import type { RunConfig } from "./configs.js";
import { inferenceCost, type LayerWorkload } from "./energy.js";
import { compareToFloat } from "./metrics.js";
import type { NetworkKey } from "./networks.js";
import type { ConfigResult, LayerResult, NetworkResult } from "./run.js";
import type { MergedOutput } from "./session.js";
import type { KernelWeights } from "./weights.js";

/** What a summary needs of the run's settings. */
export interface SummaryOptions {
  readonly cost: ComponentTable;
  readonly activations: ActivationMode;
}

/** One line of progress for a configuration's run. */
export function describeRun(r: ConfigResult): string {
  const c = r.recognition;
  const d = r.detection;
  const cos = c.meanCosine === null ? "no faces matched" : `embedding cosine mean ${c.meanCosine.toFixed(4)} min ${c.minCosine!.toFixed(4)}`;
  return `${d.faces}/${d.floatFaces} faces, ${cos}, ${c.flipped}/${c.pairs} decisions flipped`;
}

/** Turns one configuration's merged run into its figures: answers against the float run, layers, cost. */
export function summarize(
  cfg: RunConfig,
  out: MergedOutput,
  floatRun: MergedOutput,
  weights: ReadonlyMap<NetworkKey, KernelWeights>,
  costs: ReadonlyMap<NetworkKey, ModelMetrics> | null,
  ranges: ReadonlyMap<string, InputRange>,
  reuse: ConfigResult | null,
  opts: SummaryOptions,
): ConfigResult {
  const cmp = compareToFloat(floatRun.images, out.images);
  const networks: Partial<Record<NetworkKey, NetworkResult>> = {};
  const layers: LayerResult[] = [];
  let signal = 0;
  let error = 0;
  let droppedCells = 0;
  let crossbars: number | null = costs ? 0 : null;
  let denseCrossbars: number | null = costs ? 0 : null;
  const mode = cfg.params?.mode ?? null;
  for (const [key, w] of weights) {
    signal += w.signal;
    error += w.error;
    droppedCells += w.droppedCells;
    const metrics = costs?.get(key) ?? null;
    const workloads: LayerWorkload[] = [];
    let known = true;
    let outSignal = 0;
    let outError = 0;
    // Layers in the order the network runs them (the float run met them in that order); any it never ran last.
    const runOrder = [...floatRun.layers.keys()];
    const rank = (n: string) => (runOrder.includes(n) ? runOrder.indexOf(n) : runOrder.length);
    const names = [...w.values.keys()].sort((a, b) => rank(a) - rank(b));
    for (const name of names) {
      const rec = reuse ? null : out.layers.get(name);
      const base = floatRun.layers.get(name);
      const lm = metrics?.layers.find((l) => l.name === name);
      const mm = lm && mode ? lm.modes[mode] : null;
      if (rec) {
        outSignal += rec.signal;
        outError += rec.error;
      }
      const range = ranges.get(name);
      if (mm && lm && base) {
        workloads.push({ name, kind: base.kind, vectorsPerInference: base.vectorsPerCall, signed: range?.signed ?? false, tileCols: lm.tileCols, metrics: mm });
      } else if (mm) known = false;
      layers.push({
        network: key,
        name,
        kind: base?.kind ?? null,
        weightSqnrDb: w.sqnrDb.get(name)!,
        outputSqnrDb: rec && rec.calls > 0 && (rec.signal > 0 || rec.error > 0) ? sqnrFromSums(rec.signal, rec.error) : null,
        clippedFraction: rec && rec.inputValues > 0 && opts.activations === "quantized" ? rec.clipped / rec.inputValues : null,
        vectorsPerInference: base?.vectorsPerCall ?? null,
        signed: range?.signed ?? null,
        crossbars: mm?.crossbars ?? null,
        energyNjPerInference: null,
      });
    }
    const cost = cfg.params && metrics && known ? inferenceCost(opts.cost, cfg.params, workloads) : null;
    if (cost) {
      for (const lc of cost.layers) {
        const k = layers.findIndex((l) => l.network === key && l.name === lc.name);
        layers[k] = { ...layers[k]!, energyNjPerInference: lc.energyNj };
      }
    }
    const netCrossbars = metrics && mode ? (metrics.total.modes[mode]?.crossbars ?? null) : null;
    const netDense = metrics ? (metrics.total.modes.dense?.crossbars ?? null) : null;
    if (crossbars !== null) crossbars = netCrossbars === null ? null : crossbars + netCrossbars;
    if (denseCrossbars !== null) denseCrossbars = netDense === null ? null : denseCrossbars + netDense;
    networks[key] = {
      weightSqnrDb: w.totalSqnrDb,
      outputSqnrDb: outSignal > 0 || outError > 0 ? sqnrFromSums(outSignal, outError) : null,
      crossbars: netCrossbars,
      denseCrossbars: netDense,
      inference: cost ? { passes: cost.passes, energyNj: cost.energyNj, latencyNs: cost.latencyNs } : null,
    };
  }
  const finalLayers = reuse
    ? layers.map((l, i) => ({ ...l, outputSqnrDb: reuse.layers[i]?.outputSqnrDb ?? null, clippedFraction: reuse.layers[i]?.clippedFraction ?? null }))
    : layers;
  const finalNetworks = reuse
    ? Object.fromEntries(Object.entries(networks).map(([k, n]) => [k, { ...n, outputSqnrDb: reuse.networks[k as NetworkKey]?.outputSqnrDb ?? null }]))
    : networks;
  return {
    id: cfg.id,
    label: cfg.label,
    role: cfg.role,
    mode,
    squeeze: cfg.params && isSqueezeMode(cfg.params.mode) ? cfg.params.squeeze : null,
    ...(cfg.budget ? { budget: cfg.budget } : {}),
    sameAs: reuse?.sameAs ?? reuse?.id ?? null,
    crossbars,
    denseCrossbars,
    weightSqnrDb: sqnrFromSums(signal, error),
    droppedCells,
    detection: cmp.detection,
    recognition: cmp.recognition,
    recognizer: cmp.recognizer,
    networks: finalNetworks,
    layers: finalLayers,
    images: out.images,
    wallMs: out.wallMs,
  };
}
