import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import Handlebars from "handlebars";
import { writeDirAtomic } from "../util/atomic-dir.js";
import { checkOutputFolder, withOutputRecord, type Ownership } from "../util/output-folder.js";
import { templatesDir } from "../util/paths.js";
import { layersToCsv, resultsToCsv } from "../sweep/csv.js";
import { modeLabel } from "../params/index.js";
import type { PointResult } from "../sweep/result.js";
import { fmtDb, mappingOrder } from "./charts.js";
import { chooseFigures, sweptParameters, type Figure } from "./figures.js";
import { paramTitles } from "./metrics.js";
import { renderSvg, svgToPng } from "./render.js";

export interface ReportSection {
  readonly heading: string;
  readonly description: string;
  readonly figures: readonly (Figure & { readonly svg: string; readonly png: Uint8Array })[];
  readonly table: { readonly header: string[]; readonly rows: string[][] };
}

/** One results file (or merged set) to report on; each gives its own sections. */
export interface ReportInput {
  /** Name of the results file, for the provenance line. */
  readonly source: string;
  /** Heading of its sections (default: the model's name). */
  readonly heading?: string;
  /** Short id that prefixes its figure files, e.g. `fig8-modes`. */
  readonly id?: string;
  readonly results: readonly PointResult[];
}

export interface ReportOptions {
  readonly title?: string;
  /** Fixed date string (tests use it for byte-identical output); defaults to now. */
  readonly generated?: string;
}

