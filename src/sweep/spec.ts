import { z } from "zod";
import { UserError } from "../util/errors.js";
import { resolveModelPath } from "./models.js";
import {
  isSqueezeMode, mappingModes, paramDefaults, paramFlags, paramNames, pointKey, scaleModes,
  type MappingMode, type ParamName, type ScaleMode, type SweepPoint,
} from "./params.js";
import { parseGridValues } from "./range.js";

/** A validated sweep: what to evaluate. Run-time choices (jobs, output folder, shard) are not part of it. */
export interface SweepSpec {
  /** Resolved path of the weights file. */
  readonly model: string;
  /** Only this kernel of the model, or every kernel. */
  readonly layer?: string;
  /** Cost table: a preset name or a JSON file. */
  readonly cost: string;
  /** Also generate, synthesize and verify the tile of each point. */
  readonly rtl: boolean;
  /** Per-point time budget of the RTL measurements, seconds. */
  readonly rtlBudgetS: number;
  readonly points: readonly SweepPoint[];
}

/** Spec keys that are not grid parameters. */
const settingKeys = ["model", "layer", "cost", "rtl", "rtlBudgetS"] as const;
/** Keys the config file may also carry for the command itself (run-time options). */
export const runKeys = ["jobs", "out", "shard", "fresh"] as const;

const int = (lo: number, hi: number) => z.number().int().min(lo).max(hi);
const valueSchemas: Record<ParamName, z.ZodType> = {
  rows: int(1, 4096),
  cols: z.union([z.literal("R"), int(1, 4096)]),
  weightBits: int(1, 16),
  window: int(1, 16),
  mode: z.enum(mappingModes),
  squeeze: int(0, 15),
  actBits: int(1, 16),
  dacBits: int(1, 8),
  ouRows: z.union([z.literal("R"), int(1, 4096)]),
  adcBits: z.union([z.literal("lossless"), int(1, 32)]),
  scale: z.enum(scaleModes),
};

export type RawSpec = Partial<Record<ParamName | (typeof settingKeys)[number] | (typeof runKeys)[number], unknown>>;

/**
 * Checks a sweep description before any work starts: unknown keys, bad values, empty ranges, S > N,
 * ouRows not dividing R and a missing model all raise a `UserError` that says which value is wrong.
 * `raw` merges a config file and command-line flags (flags win); `where` names its origin in messages.
 */
export function parseSweepSpec(raw: RawSpec, where = "sweep"): SweepSpec {
  const known = new Set<string>([...paramNames, ...settingKeys, ...runKeys]);
  const unknown = Object.keys(raw).filter((k) => !known.has(k) && raw[k as keyof RawSpec] !== undefined);
  if (unknown.length > 0) {
    throw new UserError(
      `unknown parameter ${unknown.map((k) => `"${k}"`).join(", ")} in ${where}; sweepable parameters are ${paramNames.join(", ")}` +
        ` (settings: ${[...settingKeys, ...runKeys].join(", ")})`,
    );
  }
  const grid = {} as Record<ParamName, (number | string)[]>;
  for (const name of paramNames) {
    const given = raw[name];
    const what = `${paramFlags[name]} (${name})`;
    const values = given === undefined ? [paramDefaults[name]] : parseGridValues(given, what);
    for (const v of values) {
      const ok = valueSchemas[name].safeParse(v);
      if (!ok.success) throw new UserError(`${what}: invalid value ${JSON.stringify(v)}: ${ok.error.issues[0]?.message ?? "rejected"}`);
    }
    grid[name] = values;
  }
  const model = resolveModelPath(optionalString(raw.model, "model"));
  const points = expandGrid(grid);
  const rtlBudget = raw.rtlBudgetS === undefined ? 120 : Number(raw.rtlBudgetS);
  if (!Number.isFinite(rtlBudget) || rtlBudget <= 0) throw new UserError(`rtlBudgetS must be a positive number of seconds`);
  const layer = optionalString(raw.layer, "layer");
  return {
    model,
    ...(layer === undefined ? {} : { layer }),
    cost: optionalString(raw.cost, "cost") ?? "sme",
    rtl: raw.rtl === true || raw.rtl === "true",
    rtlBudgetS: rtlBudget,
    points,
  };
}

function optionalString(v: unknown, what: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new UserError(`${what} must be a string, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * The cartesian product of the grid, normalized (D = 0 outside the squeeze modes, ouRows "R" = rows) and
 * deduplicated, in a fixed order. Every point is checked; the first bad one is reported with its values.
 */
export function expandGrid(grid: Record<ParamName, readonly (number | string)[]>): SweepPoint[] {
  const points: SweepPoint[] = [];
  const seen = new Set<string>();
  const current: Partial<Record<ParamName, number | string>> = {};
  const walk = (depth: number): void => {
    if (depth === paramNames.length) {
      const p = normalize(current as Record<ParamName, number | string>);
      const key = pointKey(p);
      if (!seen.has(key)) {
        seen.add(key);
        checkPoint(p);
        points.push(p);
      }
      return;
    }
    const name = paramNames[depth]!;
    for (const v of grid[name]) {
      current[name] = v;
      walk(depth + 1);
    }
  };
  walk(0);
  return points;
}

function normalize(v: Record<ParamName, number | string>): SweepPoint {
  const mode = v.mode as MappingMode;
  const rows = v.rows as number;
  return {
    rows,
    cols: v.cols === "R" ? rows : (v.cols as number),
    weightBits: v.weightBits as number,
    window: v.window as number,
    mode,
    squeeze: isSqueezeMode(mode) ? (v.squeeze as number) : 0,
    actBits: v.actBits as number,
    dacBits: v.dacBits as number,
    ouRows: v.ouRows === "R" ? rows : (v.ouRows as number),
    adcBits: v.adcBits as number | "lossless",
    scale: v.scale as ScaleMode,
  };
}

function checkPoint(p: SweepPoint): void {
  const at = `(point ${pointKey(p)})`;
  if (p.window > p.weightBits) {
    throw new UserError(`window S=${p.window} is larger than weight-bits N=${p.weightBits} ${at}; S must be 1..N: narrow --window or widen --weight-bits`);
  }
  if (p.rows % p.ouRows !== 0) {
    throw new UserError(`ou-rows ${p.ouRows} does not divide rows R=${p.rows} ${at}; pick --ou-rows among the divisors of every --rows value`);
  }
  if (isSqueezeMode(p.mode) && (p.squeeze < 1 || p.squeeze >= p.weightBits)) {
    throw new UserError(`squeeze D=${p.squeeze} is out of range for N=${p.weightBits} ${at}; D must be 1..N-1`);
  }
}
