import Table from "cli-table3";
import { modeLabel } from "../params/index.js";
import type { GeneratedDesign } from "../flow/generate/generate.js";
import type { VerifyReport } from "../flow/verify/verify.js";
import { describeMismatch } from "../flow/verify/compare.js";
import { mismatchReport } from "../flow/verify/verify.js";
import { formatCodeCoverage, formatFunctionalCoverage } from "./coverage-format.js";
import type { DemoReport } from "../flow/demo/demo.js";

const db = (x: number | null): string => (x === null || !Number.isFinite(x) ? "inf (exact)" : `${x.toFixed(2)} dB`);
const int = (x: number): string => Math.round(x).toLocaleString("en-US");

/** Borderless two-column table: one aligned "key  value" line per row. */
const BORDERLESS = {
  top: "",
  "top-mid": "",
  "top-left": "",
  "top-right": "",
  bottom: "",
  "bottom-mid": "",
  "bottom-left": "",
  "bottom-right": "",
  left: "",
  "left-mid": "",
  mid: "",
  "mid-mid": "",
  right: "",
  "right-mid": "",
  middle: "  ",
};

function keyValues(rows: ReadonlyArray<readonly [string, string]>): string {
  const t = new Table({ chars: BORDERLESS, style: { head: [], border: [], "padding-left": 0, "padding-right": 0 } });
  for (const [k, v] of rows) t.push([k, v]);
  return `${t
    .toString()
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n")}\n`;
}

/** The budget's outcome on a design's tile: `target 23 dB over the tile: depths +3 -2, reached 23.41 dB`. */
function budgetLine(m: GeneratedDesign["manifest"]): Array<readonly [string, string]> {
  const b = m.budget;
  if (!b) return [];
  const reached = b.targetMet ? `reached ${db(b.sqnrDb)}` : `not reachable: ${db(b.sqnrDb)} is the highest`;
  return [["budget", `target ${b.targetSqnrDb} dB over the tile: squeeze-min depths +${b.depths[0]} -${b.depths[1]}, ${reached}`]];
}

/** Human-readable result of `sme generate`. */
export function formatGenerate(g: GeneratedDesign): string {
  const m = g.manifest;
  const p = m.params;
  return keyValues([
    ["design", g.name],
    ["folder", g.dir],
    ["top module", m.top],
    ["tile", `${p.rows} x ${p.cols}, N=${p.weightBits} S=${p.window} A=${p.actBits}, dac ${p.dacBits}, OU ${p.ouRows}, ADC ${p.adcBits}`],
    ["mode / kind", `${modeLabel({ ...p, targetSqnr: m.budget?.targetSqnrDb ?? null, budgetScope: m.budget?.scope ?? null })} / ${m.kind}`],
    ...budgetLine(m),
    ["weights", m.weights.description],
    ["crossbars", `${m.crossbars.length} used of K = ${m.slots} slots (dense: ${m.denseCrossbars})`],
    ["weight SQNR", `${db(m.weights.sqnrQuantizedDb)} quantized, ${db(m.weights.sqnrMappedDb)} mapped`],
    ["timing", `${m.timing.cyclesPerVector} cycles per vector, latency ${m.timing.latency}`],
    ["files", [...g.files.keys()].join(", ")],
    ["generation", `${(g.ms / 1000).toFixed(2)} s`],
  ]);
}