/** `face_recognition_model-weights_manifest.json#1a2b3c4d` -> `face_recognition_model`. */
export function modelLabel(modelId: string): string {
  return modelId.replace(/#.*$/, "").replace(/(-weights_manifest)?\.(json|npy)$/i, "");
}

/** A report folder an earlier version wrote, before folders carried a record of their files. */
function legacyReport(dir: string, entries: readonly string[]): Ownership | null {
  if (!entries.includes("index.html") || !entries.includes("report.md")) return null;
  const files = new Map<string, null>();
  for (const e of entries) {
    if (e === "figures") {
      for (const f of readdirSync(join(dir, e))) files.set(`figures/${f}`, null);
    } else if (["index.html", "report.md", "results.csv", "layers.csv"].includes(e)) files.set(e, null);
    else return null;
  }
  return { files, folders: [] };
}

/**
 * Refuses a report folder that holds anything but an earlier report, unchanged: the folder is replaced as a
 * whole, and the tool never deletes a file it did not write.
 */
export function checkReportFolder(outDir: string): void {
  checkOutputFolder(outDir, { label: "report folder", legacy: legacyReport });
}

/** Splits results by what they were measured on: model, layer and cost table. */
export function groupResults(results: readonly PointResult[]): PointResult[][] {
  const groups = new Map<string, PointResult[]>();
  for (const r of results) {
    const k = `${r.model}|${r.layer ?? ""}|${r.cost}|${r.rtl ? "rtl" : ""}|${r.accuracy ? "accuracy" : ""}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.values()];
}

/** Builds the sections (figures rendered to SVG and PNG, and a table) of a report. */
export async function buildSections(inputs: readonly ReportInput[]): Promise<ReportSection[]> {
  const sections: ReportSection[] = [];
  const used = new Set<string>();
  for (const { group, heading, id } of inputs.flatMap((i) => groupResults(i.results).map((group) => ({ group, heading: i.heading, id: i.id })))) {
    const first = group[0]!;
    const label = modelLabel(first.model) + (first.layer ? ` / ${first.layer}` : "");
    const stem = `${label}${id ? `-${id}` : ""}`.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "");
    let prefix = `${stem}-`;
    for (let n = 2; used.has(prefix); n++) prefix = `${stem}-${n}-`;
    used.add(prefix);
    const figures = [];
    for (const f of chooseFigures(group, label, prefix)) {
      const svg = await renderSvg(f.spec);
      figures.push({ ...f, svg, png: svgToPng(svg) });
    }
    const swept = sweptParameters(group);
    sections.push({
      heading: heading ? `${label}: ${heading}` : label,
      description:
        `${group.length} sweep points on ${first.layers.length} layer(s), cost table "${first.cost}"` +
        (swept.length ? `; swept: ${swept.map((p) => paramTitles[p] ?? p).join(", ")}` : "") + ".",
      figures,
      table: pointTable(group, swept),
    });
  }
  return sections;
}

function pointTable(results: readonly PointResult[], swept: readonly string[]): ReportSection["table"] {
  const order = mappingOrder(results);
  const sorted = [...results].sort((a, b) => order.indexOf(modeLabel(a.point)) - order.indexOf(modeLabel(b.point)));
  const rtl = results.some((r) => r.rtl);
  const accuracy = results.some((r) => r.accuracy);
  const header = [
    "mapping", ...swept, "crossbars", "vs dense", "SQNR quant.", "SQNR mapped", "T", "row-map bits", "area mm²", "energy nJ",
    ...(rtl ? ["Yosys cells", "vectors/s"] : []),
    ...(accuracy ? ["face-api crossbars", "faces", "cos mean", "flipped", "rec cos mean", "rec flipped"] : []),
  ];
  const fixed = (v: number | null | undefined, digits: number): string => (v === null || v === undefined ? "-" : v.toFixed(digits));
  const rows = sorted.map((r) => [
    modeLabel(r.point),
    ...swept.map((p) => String(r.point[p as keyof typeof r.point])),
    String(r.totals.physicalCrossbars),
    `${r.totals.ratioToDense.toFixed(3)}x`,
    fmtDb(r.totals.sqnrQuantDb),
    fmtDb(r.totals.sqnrMappedDb),
    String(r.totals.inputCycles),
    String(r.totals.rowMapBits),
    r.totals.areaMm2.toPrecision(4),
    r.totals.energyNj.toPrecision(4),
    ...(rtl ? [r.rtl?.yosysCells?.toString() ?? r.rtl?.error ?? "", r.rtl?.vectorsPerSecond?.toFixed(0) ?? ""] : []),
    ...(accuracy ? accuracyCells(r.accuracy, fixed) : []),
  ]);
  return { header, rows };
}

function markdownTable(t: ReportSection["table"]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replaceAll("|", "\\|")).join(" | ")} |`;
  return [line(t.header), line(t.header.map(() => "---")), ...t.rows.map(line)].join("\n");
}

/** HTML templates escape their values; the Markdown one must not (it would turn `D=2` into `D&#x3D;2`). */
async function template(name: string, escapeHtml: boolean): Promise<HandlebarsTemplateDelegate> {
  return Handlebars.compile(await readFile(join(templatesDir, name), "utf8"), { noEscape: !escapeHtml });
}

/**
 * Writes a report folder atomically: `index.html` (self-contained, SVGs inline), `report.md` (PNG images beside
 * it), `figures/*.svg|png`, `results.csv` and `layers.csv`. Returns the paths of the figures.
 */
export async function writeReport(outDir: string, inputs: readonly ReportInput[], opts: ReportOptions = {}): Promise<{ figures: string[] }> {
  checkReportFolder(outDir);
  const sections = await buildSections(inputs);
  const results = inputs.flatMap((i) => i.results);
  const view = {
    title: opts.title ?? "SME sweep report",
    generated: opts.generated ?? new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    sources: inputs.map((i) => i.source),
    sections: sections.map((s) => ({ ...s, markdownTable: markdownTable(s.table) })),
  };
  const files = new Map<string, string | Uint8Array>();
  files.set("index.html", (await template("report-html.hbs", true))(view));
  files.set("report.md", (await template("report-md.hbs", false))(view));
  files.set("results.csv", resultsToCsv(results));
  files.set("layers.csv", layersToCsv(results));
  const figures: string[] = [];
  for (const s of sections) {
    for (const f of s.figures) {
      files.set(`figures/${f.id}.svg`, f.svg);
      files.set(`figures/${f.id}.png`, f.png);
      figures.push(`figures/${f.id}.svg`, `figures/${f.id}.png`);
    }
  }
  await writeDirAtomic(outDir, withOutputRecord("report", files));
  return { figures };
}

/** The `sme accuracy` table's main columns for a point (docs/accuracy.md): what its mapping changes in face-api's answers. */
function accuracyCells(a: PointResult["accuracy"], fixed: (v: number | null | undefined, digits: number) => string): string[] {
  if (!a) return ["-", "-", "-", "-", "-", "-"];
  return [
    a.crossbars === null ? "-" : String(a.crossbars),
    `${a.detection.faces}/${a.detection.floatFaces}`,
    fixed(a.recognition.meanCosine, 4),
    `${a.recognition.flipped}/${a.recognition.pairs}`,
    fixed(a.recognizer?.meanCosine, 4),
    a.recognizer ? `${a.recognizer.flipped}/${a.recognizer.pairs}` : "-",
  ];
}
