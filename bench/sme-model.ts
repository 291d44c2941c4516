/**
 * Golden-model speed and the analysis figures of the face-api networks.
 *
 * 1. Tile model throughput (VMMs/s) at R = C = 128, N = 8, S = 3, A = 8 with a lossless ADC, a 6-bit ADC (the
 *    paper's Table I; rarely clips) and a 4-bit ADC (clips often), next to a straightforward per-cell loop of
 *    design.md §3 measured in alternating rounds of the same run (goal: >= 20x).
 * 2. `sme analyze` wall time on both face-api models, in process (load + analyze) and as a CLI process
 *    (goal: < 10 s each).
 * 3. Analysis totals at 128 x 128, S = 3, D = 1..3: crossbars per mode and weight SQNR.
 *
 *   npx tsx bench/sme-model.ts [seconds-per-measurement] [tile|time|totals ...]
 */
import { resolve } from "node:path";
import Table from "cli-table3";
import { execa } from "execa";
import {
  analyzeModel,
  compileTileModel,
  digitCount,
  loadModel,
  makeTileParams,
  MAPPING_MODES,
  planForTile,
  seededRandom,
  syntheticMatrix,
  type MappingPlan,
  type TileModelParams,
} from "../src/sme/index.js";
import { projectRoot } from "../src/util/paths.js";

const budgetS = Number(process.argv[2] ?? 1);
const models = [
  {
    name: "face_recognition (ResNet-34-like)",
    file: resolve(projectRoot, "node_modules/@vladmandic/face-api/model/face_recognition_model-weights_manifest.json"),
  },
  { name: "ssd_mobilenetv1", file: resolve(projectRoot, "node_modules/@vladmandic/face-api/model/ssd_mobilenetv1_model-weights_manifest.json") },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Calls per second of `fn` during about `ms` milliseconds. */
function rateOnce(fn: (x: number[]) => unknown, vectors: number[][], ms: number): number {
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) fn(vectors[n++ % vectors.length]);
  return (n * 1000) / (performance.now() - t0);
}

/**
 * Rates of two functions measured in alternating rounds (so both see the same machine load), as medians
 * over 7 rounds; the ratio is the median of the per-round ratios.
 */
function rates(a: (x: number[]) => unknown, b: (x: number[]) => unknown, vectors: number[][]): { a: number; b: number; ratio: number } {
  const ra: number[] = [];
  const rb: number[] = [];
  const ratio: number[] = [];
  for (let round = 0; round < 7; round++) {
    const x = rateOnce(a, vectors, (budgetS * 1000) / 14);
    const y = rateOnce(b, vectors, (budgetS * 1000) / 14);
    ra.push(x);
    rb.push(y);
    ratio.push(x / y);
  }
  return { a: median(ra), b: median(rb), ratio: median(ratio) };
}

/**
 * The baseline: design.md §3 as a straightforward loop over crossbars, OU groups, digits, columns and rows, one
 * cell at a time. Cells are unpacked to one byte each beforehand so the loop itself is all that is timed.
 */
function perCellLoop(plan: MappingPlan, p: TileModelParams): (x: number[]) => Float64Array {
  const R = plan.rows;
  const C = plan.cols;
  const T = digitCount(p, plan.maxShift);
  const dmask = 2 ** p.dacBits - 1;
  const adcMax = 2 ** p.adcBits - 1;
  const xbars = plan.crossbars.map((xb) => {
    const cells = new Uint8Array(R * C);
    for (let r = 0; r < R; r++) for (let j = 0; j < C; j++) cells[r * C + j] = (xb.cells[r * plan.wordsPerRow + (j >> 5)] >>> (j & 31)) & 1;
    return { ...xb, bytes: cells };
  });
  const ou = p.ouRows;
  const dac = p.dacBits;
  const counts = new Float64Array(C);
  return (x) => {
    const y = new Float64Array(C);
    for (let m = 0; m < xbars.length; m++) {
      const { bytes, rowValid, rowSrc, rowShift, sign, base } = xbars[m];
      for (let g = 0; g < R / ou; g++) {
        for (let t = 0; t < T; t++) {
          // Row by row (cache-friendly, skipping zero digits), then one ADC read per column.
          counts.fill(0);
          for (let r = g * ou; r < (g + 1) * ou; r++) {
            if (rowValid[r] === 0) continue;
            const digit = ((x[rowSrc[r]] << rowShift[r]) >>> (dac * t)) & dmask;
            if (digit === 0) continue;
            for (let j = 0; j < C; j++) counts[j] += digit * bytes[r * C + j];
          }
          const scale = sign * 2 ** (base + dac * t);
          for (let j = 0; j < C; j++) y[j] += Math.min(counts[j], adcMax) * scale;
        }
      }
    }
    return y;
  };
}