/** Human-readable result of `sme verify`. */
export function formatVerify(r: VerifyReport, edited: readonly string[] = []): string {
  const v = r.vectors;
  return (
    keyValues([
      ["design", r.design],
      ...(edited.length > 0 ? [["edited files", `${edited.join(", ")} (not as sme generate wrote them; simulated as they are)`] as [string, string]] : []),
      ["lint", `clean (verilator --lint-only -Wall, ${r.lint.cached ? "same Verilog already linted clean" : `${(r.lint.ms / 1000).toFixed(2)} s`})`],
      ["build", `${(r.build.ms / 1000).toFixed(2)} s${r.build.cached ? " (cached)" : ""}`],
      ["programming", r.programTransfers === 0 ? "none (baked)" : `${int(r.programTransfers)} transfers in ${int(r.programCycles)} cycles`],
      ["vectors checked", `${int(v.checked)} (${v.corner} corner, ${int(v.random)} random, ${int(v.layerLike)} layer-like)`],
      ["mismatches", r.mismatches === 0 ? "0" : mismatchReport(r)],
      ["speed", `${int(r.vectorsPerSecond)} vectors/s simulated on ${r.jobs} simulator(s), ${int(r.checkedPerSecond)} vectors/s checked`],
      ...(r.waves.length ? [["waves", r.waves.join("\n")] as const] : []),
      ...(r.closure
        ? [
            [
              "coverage rounds",
              `${int(r.closure.rounds)} rounds, ${int(r.closure.vectors)} vectors, ${int(r.closure.programs)} random programs in ${(r.closure.ms / 1000).toFixed(1)} s`,
            ] as const,
          ]
        : []),
      ...(r.functionalCoverage
        ? [
            [
              "functional coverage",
              `${r.functionalCoverage.hit} of ${r.functionalCoverage.reachable} reachable bins hit (${r.functionalCoverage.total} bins)`,
            ] as const,
          ]
        : []),
      ...(r.codeCoverage
        ? [
            [
              "code coverage",
              `lines ${r.codeCoverage.total.lines.hit} / ${r.codeCoverage.total.lines.total}, toggles ${r.codeCoverage.total.toggles.hit} / ${r.codeCoverage.total.toggles.total}: ${r.codeCoverage.info}`,
            ] as const,
          ]
        : []),
    ]) +
    (r.functionalCoverage ? `\n${formatFunctionalCoverage(r.functionalCoverage)}` : "") +
    (r.codeCoverage ? `\n${formatCodeCoverage(r.codeCoverage)}` : "")
  );
}

/** The short report of `sme demo`. */
export function formatDemo(d: DemoReport): string {
  const g = d.design;
  const p = g.config.params;
  const r = d.verify;
  const modes = new Table({ head: ["mode", "crossbars", "vs dense", "mapped SQNR", "dropped 1-bits"], style: { head: [], border: [] } });
  for (const m of d.modes) {
    const mark = m.mode === p.mode ? " *" : "";
    modes.push([`${m.label}${mark}`, String(m.crossbars), `${m.ratioToDense.toFixed(2)}x`, db(m.sqnrMappedDb), String(m.droppedCells)]);
  }
  const head =
    `sme demo: ${p.rows} x ${p.cols} tile, N=${p.weightBits} S=${p.window} A=${p.actBits}, ${g.manifest.weights.description}\n` +
    `crossbars per mapping mode on this tile (* = the generated design):\n`;
  return (
    head +
    `${modes.toString()}\n` +
    keyValues([
      ["design", `${g.dir} (${g.manifest.kind}, top ${g.manifest.top})`],
      ...budgetLine(g.manifest),
      ["weight SQNR", `${db(g.manifest.weights.sqnrQuantizedDb)} quantized, ${db(g.manifest.weights.sqnrMappedDb)} mapped`],
      ["generation", `${(g.ms / 1000).toFixed(2)} s`],
      ["lint", `clean (verilator --lint-only -Wall${r.lint.cached ? ", same Verilog already linted clean" : ""})`],
      ["build", `${(r.build.ms / 1000).toFixed(2)} s${r.build.cached ? " (cached)" : ""}`],
      ["vectors checked", `${int(r.vectors.checked)} (${r.vectors.corner} corner, ${int(r.vectors.random)} random, ${int(r.vectors.layerLike)} layer-like)`],
      ["mismatches", r.mismatches === 0 ? "0 (bit-exact)" : describeMismatch({ checked: r.vectors.checked, mismatches: r.mismatches, first: r.firstMismatch })],
      ["speed", `${int(r.vectorsPerSecond)} vectors/s simulated, ${int(r.checkedPerSecond)} vectors/s checked`],
    ])
  );
}
