
import { join, resolve } from "node:path";
import {
  buildProgramImage,
  modeTag,
  planBudgetTile,
  planForTile,
  programImageToHex,
  programImageToJson,
  type MappingPlan,
  type ProgramImage,
  type QuantizedMatrix,
} from "../../sme/index.js";
import { generatorVersion } from "../../hdl/index.js";
// The generator alone, not the hw barrel: `sme generate` need not load the simulator driver.
import { buildTile, type TileHardware } from "../../hw/build.js";
import { writeDirAtomic } from "../../util/atomic-dir.js";
import { hashParts } from "../../util/hash.js";
import { checkOutputFolder, sha256 } from "../../util/output-folder.js";
import { rtlOutDir } from "../../util/paths.js";
import type { FlowConfig } from "../config.js";
import { buildManifest, type DesignManifest, type ManifestFile } from "./manifest.js";
import { designOwnership } from "./design-ownership.js";
import { renderDesignReadme } from "./readme.js";
import { tileSqnr, type TileSqnr } from "./tile-metrics.js";
import { resolveWeights, type ResolvedWeights } from "./weights-source.js";

/** A generated design in memory: what `sme generate` writes and what `sme verify` checks. */
export interface GeneratedDesign {
  readonly name: string;
  /** The folder it is (or would be) written to. */
  readonly dir: string;
  readonly config: FlowConfig;
  readonly weights: ResolvedWeights;
  readonly quantized: QuantizedMatrix;
  readonly plan: MappingPlan;
  readonly sqnr: TileSqnr;
  /** The tile: its description, module and Verilog (`tile.design.files`, one file per module, top last). */
  readonly tile: TileHardware;
  /** Programmable: the programming image. Baked: the same data as the RTL constants, for reference. */
  readonly image: ProgramImage;
  readonly manifest: DesignManifest;
  /** File name -> content, exactly as written. */
  readonly files: ReadonlyMap<string, string>;
  /** Milliseconds from options to files in memory. */
  readonly ms: number;
}

/**
 * `<mode><D or target>-<R>x<C>-n<N>s<S>a<A>-<kind>-<8 hex digits of the inputs hash>`: readable, and different
 * whenever anything that changes the files differs (weights, DAC/ADC/OU settings, scale, budget target,
 * generator version).
 */
export function designName(c: FlowConfig, inputsHash: string): string {
  const p = c.params;
  return `${modeTag({ ...p, targetSqnr: c.budget?.targetSqnrDb ?? null })}-${p.rows}x${p.cols}-n${p.weightBits}s${p.window}a${p.actBits}-${c.kind}-${inputsHash.slice(0, 8)}`;
}

/** SHA-256 over everything the files depend on: generator version, options and the weight values. */
export function inputsHash(c: FlowConfig, w: ResolvedWeights): string {
  // The budget's target is hashed only in mode budget, so the other modes keep the names they had.
  const budget = c.budget ? { budget: c.budget } : {};
  const options = JSON.stringify({ params: c.params, kind: c.kind, scale: c.scale, tile: [w.tileRow, w.tileCol], layer: w.matrix.name, shape: w.matrix.shape, ...budget });
  const data = new Float32Array(w.matrix.data);
  return hashParts([generatorVersion(), options, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)]);
}

/** Quantizes and maps the chosen tile, builds the hardware and renders every file, without writing anything. */
export async function generateDesign(config: FlowConfig): Promise<GeneratedDesign> {
  const t0 = performance.now();
  const p = config.params;
  const weights = await resolveWeights(config.weights, p);
  const at = { scale: config.scale, tileRow: weights.tileRow, tileCol: weights.tileCol };
  const chosen = config.budget ? planBudgetTile(weights.matrix, p, at, config.budget) : null;
  const { quantized, plan } = chosen ?? planForTile(weights.matrix, p, at);
  const sqnr = tileSqnr(weights.matrix, quantized, plan, weights.tileRow, weights.tileCol);
  const tile = buildTile(p, config.kind === "baked" ? { kind: "baked", plan } : { kind: "programmable" });
  const image = buildProgramImage(plan, tile.slots);
  const hash = inputsHash(config, weights);
  const name = designName(config, hash);
  const dir = resolve(config.out ?? join(rtlOutDir, name));

  const files = new Map<string, string>();
  const listed: ManifestFile[] = [];
  for (const f of tile.design.files) {
    files.set(f.name, f.text);
    listed.push({ name: f.name, what: f.name === `${tile.name}.v` ? "Verilog: the tile top" : "Verilog module" });
  }
  let transfers = 0;
  if (config.kind === "programmable") {
    files.set("program.json", `${JSON.stringify(programImageToJson(image), null, 2)}\n`);
    files.set("program.hex", programImageToHex(image));
    transfers = image.transfers.length;
    listed.push({ name: "program.json", what: "programming image: the ordered prog_* transfers with the field layout" });
    listed.push({ name: "program.hex", what: "the same transfers as $readmemh words {target, xbar, row, data}" });
  } else {
    files.set("baked-image.json", `${JSON.stringify(programImageToJson(image), null, 2)}\n`);
    listed.push({ name: "baked-image.json", what: "the constants baked into the RTL, in programming-image form (reference)" });
  }
  listed.push({ name: "manifest.json", what: "parameters, crossbars, ports, timing, programming layout, files" });
  listed.push({ name: "README.md", what: "integrator guide: ports, handshake timing, programming sequence, simulation" });
  const manifest = buildManifest({
    name,
    version: generatorVersion(),
    inputsHash: hash,
    kind: config.kind,
    params: p,
    scale: config.scale,
    weights: { source: weights.source, description: weights.description, delta: quantized.delta },
    sqnr,
    plan,
    ...(chosen && config.budget
      ? { budget: { targetSqnrDb: config.budget.targetSqnrDb, scope: "tile" as const, depths: [...chosen.depths], sqnrDb: chosen.sqnrDb, targetMet: chosen.targetMet } }
      : {}),
    tile,
    programTransfers: transfers,
    files: listed,
  });
  files.set("README.md", renderDesignReadme(manifest, config.kind === "programmable" ? image : null));
  // The manifest records every other file's hash, so edits can be told apart from what was generated.
  const hashed: DesignManifest = {
    ...manifest,
    files: manifest.files.map((f) => (files.has(f.name) ? { ...f, sha256: sha256(files.get(f.name)!) } : f)),
  };
  files.set("manifest.json", `${JSON.stringify(hashed, null, 2)}\n`);
  return { name, dir, config, weights, quantized, plan, sqnr, tile, image, manifest: hashed, files, ms: performance.now() - t0 };
}

/**
 * Writes the design folder atomically: readers see the old folder or the complete new one, never a mix. A
 * folder that exists must be a design folder holding only the files `sme generate` wrote there, unchanged (the
 * whole folder is replaced).
 */
export async function writeDesign(g: GeneratedDesign): Promise<void> {
  checkOutputFolder(g.dir, { label: "design folder", ownership: designOwnership });
  await writeDirAtomic(g.dir, g.files);
}
