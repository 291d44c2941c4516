import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { costPresets } from "../cost/presets.js";
import { pointKey, type SweepPoint } from "./params.js";

/** `name#hash8` of a file: stable across machines (paths differ between cluster nodes, contents do not). */
export function fileId(path: string): string {
  const h = createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 8);
  return `${basename(path)}#${h}`;
}

export function costId(cost: string): string {
  return costPresets[cost] ? cost : fileId(cost);
}

/** The identity a result is stored under: the same weights, layer, cost table and point give the same key. */
export function resultKey(modelId: string, layer: string | undefined, cost: string, rtl: boolean | string, point: SweepPoint): string {
  return `${modelId}|${layer ?? "*"}|${cost}|${typeof rtl === "string" ? rtl : rtl ? "rtl" : "model"}|${pointKey(point)}`;
}
