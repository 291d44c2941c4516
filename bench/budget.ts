/**
 * The budget mapping mode on the face-api networks (R = C = 128, N = 8, S = 3, per-layer scale).
 *
 * 1. `figures`: at 23 dB over the model, over each layer and over each tile, with and without row permutation,
 *    and over the model with per-layer floors: crossbars (ratio to dense), SQNR, worst layer, the Lagrangian
 *    lower bound, the depth histogram, the largest remap shift and the input cycles it implies.
 * 2. `curve`: crossbars against the target, 18..26 dB, over the model and over each layer, next to the
 *    uniform squeeze and squeeze-min points (D = 1..3) and to one depth for every group packed remap-style.
 * 3. `speed`: planning time against `analyzeModel` for the five other modes, both from loading the model file
 *    (what `sme analyze` does), medians of alternating rounds in the same run (goal: budget <= 3x).
 *
 *   npx tsx bench/budget.ts [rounds] [figures|curve|speed ...]
 */
import { resolve } from "node:path";
import Table from "cli-table3";
import { makeBudgetParams, planBudget, planBudgetFromTables, budgetTable, type BudgetAnalysis, type BudgetParamsInput } from "../src/sme/budget/index.js";
import { analyzeModel, loadModel, makeTileParams, quantizeMatrix, sqnrFromSums, type LoadedModel, type TileParams } from "../src/sme/index.js";
import { projectRoot } from "../src/util/paths.js";

const rounds = Number(process.argv[2] ?? 5);
const models = [
  { name: "face_recognition (ResNet-34-like)", file: resolve(projectRoot, "node_modules/@vladmandic/face-api/model/face_recognition_model-weights_manifest.json") },
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
    const permuted = model.layers.map((w) => budgetTable(w, quantizeMatrix(w, { weightBits: 8, window: 3, scale: "layer" }), params, makeBudgetParams({ permuteRows: true })));
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

async function speed(): Promise<void> {
  const table = new Table({
    head: ["model", "load + analyze (5 modes)", "load + budget alone", "load + budget, permuted rows", "load + analyze with budget", "budget / analyze", "permuted / analyze", "with budget / analyze"],
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

const sections = process.argv.slice(3);
const want = (name: string) => sections.length === 0 || sections.includes(name);
if (want("figures")) await figures();
if (want("curve")) await curve();
if (want("speed")) await speed();
