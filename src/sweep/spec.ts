import {
  defaultOf,
  flagOf,
  GRID_KEYS,
  type GridKey,
  type GridValues,
  type Ice40Device,
  isSqueezeMode,
  losslessAdcBits,
  type MappingMode,
  type ParamKey,
  type ParamValue,
  parseParamsAndGrids,
  resolveTileDefaults,
  type SynthTarget,
  tileRuleViolation,
} from "../params/index.js";
import { UserError } from "../util/errors.js";
import { accuracySetup, type SweepAccuracySetup } from "./accuracy.js";
import type { EvaluatorSetup } from "./evaluator.js";
import { resolveModelPath } from "./models.js";
import { pointKey, type SweepPoint } from "./params.js";

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
  /** With `rtl`: also synthesize each tile for this FPGA (absent: Yosys's generic cell count only). */
  readonly fpga?: { readonly target: Exclude<SynthTarget, "generic">; readonly device: Ice40Device };
  /** Also run face-api on photos with each point's mapping (`--accuracy`); null without. */
  readonly accuracy: SweepAccuracySetup | null;
  readonly points: readonly SweepPoint[];
}

/** The keys that define a sweep (the grid and what it runs on); `sme sweep` reads its run-time keys itself. */
export const SPEC_KEYS: readonly ParamKey[] = [
  ...GRID_KEYS,
  "model",
  "layer",
  "cost",
  "rtl",
  "rtlBudgetS",
  "maxPoints",
  "target",
  "device",
  "accuracy",
  "images",
  "models",
  "backend",
  "activations",
  "mapAll",
];

/** A sweep description as code, a config file or flags give it: registry keys, grid keys as grids. */
export type RawSpec = Partial<Record<ParamKey, unknown>>;

/**
 * Checks a sweep description before any work starts: unknown keys, bad values, empty ranges, S > N,
 * ouRows not dividing R and a missing model all raise a `UserError` that says which value is wrong (and, for
 * a rule between values, at which point). `raw` holds registry keys; `where` names its origin in messages.
 * Keys of other commands are ignored.
 */
export function parseSweepSpec(raw: RawSpec, where = "sweep"): SweepSpec {
  const { values, grids } = parseParamsAndGrids(raw, { keys: SPEC_KEYS, command: "sweep", origin: { kind: "object", label: where }, grids: true });
  const model = resolveModelPath(values.model);
  checkGridSize(grids, values.maxPoints ?? defaultOf("maxPoints", "sweep")!);
  const points = expandGrid(grids);
  const target = values.target ?? "generic";
  if (target !== "generic" && values.rtl !== true) throw new UserError(`${where}: --target ${target} synthesizes each point's tile; it needs --rtl`);
  const accuracy = values.accuracy === true ? accuracySetup(values) : null;
  if (accuracy) for (const p of points) checkLosslessAdc(p);
  return {
    model,
    ...(values.layer === undefined ? {} : { layer: values.layer }),
    cost: values.cost ?? defaultOf("cost", "sweep")!,
    rtl: values.rtl === true,
    rtlBudgetS: values.rtlBudgetS ?? defaultOf("rtlBudgetS", "sweep")!,
    ...(target !== "generic" ? { fpga: { target, device: values.device ?? defaultOf("device", "sweep")! } } : {}),
    accuracy,
    points,
  };
}

/**
 * The points of a grid before duplicates are merged: the product of its lists, counted without listing any
 * point (a grid of 4096 x 4096 sizes is 16.7 million points, which would not fit in memory as objects).
 */
export function gridSize(grid: GridValues): number {
  return GRID_KEYS.reduce((n, k) => n * (grid[k]?.length ?? 1), 1);
}

/** Refuses a grid of more than `maxPoints` points before any is listed, naming its largest lists. */
export function checkGridSize(grid: GridValues, maxPoints: number): void {
  const size = gridSize(grid);
  if (size <= maxPoints) return;
  const lists = GRID_KEYS.filter((k) => (grid[k]?.length ?? 1) > 1).map((k) => `${flagOf(k)} ${grid[k]!.length}`);
  throw new UserError(
    `the grid has ${size.toLocaleString("en-US")} points (${lists.join(" x ")} values), more than --max-points ${maxPoints.toLocaleString("en-US")}; ` +
      "narrow the ranges (a..b:step, a..b*factor), split the sweep, or raise --max-points",
  );
}

