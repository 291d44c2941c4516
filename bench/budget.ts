/**
 * The budget mapping mode on the face-api networks (R = C = 128, N = 8, S = 3, per-layer scale).
 *
 * 1. `figures`: at 23 dB over the model, over each layer and over each tile, with and without row permutation,
 *    and over the model with per-layer floors: crossbars (ratio to dense), SQNR, worst layer, the Lagrangian
 *    lower bound, the depth histogram, the largest remap shift and the input cycles it implies.
 * 2. `curve`: crossbars against the target, 18..26 dB, over the model and over each layer, next to the
 *    uniform squeeze and squeeze-min points (D = 1..3) and to one depth for every group packed remap-style.
 * 3. `moves`: other choices per group, measured with the same solver over the model: the depth options plus
 *    plain-squeeze truncation (rows whose top bit is among the top D drop D bits), and a depth per row instead
 *    of per group (each group's least error for every crossbar count, by exact dynamic programming over rows).
 * 4. `speed`: planning time against `analyzeModel` for the five other modes, both from loading the model file
 *    (what `sme analyze` does), medians of alternating rounds in the same run (goal: budget <= 3x).
 * 5. `command`: `sme analyze resnet|mobilenet --mode M --json` itself (in this process, output discarded) for
 *    every mode, medians of rounds that cycle through the modes in turn; budget against each other mode
 *    (goal: within 3x of every one).
 *
 *   npx tsx bench/budget.ts [rounds] [figures|curve|moves|speed|command ...]
 */
import { resolve } from "node:path";
import Table from "cli-table3";
import {
  budgetTable,
  errorCap,
  makeBudgetParams,
  planBudget,
  planBudgetFromTables,
  solveBudget,
  type BudgetAnalysis,
  type BudgetNode,
  type BudgetParamsInput,
  type BudgetTree,
} from "../src/sme/budget/index.js";
import {
  analyzeModel,
  loadModel,
  makeTileParams,
  popcount32,
  quantizeMatrix,
  sqnrFromSums,
  tileGrid,
  topBit,
  type LoadedModel,
  type TileParams,
} from "../src/sme/index.js";
import { runCli } from "../src/cli/program.js";
import { MAPPING_MODES } from "../src/params/index.js";
import { projectRoot } from "../src/util/paths.js";

const rounds = Number(process.argv[2] ?? 5);
const models = [
  {
    name: "face_recognition (ResNet-34-like)",
    file: resolve(projectRoot, "node_modules/@vladmandic/face-api/model/face_recognition_model-weights_manifest.json"),
  },
  { name: "ssd_mobilenetv1", file: resolve(projectRoot, "node_modules/@vladmandic/face-api/model/ssd_mobilenetv1_model-weights_manifest.json") },
];
const params = makeTileParams({ rows: 128, cols: 128, weightBits: 8, window: 3, mode: "remap" });
const style = { head: [] as string[], border: [] as string[] };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const db = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : "inf");

function figuresRow(label: string, a: BudgetAnalysis, dense: number): string[] {
  const t = a.total;
  return [
    label,
    `${t.crossbars} (${(dense / t.crossbars).toFixed(2)}x)`,
    db(t.sqnrMappedDb),
    `${db(a.worstLayer.sqnrDb)} ${a.worstLayer.name.replace(/\/conv\/filters$|\/filters$/, "")}`,
    `${a.lowerBound} (${a.dualBound.toFixed(1)})`,
    a.depthHistogram.join(" "),
    `${t.maxShift} / ${t.inputCycles}`,
    a.unmetTargets.length === 0 ? "-" : `${a.unmetTargets.length}`,
  ];
}

