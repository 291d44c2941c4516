import Table from "cli-table3";
import type { TopLevelSpec } from "vega-lite";
import { renderSvg, svgToPng } from "../report/render.js";
import { writeDirAtomic } from "../util/atomic-dir.js";
import { checkOutputFolder, withOutputRecord, type Ownership } from "../util/output-folder.js";
import { MATCH_IOU, SAME_PERSON_DISTANCE } from "./metrics.js";
import { NETWORKS, type NetworkKey } from "./networks.js";
import type { AccuracyResult, ConfigResult } from "./run.js";

const num = (v: number | null, digits: number): string => (v === null ? "-" : v.toFixed(digits));
const db = (v: number | null): string => (v === null ? "-" : Number.isFinite(v) ? v.toFixed(2) : "inf");
const mj = (nj: number | null | undefined): string => (nj === null || nj === undefined ? "-" : (nj / 1e6).toPrecision(3));

/** Column titles and cells of the per-configuration table (shared by the terminal table and report.md). */
function summaryRows(r: AccuracyResult): { head: string[]; rows: string[][] } {
  const head = [
    "configuration",
    "crossbars",
    "x dense",
    "weight SQNR dB",
    "faces",
    "IoU mean",
    "cos mean",
    "cos min",
    "flipped",
    "rec cos mean",
    "rec cos min",
    "rec flipped",
    "det mJ/photo",
    "rec mJ/face",
  ];
  const rows = r.configs.map((c) => [
    c.label + (c.sameAs ? ` (= ${r.configs.find((x) => x.id === c.sameAs)?.label ?? c.sameAs})` : ""),
    c.crossbars === null ? "-" : String(c.crossbars),
    c.crossbars === null || !c.denseCrossbars ? "-" : (c.crossbars / c.denseCrossbars).toFixed(3),
    db(c.weightSqnrDb),
    `${c.detection.faces}/${c.detection.floatFaces}${c.detection.missed || c.detection.extra ? ` (-${c.detection.missed} +${c.detection.extra})` : ""}`,
    num(c.detection.meanIou, 3),
    num(c.recognition.meanCosine, 4),
    num(c.recognition.minCosine, 4),
    `${c.recognition.flipped}/${c.recognition.pairs}`,
    num(c.recognizer?.meanCosine ?? null, 4),
    num(c.recognizer?.minCosine ?? null, 4),
    c.recognizer ? `${c.recognizer.flipped}/${c.recognizer.pairs}` : "-",
    mj(c.networks.detector?.inference?.energyNj),
    mj(c.networks.recognizer?.inference?.energyNj),
  ]);
  return { head, rows };
}

/** What the columns mean, under the table. */
export const TABLE_LEGEND =
  `faces: found / found by the float run (-missed +extra; a face is the float run's when the boxes overlap by IoU >= ${MATCH_IOU}); ` +
  "IoU: of the matched boxes. cos, flipped: the whole pipeline, each matched face's embedding against the float one, and pairs of " +
  `faces whose same-person decision (distance < ${SAME_PERSON_DISTANCE}) changes. rec: the recognizer alone, on the float run's ` +
  "face crops. Energy: one photo through the detector, one face through the recognizer.";

function settingsLine(r: AccuracyResult): string {
  const t = r.settings.tile;
  const acts = r.settings.activations === "quantized" ? `${t.actBits}-bit quantized activations` : "float activations";
  return (
    `${r.images.length} photo(s), ${r.floatRun.reduce((s, i) => s + i.faces.length, 0)} face(s) in the float run; ` +
    `R x C = ${t.rows} x ${t.cols}, N = ${t.weightBits}, S = ${t.window}, ${r.settings.scale} scale, ${acts}; ` +
    `mapped: ${r.settings.mapped.join(", ")}; backend ${r.settings.backend}; cost table ${r.settings.cost}`
  );
}

