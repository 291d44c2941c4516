import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { costPresets } from "../cost/presets.js";
import { accuracyId } from "./accuracy.js";
import { pointKey, type SweepPoint } from "./params.js";
import type { PointResult } from "./result.js";
import type { SweepSpec } from "./spec.js";

/** `name#hash8` of a file: stable across machines (paths differ between cluster nodes, contents do not). */
export function fileId(path: string): string {
  const h = createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 8);
  return `${basename(path)}#${h}`;
}

export function costId(cost: string): string {
  return costPresets[cost] ? cost : fileId(cost);
}

/**
 * The identity a result is stored under: the same weights, layer, cost table and point (and, with `--accuracy`,
 * the same photos, networks, backend and activations) give the same key.
 */
export function resultKey(modelId: string, layer: string | undefined, cost: string, rtl: boolean, point: SweepPoint, accuracy?: string): string {
  // Keys without accuracy keep their form, so results files written before `--accuracy` existed still resume.
  return `${modelId}|${layer ?? "*"}|${cost}|${rtl ? "rtl" : "model"}|${pointKey(point)}${accuracy === undefined ? "" : `|${accuracy}`}`;
}

/** How the results of one sweep are named: the key of each point and the identity fields of each results line. */
export interface SweepIdentity {
  readonly model: string;
  readonly cost: string;
  keyOf(point: SweepPoint): string;
  /** An evaluator's result with its key, model, layer and cost filled in: a results-file line. */
  stamp(result: PointResult, point: SweepPoint): PointResult;
}

export function sweepIdentity(spec: SweepSpec): SweepIdentity {
  const model = fileId(spec.model);
  const cost = costId(spec.cost);
  const accuracy = spec.accuracy ? accuracyId(spec.accuracy) : undefined;
  const keyOf = (p: SweepPoint): string => resultKey(model, spec.layer, cost, spec.rtl, p, accuracy);
  return { model, cost, keyOf, stamp: (r, p) => ({ ...r, key: keyOf(p), model, layer: spec.layer ?? null, cost }) };
}
