import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ComponentTable } from "../cost/table.js";
import { defaultOf, type ActivationMode, type BackendName, type ParamValues } from "../params/index.js";
import type { BudgetParams } from "../sme/budget/options.js";
import type { ScaleMode, TileParams } from "../sme/params.js";
import { listImagesSync } from "../accuracy/image-files.js";
import { DEFAULT_MODELS_DIR, NETWORK_KEYS, NETWORKS, type NetworkKey } from "../accuracy/networks.js";
import { UserError } from "../util/errors.js";
import type { PointAccuracy } from "./result.js";

/** What `sme sweep --accuracy` runs each point's mapping on (plain data: it crosses into worker threads). */
export interface SweepAccuracySetup {
  readonly images: readonly string[];
  readonly modelsDir: string;
  readonly backend: BackendName;
  readonly activations: ActivationMode;
  /** Map the landmark net too. */
  readonly mapAll: boolean;
}

/** The networks a setup maps: the detector and the recognizer, and the landmark net with `mapAll`. */
function mappedNetworks(mapAll: boolean): NetworkKey[] {
  return NETWORK_KEYS.filter((k) => mapAll || k !== "landmarks");
}

/**
 * Checks the accuracy keys of a sweep before any work and resolves them: the photos (as `sme accuracy --images`
 * reads them) and the model folder, which must hold the mapped networks' manifests.
 */
export function accuracySetup(v: ParamValues): SweepAccuracySetup {
  const modelsDir = resolve(v.models ?? DEFAULT_MODELS_DIR);
  const mapAll = v.mapAll === true;
  for (const key of mappedNetworks(mapAll)) {
    const { manifest, title } = NETWORKS[key];
    if (!existsSync(join(modelsDir, manifest)))
      throw new UserError(`--models ${modelsDir} has no ${manifest}: a face-api model folder holds the ${title}'s weights manifest under that name`);
  }
  return {
    images: listImagesSync(v.images),
    modelsDir,
    backend: v.backend ?? defaultOf("backend", "sweep")!,
    activations: v.activations ?? defaultOf("activations", "sweep")!,
    mapAll,
  };
}

/**
 * The identity of an accuracy setup in result keys: backend, activations, mapped networks and a hash of the
 * photos' and the manifests' contents (paths differ between machines, contents do not).
 */
export function accuracyId(s: SweepAccuracySetup): string {
  const h = createHash("sha256");
  for (const image of s.images) h.update(readFileSync(image));
  for (const key of mappedNetworks(s.mapAll)) h.update(readFileSync(join(s.modelsDir, NETWORKS[key].manifest)));
  return `accuracy=${s.backend},${s.activations},${s.mapAll ? "all" : "detector+recognizer"},${s.images.length}photos#${h.digest("hex").slice(0, 8)}`;
}

/** Measures points' mappings on one accuracy engine. */
export interface AccuracyColumns {
  /** `budget`: mode budget's target, scope and floor (null for the other modes). */
  measure(params: TileParams, scale: ScaleMode, budget: BudgetParams | null): Promise<PointAccuracy>;
  close(): Promise<void>;
}

/** Engine outputs kept for points whose weights are bit-identical (the lossless modes of one configuration). */
const REUSED_OUTPUTS = 32;

/**
 * Opens the accuracy engine of one sweep worker: one engine in this thread, the photos decoded and the float run
 * (which calibrates the activation ranges) done once, then every point's mapping runs on it. Points whose
 * weights and activation bits are those of an earlier point reuse its answers; crossbars and energy are the
 * point's own. The per-layer output SQNR of `sme accuracy` is not measured (it would double the time).
 */
export async function openAccuracyColumns(setup: SweepAccuracySetup, cost: ComponentTable): Promise<AccuracyColumns> {
  const { AccuracySession, WeightPreparer } = await import("../accuracy/session.js");
  const { mappingConfig } = await import("../accuracy/configs.js");
  const { summarize } = await import("../accuracy/summarize.js");
  const session = await AccuracySession.open({ backend: setup.backend, images: setup.images, modelsDir: setup.modelsDir, mapAll: setup.mapAll, jobs: 1 });
  const preparer = new WeightPreparer(session.models, session.mapped);
  const ranges = session.ranges;
  const floatCrops = session.floatCrops;
  const outputs = new Map<string, ReturnType<typeof session.run>>();
  return {
    async measure(params, scale, budget) {
      const cfg = mappingConfig(params, scale, budget);
      const { weights, hash, costs } = preparer.prepare(cfg, scale);
      const quantizers = session.quantizers(setup.activations, params.actBits);
      const key = `${hash}|${quantizers === null ? "float" : params.actBits}`;
      let out = outputs.get(key);
      if (!out) {
        out = session.run({
          kernels: Object.fromEntries([...weights].map(([k, w]) => [k, w.values])),
          quantizers,
          traceDir: null,
          floatCrops,
          layerSqnr: false,
        });
        out.catch(() => outputs.delete(key));
        if (outputs.size >= REUSED_OUTPUTS) outputs.delete(outputs.keys().next().value!);
        outputs.set(key, out);
      }
      const r = summarize(cfg, await out, session.floatRun, weights, costs, ranges, null, { cost, activations: setup.activations });
      const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
      return {
        photos: setup.images.length,
        backend: setup.backend,
        activations: setup.activations,
        mapped: [...session.mapped],
        crossbars: r.crossbars,
        denseCrossbars: r.denseCrossbars,
        weightSqnrDb: finite(r.weightSqnrDb),
        droppedCells: r.droppedCells,
        detection: r.detection,
        recognition: r.recognition,
        recognizer: r.recognizer,
        networks: Object.fromEntries(
          Object.entries(r.networks).map(([k, n]) => [
            k,
            {
              weightSqnrDb: finite(n.weightSqnrDb),
              crossbars: n.crossbars,
              passes: n.inference?.passes ?? null,
              energyNj: n.inference?.energyNj ?? null,
              latencyNs: n.inference?.latencyNs ?? null,
            },
          ]),
        ),
      };
    },
    close: () => session.close(),
  };
}
