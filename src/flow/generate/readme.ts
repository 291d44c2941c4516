import { readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import { isAdcLossless, modeLabel, type ProgramImage } from "../../sme/index.js";
import { templatesDir } from "../../util/paths.js";
import { coreFileName, coreVlnv } from "./fusesoc-core.js";
import type { DesignManifest } from "./manifest.js";

let template: Handlebars.TemplateDelegate | undefined;

function readmeTemplate(): Handlebars.TemplateDelegate {
  template ??= Handlebars.compile(readFileSync(join(templatesDir, "flow-readme.md.hbs"), "utf8"), { noEscape: true, strict: false });
  return template;
}

/** The integrator README of a generated design (templates/flow-readme.md.hbs). */
export function renderDesignReadme(m: DesignManifest, image: ProgramImage | null): string {
  const p = m.params;
  const ouGroups = p.rows / p.ouRows;
  const L = m.programming;
  const counts = { descriptors: 0, rowMaps: 0, cellRows: 0 };
  for (const t of image?.transfers ?? []) {
    if (t.target === 2) counts.descriptors++;
    else if (t.target === 1) counts.rowMaps++;
    else counts.cellRows++;
  }
  const hex = L
    ? {
        ...L.hexWord,
        msb: L.hexWord.width - 1,
        targetMsb: L.hexWord.targetOffset + 1,
        xbarMsb: L.hexWord.xbarOffset + L.xbarWidth - 1,
        rowMsb: L.hexWord.rowOffset + L.rowWidth - 1,
        dataMsb: L.PW - 1,
      }
    : null;
  const withHi = <T extends { offset: number; width: number }>(fs: readonly T[]) => fs.map((f) => ({ ...f, hi: f.offset + f.width - 1 }));
  const verilogFiles = m.files.filter((f) => f.name.endsWith(".v") && !f.name.startsWith("tb/")).map((f) => f.name);
  return readmeTemplate()({
    name: m.name,
    version: m.generator.version,
    top: m.top,
    kind: m.kind,
    inputsHash: m.inputsHash,
    params: p,
    modeLabel: modeLabel({ ...m.params, targetSqnr: m.budget?.targetSqnrDb ?? null, budgetScope: m.budget?.scope ?? null }),
    ouGroups,
    multipleGroups: ouGroups > 1,
    adcLossless: isAdcLossless(p),
    adcMax: 2 ** p.adcBits - 1,
    slots: m.slots,
    crossbarsUsed: m.crossbars.length,
    outputWidth: m.outputWidth,
    weights: m.weights.description,
    scale: m.scale,
    delta: m.weights.delta.length === 1 ? String(m.weights.delta[0]) : `per column (${m.weights.delta.length} values in manifest.json)`,
    ports: m.ports,
    timing: {
      ...m.timing,
      multipleDigits: m.timing.digits > 1,
      inputNote: "`in_ready` is low while a vector is in flight.",
      crossbarNote: "",
    },
    programmable: m.kind === "programmable",
    program: { transfers: L?.transfers ?? 0, last: Math.max(0, (L?.transfers ?? 1) - 1), ...counts },
    layout: L ? { ...L, cellsHi: L.cols - 1, target1: withHi(L.target1), target2: withHi(L.target2), perSign: L.rowMapScope === "per-sign" } : null,
    hex,
    dirHint: `rtl-out/${m.name}`,
    fileList: verilogFiles.join(" "),
    bus: m.bus,
    coreFile: coreFileName(m.name),
    vlnv: coreVlnv(m.name, m.generator.version),
    files: m.files,
  });
}