async function figures(): Promise<void> {
  for (const m of models) {
    const model = await loadModel(m.file);
    const dense = analyzeModel(model, params).total.modes.dense!.crossbars;
    const table = new Table({
      head: ["setting", "crossbars (dense / budget)", "SQNR dB", "worst layer dB", "lower bound (dual)", "D histogram 0..7", "max shift / cycles", "unmet"],
      style,
    });
    const cases: Array<[string, BudgetParamsInput]> = [
      ["model 23 dB", { targetSqnrDb: 23 }],
      ["model 23 dB, permuted rows", { targetSqnrDb: 23, permuteRows: true }],
      ["model 23 dB, layers >= 15 dB", { targetSqnrDb: 23, minLayerSqnrDb: 15 }],
      ["model 23 dB, layers >= 20 dB", { targetSqnrDb: 23, minLayerSqnrDb: 20 }],
      ["model 23 dB, layers >= 20 dB, permuted", { targetSqnrDb: 23, minLayerSqnrDb: 20, permuteRows: true }],
      ["layer 23 dB", { targetSqnrDb: 23, scope: "layer" }],
      ["layer 23 dB, permuted rows", { targetSqnrDb: 23, scope: "layer", permuteRows: true }],
      ["tile 23 dB", { targetSqnrDb: 23, scope: "tile" }],
    ];
    for (const [label, input] of cases) table.push(figuresRow(label, planBudget(model.layers, params, "layer", makeBudgetParams(input)), dense));
    console.log(`\n${m.name}: budget mapping, 128 x 128, N = 8, S = 3, per-layer scale (dense: ${dense} crossbars):`);
    console.log(table.toString());
  }
}

/** One squeeze-min depth D for every group, surviving bit-rows packed remap-style: the budget with no choice. */
function uniformDepth(model: LoadedModel, p: TileParams, D: number): { crossbars: number; sqnrDb: number } {
  let crossbars = 0;
  let signal = 0;
  let error = 0;
  for (const w of model.layers) {
    const t = budgetTable(w, quantizeMatrix(w, { weightBits: p.weightBits, window: p.window, scale: "layer" }), p, makeBudgetParams());
    for (let g = 0; g < t.tileRows * t.tileCols * 2; g++) {
      crossbars += Math.ceil(t.bitRows[g * p.weightBits + D] / p.rows);
      error += t.errorEnergy[g * p.weightBits + D];
    }
    for (const e of t.tileFixedError) error += e;
    signal += t.signalEnergy;
  }
  return { crossbars, sqnrDb: sqnrFromSums(signal, error) };
}

async function curve(): Promise<void> {
  const targets = [18, 19, 20, 21, 22, 23, 24, 25, 26];
  for (const m of models) {
    const model = await loadModel(m.file);
    const tables = model.layers.map((w) => budgetTable(w, quantizeMatrix(w, { weightBits: 8, window: 3, scale: "layer" }), params, makeBudgetParams()));
    const permuted = model.layers.map((w) =>
      budgetTable(w, quantizeMatrix(w, { weightBits: 8, window: 3, scale: "layer" }), params, makeBudgetParams({ permuteRows: true })),
    );
    const table = new Table({ head: ["target dB", "model scope", "SQNR", "bound", "model, permuted", "layer scope", "worst layer", "layer, permuted"], style });
    for (const t of targets) {
      const a = planBudgetFromTables(tables, params, makeBudgetParams({ targetSqnrDb: t }));
      const ap = planBudgetFromTables(permuted, params, makeBudgetParams({ targetSqnrDb: t, permuteRows: true }));
      const l = planBudgetFromTables(tables, params, makeBudgetParams({ targetSqnrDb: t, scope: "layer" }));
      const lp = planBudgetFromTables(permuted, params, makeBudgetParams({ targetSqnrDb: t, scope: "layer", permuteRows: true }));
      const mark = (x: BudgetAnalysis) => `${x.total.crossbars}${x.unmetTargets.length > 0 ? "*" : ""}`;
      table.push([t, mark(a), db(a.total.sqnrMappedDb), a.lowerBound, mark(ap), mark(l), db(l.worstLayer.sqnrDb), mark(lp)]);
    }
    console.log(`\n${m.name}: budget crossbars against the target SQNR (* = some unit cannot reach it and keeps its best SQNR):`);
    console.log(table.toString());
    const points = new Table({ head: ["fixed mapping", "D", "crossbars", "SQNR dB"], style });
    for (const D of [1, 2, 3]) {
      const t = analyzeModel(model, makeTileParams({ rows: 128, cols: 128, window: 3, squeeze: D })).total.modes;
      points.push(["squeeze", D, t.squeeze!.crossbars, db(t.squeeze!.sqnrMappedDb)]);
      points.push(["squeeze-min", D, t["squeeze-min"]!.crossbars, db(t["squeeze-min"]!.sqnrMappedDb)]);
      const u = uniformDepth(model, params, D);
      points.push(["one depth, remap-packed", D, u.crossbars, db(u.sqnrDb)]);
    }
    console.log(`${m.name}: the uniform points for comparison:`);
    console.log(points.toString());
  }
}

