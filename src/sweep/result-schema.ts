import { z } from "zod";
import { BUDGET_SCOPES, MAPPING_MODES, SCALE_MODES } from "../params/modes.js";

/** A figure that JSON writes as null when it is infinite (an SQNR with no error at all). */
const db = () => z.number().nullable();
const count = () => z.number().int().min(0);

const figures = {
  physicalCrossbars: count(),
  denseCrossbars: count().describe("crossbars of the INT-N dense mapping of the same tiles"),
  cells: count(),
  sqnrQuantDb: db(),
  sqnrMappedDb: db(),
  inputCycles: count(),
  rowMapBits: count(),
  areaMm2: z.number(),
  energyNj: z.number().describe("estimated energy per VMM pass"),
  latencyNs: z.number(),
};

const point = z.object({
  rows: count(),
  cols: count(),
  weightBits: count(),
  window: count(),
  mode: z.enum(MAPPING_MODES),
  squeeze: count().describe("D of the squeeze modes; 0 for the other modes"),
  actBits: count(),
  dacBits: count(),
  ouRows: count(),
  adcBits: z.union([count(), z.literal("lossless")]),
  scale: z.enum(SCALE_MODES),
  targetSqnr: z.number().nullable().describe("mode budget: the SQNR target in dB; null in the other modes"),
  budgetScope: z.enum(BUDGET_SCOPES).nullable().describe("mode budget: what the target holds over (model, layer, tile); null in the other modes"),
  minLayerSqnr: z.number().nullable().describe("mode budget: the per-layer SQNR floor in dB, or null for none"),
});

const mean = () => z.number().nullable();

/** The columns of `sme accuracy` for one mapping (docs/accuracy.md). */
const accuracy = z.object({
  photos: count(),
  backend: z.string(),
  activations: z.string(),
  mapped: z.array(z.string()),
  crossbars: count().nullable(),
  denseCrossbars: count().nullable(),
  weightSqnrDb: db(),
  droppedCells: count(),
  detection: z.object({
    images: count(),
    imagesSameCount: count(),
    floatFaces: count(),
    faces: count(),
    matched: count(),
    missed: count(),
    extra: count(),
    meanIou: mean(),
    minIou: mean(),
    meanScoreChange: mean(),
    maxScoreChange: mean(),
  }),
  recognition: z.object({
    faces: count(),
    meanCosine: mean(),
    minCosine: mean(),
    meanDistance: mean(),
    maxDistance: mean(),
    pairs: count(),
    flipped: count(),
    flippedToSame: count(),
    flippedToDifferent: count(),
  }),
  recognizer: z.object({ faces: count(), meanCosine: mean(), minCosine: mean(), maxDistance: mean(), pairs: count(), flipped: count() }).nullable(),
  networks: z.record(
    z.string(),
    z.object({
      weightSqnrDb: db(),
      crossbars: count().nullable(),
      passes: z.number().nullable(),
      energyNj: z.number().nullable(),
      latencyNs: z.number().nullable(),
    }),
  ),
});

/**
 * One line of a sweep's `results.jsonl` (and of `sme sweep point`'s output); docs/sweep.md describes the figures.
 * RTL figures are open to more measurements (e.g. per FPGA target).
 */
export const pointResultSchema = z
  .object({
    key: z.string().describe("identity for resume and merge: model, layer, cost table, RTL, point (and accuracy setup)"),
    model: z.string().describe("weights file name and short content hash"),
    layer: z.string().nullable(),
    cost: z.string(),
    point,
    adcBits: count().describe("the ADC resolution used"),
    totals: z.object({ ...figures, ratioToDense: z.number() }),
    costBreakdown: z.object({ areaMm2: z.record(z.string(), z.number()), energyNj: z.record(z.string(), z.number()) }).optional(),
    layers: z.array(z.object({ name: z.string(), fanIn: count(), fanOut: count(), ...figures })),
    rtl: z.looseObject({ yosysCells: count().optional(), vectorsPerSecond: z.number().optional(), error: z.string().optional() }).optional(),
    accuracy: accuracy.optional(),
    elapsedMs: z.number(),
  })
  .describe("one sweep point's results: a line of results.jsonl");