/** One value of every grid key; undefined where the grid leaves a key to its default. */
type GridChoice = { [K in GridKey]?: ParamValue<K> };

/**
 * The cartesian product of the grid, normalized (defaults filled as for one tile, D = 0 outside the squeeze
 * modes, the budget keys null outside mode budget, `R` = rows) and deduplicated, in a fixed order. Every point is checked against the tile rules; the
 * first bad one is reported with its values.
 */
export function expandGrid(grid: GridValues): SweepPoint[] {
  const points: SweepPoint[] = [];
  const seen = new Set<string>();
  const current: Record<string, unknown> = {};
  const walk = (depth: number): void => {
    if (depth === GRID_KEYS.length) {
      const p = normalize(current as GridChoice);
      const key = pointKey(p);
      if (!seen.has(key)) {
        seen.add(key);
        checkPoint(p);
        points.push(p);
      }
      return;
    }
    const name = GRID_KEYS[depth]!;
    // A key the grid leaves out takes its default in `normalize`, as one tile would (window = min(3, N)).
    const values: readonly unknown[] = grid[name] ?? [undefined];
    for (const v of values) {
      current[name] = v;
      walk(depth + 1);
    }
  };
  walk(0);
  return points;
}

function normalize(v: GridChoice): SweepPoint {
  const { adcBits: _adc, scale: _scale, targetSqnr: _target, budgetScope: _scope, minLayerSqnr: _floor, ...tileChoice } = v;
  const t = resolveTileDefaults(tileChoice);
  const mode: MappingMode = t.mode;
  const budget = mode === "budget";
  return {
    rows: t.rows,
    cols: t.cols,
    weightBits: t.weightBits,
    window: t.window,
    mode,
    squeeze: isSqueezeMode(mode) ? t.squeeze : 0,
    actBits: t.actBits,
    dacBits: t.dacBits,
    ouRows: t.ouRows,
    adcBits: v.adcBits ?? defaultOf("adcBits", "sweep")!,
    scale: v.scale ?? defaultOf("scale", "sweep")!,
    // The budget keys only mean something in mode budget; elsewhere they are null and not part of the point's key.
    targetSqnr: budget ? (v.targetSqnr ?? defaultOf("targetSqnr", "sweep")!) : null,
    budgetScope: budget ? (v.budgetScope ?? defaultOf("budgetScope", "sweep")!) : null,
    minLayerSqnr: budget ? (v.minLayerSqnr ?? null) : null,
  };
}

/** `--accuracy` models lossless converters, as `sme accuracy` does. */
function checkLosslessAdc(p: SweepPoint): void {
  if (p.adcBits === "lossless") return;
  const needed = losslessAdcBits(p.ouRows, p.dacBits);
  if (p.adcBits < needed) {
    throw new UserError(
      `--accuracy runs lossless converters only: --adc-bits ${p.adcBits} can saturate (these rows need ${needed}); leave --adc-bits out (at sweep point ${pointKey(p)})`,
    );
  }
}

function checkPoint(p: SweepPoint): void {
  const broken = tileRuleViolation(p);
  if (broken) throw new UserError(`${broken} (at sweep point ${pointKey(p)})`);
}

/** What an evaluator needs of a sweep (plain data: it crosses into worker threads). */
export function evaluatorSetup(spec: SweepSpec): EvaluatorSetup {
  return {
    model: spec.model,
    cost: spec.cost,
    rtl: spec.rtl,
    rtlBudgetS: spec.rtlBudgetS,
    ...(spec.layer ? { layer: spec.layer } : {}),
    ...(spec.fpga ? { fpga: spec.fpga } : {}),
    ...(spec.accuracy ? { accuracy: spec.accuracy } : {}),
  };
}