/** The terminal report: one line per configuration. */
export function formatAccuracyTable(r: AccuracyResult): string {
  const { head, rows } = summaryRows(r);
  const table = new Table({
    head,
    colAligns: ["left", ...Array<"right">(head.length - 1).fill("right")],
    style: { head: [], border: [] },
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  for (const row of rows) table.push(row);
  return `${settingsLine(r)}\n${table.toString()}\n${TABLE_LEGEND}\n`;
}

/** JSON of a run: infinite SQNR (no error) as null, embeddings left out (boxes and scores stay). */
export function accuracyJson(r: AccuracyResult): string {
  const strip = (images: AccuracyResult["floatRun"]) =>
    images.map((i) => ({ image: i.image, faces: i.faces.map((f) => ({ box: f.box, score: f.score, cropBox: f.cropBox })) }));
  const plain = { ...r, floatRun: strip(r.floatRun), configs: r.configs.map((c) => ({ ...c, images: strip(c.images) })) };
  return JSON.stringify(plain, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2);
}

const chartConfig = {
  font: "DejaVu Sans",
  background: "white",
  axis: { labelFontSize: 12, titleFontSize: 13, labelLimit: 260 },
  legend: { labelFontSize: 12, titleFontSize: 13, labelLimit: 260 },
  title: { fontSize: 15, anchor: "start" as const },
};

/** Mapping points for the plots: configurations with the same crossbars and answers share one point and label. */
function mappingPoints(r: AccuracyResult): Array<{ mode: string; label: string; crossbars: number; c: ConfigResult }> {
  const points = new Map<string, { mode: string; label: string; crossbars: number; c: ConfigResult }>();
  for (const c of r.configs) {
    if (c.role !== "mapping" || c.crossbars === null) continue;
    const twin = c.sameAs ? r.configs.find((x) => x.id === c.sameAs) : undefined;
    const key = twin && twin.role === "mapping" && twin.crossbars === c.crossbars ? twin.id : c.id;
    const p = points.get(key);
    if (p) p.label += ` = ${c.label}`;
    else points.set(key, { mode: c.mode ?? "", label: c.label, crossbars: c.crossbars, c });
  }
  return [...points.values()];
}

/**
 * The paper's claim as a picture: crossbars of the mapped networks against how close the mapped recognizer's
 * embeddings of the float run's face crops stay to the float ones (left), and against how many of the float
 * run's faces the mapped detector still finds (right). Dashed lines: the quantization references (no mapping).
 */
export function crossbarsVsAgreementChart(r: AccuracyResult): TopLevelSpec {
  const points = mappingPoints(r);
  const cosine = points
    .flatMap((p) => [
      { mode: p.mode, label: p.label, crossbars: p.crossbars, value: p.c.recognizer?.meanCosine ?? null, stat: "mean over faces" },
      { mode: p.mode, label: p.label, crossbars: p.crossbars, value: p.c.recognizer?.minCosine ?? null, stat: "worst face" },
    ])
    .filter((v) => v.value !== null);
  const found = points.map((p) => ({
    mode: p.mode,
    label: p.label,
    crossbars: p.crossbars,
    value: p.c.detection.floatFaces > 0 ? p.c.detection.matched / p.c.detection.floatFaces : null,
    stat: "float faces found",
  }));
  const refs = r.configs.filter((c) => c.role === "reference" && c.id !== "float");
  const refCos = refs.filter((c) => c.recognizer?.meanCosine != null).map((c) => ({ label: `${c.label} (mean)`, value: c.recognizer!.meanCosine }));
  const refFound = refs.map((c) => ({ label: c.label, value: c.detection.floatFaces > 0 ? c.detection.matched / c.detection.floatFaces : null }));
  const panel = (title: string, yTitle: string, values: object[], refValues: object[], withShape: boolean) => ({
    title,
    width: 460,
    height: 320,
    layer: [
      {
        data: { values },
        mark: { type: "point", filled: true, size: 90 },
        encoding: {
          x: { field: "crossbars", type: "quantitative", title: "Physical crossbars (detector + recognizer)", scale: { zero: false } },
          y: { field: "value", type: "quantitative", title: yTitle, scale: { zero: false } },
          color: { field: "mode", type: "nominal", title: "Mapping mode", scale: { scheme: "tableau10" } },
          ...(withShape ? { shape: { field: "stat", type: "nominal", title: "Embedding cosine" } } : {}),
          tooltip: [{ field: "label" }, { field: "crossbars" }, { field: "value", format: ".4f" }, { field: "stat" }],
        },
      },
      // Names on the left panel only: on the right many modes keep the same faces and their names would collide.
      ...(withShape
        ? [
            {
              data: { values: values.filter((v) => (v as { stat: string }).stat === "mean over faces") },
              mark: { type: "text", align: "left", dx: 7, dy: -7, fontSize: 10 },
              encoding: { x: { field: "crossbars", type: "quantitative" }, y: { field: "value", type: "quantitative" }, text: { field: "label" } },
            },
          ]
        : []),
      { data: { values: refValues }, mark: { type: "rule", strokeDash: [5, 4], color: "gray" }, encoding: { y: { field: "value", type: "quantitative" } } },
      {
        data: { values: refValues },
        mark: { type: "text", align: "right", x: "width", dx: -2, dy: -6, fontSize: 10, color: "gray" },
        encoding: { y: { field: "value", type: "quantitative" }, text: { field: "label" } },
      },
    ],
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: "Crossbars against agreement with the float networks",
    config: chartConfig,
    hconcat: [
      panel("Recognizer: embedding cosine to float on the float crops", "Embedding cosine", cosine, refCos, true),
      panel(
        "Detector: float faces still found (IoU >= 0.5)",
        "Share of the float run's faces",
        found,
        refFound.filter((v) => v.value !== null),
        false,
      ),
    ],
    resolve: { scale: { color: "shared" } },
  } as TopLevelSpec;
}

/** Per-layer output SQNR of one network for every configuration. */
export function layerSqnrChart(r: AccuracyResult, network: NetworkKey): TopLevelSpec {
  // Configurations with the same weights draw the same line: one is enough.
  const configs = r.configs.filter((c) => !c.sameAs && (c.id !== "float" || r.settings.activations === "quantized"));
  const order = configs[0]?.layers.filter((l) => l.network === network).map((l) => shortName(l.name)) ?? [];
  const values = configs.flatMap((c) =>
    c.layers
      .filter((l) => l.network === network && l.outputSqnrDb !== null && Number.isFinite(l.outputSqnrDb))
      .map((l) => ({ layer: shortName(l.name), config: c.label, sqnr: l.outputSqnrDb })),
  );
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: `${NETWORKS[network].title}: output SQNR of each mapped layer on the photos' activations`,
    width: Math.max(560, order.length * 16),
    height: 320,
    config: chartConfig,
    data: { values },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "layer", type: "nominal", sort: order, title: "Layer (kernel tensor)", axis: { labelAngle: -60, labelFontSize: 10 } },
      y: { field: "sqnr", type: "quantitative", title: "Output SQNR (dB)" },
      color: { field: "config", type: "nominal", sort: configs.map((c) => c.label), title: "Configuration", scale: { scheme: "category20" } },
      tooltip: [{ field: "layer" }, { field: "config" }, { field: "sqnr", format: ".2f" }],
    },
  } as TopLevelSpec;
}