/**
 * Per (tile, sign) group of a layer: per row its occupancy, and per row and number of dropped low bits t = 0..N
 * the error energy of its non-zero codes. Index [(g * R + r) * (N + 1) + t].
 */
function rowTables(model: LoadedModel, p: TileParams) {
  const R = p.rows;
  const N = p.weightBits;
  return model.layers.map((w) => {
    const q = quantizeMatrix(w, { weightBits: N, window: p.window, scale: "layer" });
    const { tileRows, tileCols } = tileGrid(w.rows, w.cols, R, p.cols);
    const groups = tileRows * tileCols * 2;
    const occ = new Int32Array(groups * R);
    const err = new Float64Array(groups * R * (N + 1));
    const fixed = new Float64Array(tileRows * tileCols);
    for (let i = 0; i < w.rows; i++) {
      for (let j = 0; j < w.cols; j++) {
        const c = q.codes[i * w.cols + j];
        const v = w.data[i * w.cols + j];
        const tile = Math.floor(i / R) * tileCols + Math.floor(j / p.cols);
        if (c === 0) {
          fixed[tile] += v * v;
          continue;
        }
        const m = Math.abs(c);
        const at = (tile * 2 + (c > 0 ? 0 : 1)) * R + (i % R);
        occ[at] |= m;
        for (let t = 0; t <= N; t++) {
          const kept = m - (m % 2 ** t);
          err[at * (N + 1) + t] += (v - Math.sign(c) * kept * q.delta[j]) ** 2;
        }
      }
    }
    let signal = 0;
    for (const v of w.data) signal += v * v;
    return { tileRows, tileCols, occ, err, fixed, signal };
  });
}

type GroupOptions = (occ: Int32Array, err: Float64Array, g: number) => { crossbars: number[]; error: number[] };

/** Squeeze-min depths 0..N-1 and, with `plain`, the plain-squeeze truncations D = 1..N-1 as well. */
const depthOptions =
  (p: TileParams, plain: boolean): GroupOptions =>
  (occ, err, g) => {
    const R = p.rows;
    const N = p.weightBits;
    const rules: Array<(top: number) => number> = [];
    for (let D = 0; D < N; D++) rules.push((top) => Math.max(0, top - (N - 1 - D)));
    if (plain) for (let D = 1; D < N; D++) rules.push((top) => (top > N - 1 - D ? D : 0));
    const crossbars: number[] = [];
    const error: number[] = [];
    for (const rule of rules) {
      let bits = 0;
      let e = 0;
      for (let r = 0; r < R; r++) {
        const v = occ[g * R + r];
        if (v === 0) continue;
        const t = rule(topBit(v));
        bits += popcount32(v >>> t);
        e += err[(g * R + r) * (N + 1) + t];
      }
      crossbars.push(Math.ceil(bits / R));
      error.push(e);
    }
    return { crossbars, error };
  };