function tileThroughput(): void {
  const rand = seededRandom(7);
  const vectors = Array.from({ length: 64 }, () => Array.from({ length: 128 }, () => Math.floor(rand() * 256)));
  const w = syntheticMatrix(128, 128, 1);
  const table = new Table({
    head: ["mode", "ADC", "crossbars", "clipping reads", "tile model VMM/s", "per-cell loop VMM/s", "ratio"],
    style: { head: [], border: [] },
  });
  for (const mode of ["dense", "squeeze-min", "remap"] as const) {
    for (const adcBits of [undefined, 6, 4]) {
      const p = makeTileParams({ rows: 128, cols: 128, weightBits: 8, window: 3, actBits: 8, mode, squeeze: 2, ...(adcBits ? { adcBits } : {}) });
      const { plan } = planForTile(w, p);
      const model = compileTileModel(plan, p);
      const naive = perCellLoop(plan, p);
      const x0 = vectors[0];
      if (model.run(x0).some((v, j) => v !== naive(x0)[j])) throw new Error(`tile model and per-cell loop disagree (${mode}, adc ${p.adcBits})`);
      const r = rates((x) => model.run(x), naive, vectors);
      table.push([
        mode,
        adcBits ? `${adcBits}-bit (saturating)` : `${p.adcBits}-bit (lossless)`,
        plan.crossbars.length,
        model.saturableColumns,
        r.a.toFixed(0),
        r.b.toFixed(0),
        `${r.ratio.toFixed(1)}x`,
      ]);
    }
  }
  console.log("Tile model throughput, R = C = 128, N = 8, S = 3, A = 8, dacBits 1, ouRows 128, synthetic Laplace weights (seed 1):");
  console.log(table.toString());
}

async function analyzeTimes(): Promise<void> {
  const table = new Table({
    head: ["model", "layers", "load + analyze in process (median of 3)", "sme analyze --json process"],
    style: { head: [], border: [] },
  });
  for (const m of models) {
    const times: number[] = [];
    let layers = 0;
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      const loaded = await loadModel(m.file);
      layers = analyzeModel(loaded, makeTileParams()).layers.length;
      times.push(performance.now() - t0);
    }
    const t0 = performance.now();
    await execa("npx", ["tsx", "src/cli/main.ts", "analyze", m.file, "--json"], { cwd: projectRoot });
    const cli = performance.now() - t0;
    table.push([m.name, layers, `${(median(times) / 1000).toFixed(2)} s`, `${(cli / 1000).toFixed(2)} s`]);
  }
  console.log("\nsme analyze wall time (all five modes per run; goal < 10 s):");
  console.log(table.toString());
}

async function analysisTotals(): Promise<void> {
  for (const m of models) {
    const loaded = await loadModel(m.file);
    const table = new Table({
      head: ["D", ...MAPPING_MODES.map((x) => `${x} xbars`), "SQNR quant", "SQNR squeeze", "SQNR squeeze-min"],
      style: { head: [], border: [] },
    });
    let frac: readonly number[] = [];
    for (const D of [1, 2, 3]) {
      const t = analyzeModel(loaded, makeTileParams({ rows: 128, cols: 128, window: 3, squeeze: D })).total;
      frac = t.nonEmptyBitRowFraction;
      table.push([
        D,
        ...MAPPING_MODES.map((mode) => `${t.modes[mode]!.crossbars} (${t.modes[mode]!.ratioToDense.toFixed(3)})`),
        t.sqnrQuantDb.toFixed(2),
        t.modes.squeeze!.sqnrMappedDb.toFixed(2),
        t.modes["squeeze-min"]!.sqnrMappedDb.toFixed(2),
      ]);
    }
    console.log(`\n${m.name}: crossbars (ratio to dense) and weight SQNR (dB), 128 x 128, N = 8, S = 3, per-layer scale:`);
    console.log(table.toString());
    console.log(`non-empty bit-rows LSB..MSB: ${frac.map((f) => `${(100 * f).toFixed(1)}%`).join(" ")}`);
  }
}

const sections = process.argv.slice(3);
const want = (name: string) => sections.length === 0 || sections.includes(name);
if (want("tile")) tileThroughput();
if (want("time")) await analyzeTimes();
if (want("totals")) await analysisTotals();