function shortName(name: string): string {
  return name.replace(/\/(weights|filters|depthwise_weights|conv\/filters)$/, "").replace(/^(MobilenetV1|Prediction)\//, "");
}

function markdownTable(head: string[], rows: string[][]): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  return [`| ${head.map(esc).join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`)].join("\n");
}

/** report.md: settings, the configuration table, and per network the output SQNR of every layer. */
export function accuracyMarkdown(r: AccuracyResult, figures: readonly string[]): string {
  const { head, rows } = summaryRows(r);
  const parts = [`# sme accuracy`, "", settingsLine(r), "", markdownTable(head, rows), ""];
  for (const f of figures) parts.push(`![${f}](${f}.svg)`, "");
  for (const key of r.settings.mapped) {
    const configs = r.configs.filter((c: ConfigResult) => !c.sameAs);
    const layers = configs[0]?.layers.filter((l) => l.network === key) ?? [];
    parts.push(`## ${NETWORKS[key].title}: output SQNR per layer (dB)`, "");
    parts.push(
      markdownTable(
        ["layer", "kind", "vectors/inference", "signed", ...configs.map((c) => c.label)],
        layers.map((l, i) => [
          shortName(l.name),
          l.kind ?? "-",
          l.vectorsPerInference === null ? "-" : String(l.vectorsPerInference),
          l.signed ? "yes" : "no",
          ...configs.map((c) => db(c.layers.filter((x) => x.network === key)[i]?.outputSqnrDb ?? null)),
        ]),
      ),
      "",
    );
  }
  return parts.join("\n");
}

/** Writes `--report DIR`: report.md, index.html, accuracy.json and the figures as SVG and PNG (replaced as a whole). */
export async function writeAccuracyReport(dir: string, r: AccuracyResult): Promise<void> {
  const charts: Array<[string, TopLevelSpec]> = [["crossbars-vs-cosine", crossbarsVsAgreementChart(r)]];
  for (const key of r.settings.mapped) charts.push([`layer-sqnr-${key}`, layerSqnrChart(r, key)]);
  const files = new Map<string, string | Uint8Array>();
  for (const [name, spec] of charts) {
    const svg = await renderSvg(spec);
    files.set(`${name}.svg`, svg);
    files.set(`${name}.png`, svgToPng(svg));
  }
  const md = accuracyMarkdown(
    r,
    charts.map(([n]) => n),
  );
  files.set("report.md", md);
  files.set("accuracy.json", `${accuracyJson(r)}\n`);
  const html =
    `<!doctype html>\n<html><head><meta charset="utf-8"><title>sme accuracy</title>` +
    `<style>body{font-family:sans-serif;margin:2em}pre{font-size:12px}</style></head><body>\n<h1>sme accuracy</h1>\n` +
    `<pre>${escapeHtml(formatAccuracyTable(r))}</pre>\n${charts.map(([n]) => `<p><img src="${n}.svg" alt="${n}"></p>`).join("\n")}\n` +
    `<p>Per-layer tables: <a href="report.md">report.md</a>; all figures: <a href="accuracy.json">accuracy.json</a>.</p>\n</body></html>\n`;
  files.set("index.html", html);
  checkAccuracyReportFolder(dir);
  await writeDirAtomic(dir, withOutputRecord("accuracy", files));
}

/** A report folder an earlier version wrote, before folders carried a record of their files. */
function legacyAccuracyReport(_dir: string, entries: readonly string[]): Ownership | null {
  if (!entries.includes("accuracy.json")) return null;
  if (!entries.every((e) => ["report.md", "accuracy.json", "index.html"].includes(e) || /\.(svg|png)$/.test(e))) return null;
  return { files: new Map(entries.map((e) => [e, null])), folders: [] };
}

/**
 * Refuses a `--report` folder that holds anything but an earlier accuracy report, unchanged (it is replaced
 * whole): checked before the run starts, and again before writing.
 */
export function checkAccuracyReportFolder(dir: string): void {
  checkOutputFolder(dir, { label: "--report", legacy: legacyAccuracyReport });
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