/** A shift per row: the least error for every crossbar count k (at most k * R surviving bit-rows), exactly. */
const rowOptions =
  (p: TileParams): GroupOptions =>
  (occ, err, g) => {
    const R = p.rows;
    const N = p.weightBits;
    let f = Float64Array.of(0);
    for (let r = 0; r < R; r++) {
      const v = occ[g * R + r];
      if (v === 0) continue;
      const top = topBit(v);
      const next = new Float64Array(f.length + popcount32(v)).fill(Number.POSITIVE_INFINITY);
      for (let t = 0; t <= top + 1; t++) {
        const bits = t > top ? 0 : popcount32(v >>> t);
        const e = err[(g * R + r) * (N + 1) + Math.min(t, N)];
        for (let b = 0; b < f.length; b++) if (f[b] + e < next[b + bits]) next[b + bits] = f[b] + e;
      }
      f = next;
    }
    const crossbars: number[] = [];
    const error: number[] = [];
    let best = Number.POSITIVE_INFINITY;
    for (let k = 0, b = 0; k <= Math.ceil((f.length - 1) / R); k++) {
      for (; b < f.length && b <= k * R; b++) best = Math.min(best, f[b]);
      crossbars.push(k);
      error.push(best);
    }
    return { crossbars, error };
  };

/** The options of every group, layer by layer and tile by tile. */
function movesLeaves(tables: ReturnType<typeof rowTables>, options: GroupOptions): Array<Array<Array<{ crossbars: number[]; error: number[] }>>> {
  return tables.map((t) => Array.from({ length: t.tileRows * t.tileCols }, (_, tile) => [0, 1].map((s) => options(t.occ, t.err, tile * 2 + s))));
}

function movesTree(tables: ReturnType<typeof rowTables>, leaves: ReturnType<typeof movesLeaves>, targetDb: number): BudgetTree {
  const layers: BudgetNode[] = tables.map((t, li) => ({
    kind: "node",
    fixedError: 0,
    cap: Number.POSITIVE_INFINITY,
    children: leaves[li].map((groups, tile) => ({
      kind: "node" as const,
      fixedError: t.fixed[tile],
      cap: Number.POSITIVE_INFINITY,
      children: groups.map((o) => ({ kind: "leaf" as const, ...o })),
    })),
  }));
  return {
    kind: "node",
    fixedError: 0,
    cap: errorCap(
      tables.reduce((a, t) => a + t.signal, 0),
      targetDb,
    ),
    children: layers,
  };
}

async function moves(): Promise<void> {
  const targets = [18, 20, 23, 25];
  for (const m of models) {
    const model = await loadModel(m.file);
    const tables = rowTables(model, params);
    const table = new Table({ head: ["options per group", ...targets.map((t) => `${t} dB`), "options s", "solve s per target"], style });
    const variants: Array<[string, GroupOptions]> = [
      ["squeeze-min depth (the mode)", depthOptions(params, false)],
      ["+ plain-squeeze truncation", depthOptions(params, true)],
      ["a shift per row", rowOptions(params)],
    ];
    for (const [label, options] of variants) {
      const t0 = performance.now();
      const leaves = movesLeaves(tables, options);
      const t1 = performance.now();
      const cells = targets.map((t) => {
        const sol = solveBudget(movesTree(tables, leaves, t));
        return `${sol.crossbars} (bound ${sol.lowerBound})`;
      });
      const t2 = performance.now();
      table.push([label, ...cells, ((t1 - t0) / 1000).toFixed(1), ((t2 - t1) / 1000 / targets.length).toFixed(2)]);
    }
    const permuted = planBudget(model.layers, params, "layer", makeBudgetParams({ targetSqnrDb: 23, permuteRows: true })).total.crossbars;
    console.log(`\n${m.name}: crossbars over the model at each target, by the options each group may take (permuted rows at 23 dB: ${permuted}):`);
    console.log(table.toString());
  }
}

async function speed(): Promise<void> {
  const table = new Table({
    head: [
      "model",
      "load + analyze (5 modes)",
      "load + budget alone",
      "load + budget, permuted rows",
      "load + analyze with budget",
      "budget / analyze",
      "permuted / analyze",
      "with budget / analyze",
    ],
    style,
  });
  for (const m of models) {
    const analyze: number[] = [];
    const budget: number[] = [];
    const permuted: number[] = [];
    const both: number[] = [];
    const b = makeBudgetParams({ targetSqnrDb: 23 });
    const bp = makeBudgetParams({ targetSqnrDb: 23, permuteRows: true });
    for (let r = 0; r < rounds; r++) {
      // Alternate the order so that both see the same machine load.
      const runs: Array<[number[], () => Promise<unknown>]> = [
        [analyze, async () => analyzeModel(await loadModel(m.file), params)],
        [budget, async () => planBudget((await loadModel(m.file)).layers, params, "layer", b)],
        [permuted, async () => planBudget((await loadModel(m.file)).layers, params, "layer", bp)],
        [both, async () => analyzeModel(await loadModel(m.file), params, { budget: b })],
      ];
      for (const [times, run] of r % 2 === 0 ? runs : [...runs].reverse()) {
        const t0 = performance.now();
        await run();
        times.push(performance.now() - t0);
      }
    }
    const a = median(analyze);
    const s = (xs: number[]) => `${(median(xs) / 1000).toFixed(2)} s`;
    const x = (xs: number[]) => `${(median(xs) / a).toFixed(2)}x`;
    table.push([m.name, s(analyze), s(budget), s(permuted), s(both), x(budget), x(permuted), x(both)]);
  }
  console.log(`\nPlanning time, medians of ${rounds} alternating rounds (goal: budget within 3x of analyze):`);
  console.log(table.toString());
}

/** `sme analyze NAME --mode MODE --json` with its output discarded; milliseconds. */
async function analyzeCommand(name: string, mode: string): Promise<number> {
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  const t0 = performance.now();
  try {
    const code = await runCli(["analyze", name, "--mode", mode, "--json"]);
    if (code !== 0) throw new Error(`sme analyze ${name} --mode ${mode} exited with ${code}`);
    return performance.now() - t0;
  } finally {
    process.stdout.write = write;
  }
}

async function command(): Promise<void> {
  const table = new Table({ head: ["sme analyze", ...MAPPING_MODES, "budget / slowest other", "budget / fastest other"], style });
  for (const name of ["resnet", "mobilenet"]) {
    const times = new Map<string, number[]>(MAPPING_MODES.map((m) => [m, []]));
    for (let r = 0; r < rounds; r++) {
      // Each round starts at another mode, so every mode meets every phase of the machine's load.
      for (let k = 0; k < MAPPING_MODES.length; k++) {
        const mode = MAPPING_MODES[(r + k) % MAPPING_MODES.length];
        times.get(mode)!.push(await analyzeCommand(name, mode));
      }
    }
    const med = new Map([...times].map(([m, xs]) => [m, median(xs)]));
    const others = MAPPING_MODES.filter((m) => m !== "budget").map((m) => med.get(m)!);
    const b = med.get("budget")!;
    table.push([
      name,
      ...MAPPING_MODES.map((m) => `${(med.get(m)! / 1000).toFixed(2)} s`),
      `${(b / Math.max(...others)).toFixed(2)}x`,
      `${(b / Math.min(...others)).toFixed(2)}x`,
    ]);
  }
  console.log(`\nsme analyze NAME --mode M --json, medians of ${rounds} rounds (goal: budget within 3x of every other mode):`);
  console.log(table.toString());
}

const sections = process.argv.slice(3);
const want = (name: string) => sections.length === 0 || sections.includes(name);
if (want("figures")) await figures();
if (want("curve")) await curve();
if (want("moves")) await moves();
if (want("speed")) await speed();
if (want("command")) await command();
