import { join, resolve } from "node:path";
import { generatorVersion } from "../../hdl/index.js";
// The generator alone, not the hw barrel: `sme generate` need not load the simulator driver.
import { buildAxisShell, buildTile, type DesignHardware } from "../../hw/build.js";
import {
  buildProgramImage,
  type MappingPlan,
  modeTag,
  type ProgramImage,
  planBudgetTile,
  planForTile,
  programImageToHex,
  programImageToJson,
  type QuantizedMatrix,
} from "../../sme/index.js";
import { writeDirAtomic } from "../../util/atomic-dir.js";
import { hashParts } from "../../util/hash.js";
import { checkOutputFolder, sha256 } from "../../util/output-folder.js";
import { rtlOutDir } from "../../util/paths.js";
import type { FlowConfig } from "../config.js";
import { designOwnership } from "./design-ownership.js";
import { coreFileName, renderFusesocCore } from "./fusesoc-core.js";
import { buildManifest, type DesignManifest, type ManifestFile } from "./manifest.js";
import { renderDesignReadme } from "./readme.js";
import { EXPECTED_FILE, TESTBENCH_FILE, testbenchFiles, VECTORS_FILE } from "./testbench-files.js";
import { type TileSqnr, tileSqnr } from "./tile-metrics.js";
import { type ResolvedWeights, resolveWeights } from "./weights-source.js";

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
  /**
   * The top: the tile, or the tile in its AXI4-Stream shell (`tile.bus`): its description, module and Verilog
   * (`tile.design.files`, one file per module, top last).
   */
  readonly tile: DesignHardware;
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
  return `${modeTag({ ...p, targetSqnr: c.budget?.targetSqnrDb ?? null })}-${p.rows}x${p.cols}-n${p.weightBits}s${p.window}a${p.actBits}-${c.kind}${c.axis ? "-axis" : ""}-${inputsHash.slice(0, 8)}`;
}

/** SHA-256 over everything the files depend on: generator version, options and the weight values. */
export function inputsHash(c: FlowConfig, w: ResolvedWeights): string {
  const options = JSON.stringify({
    params: c.params,
    kind: c.kind,
    scale: c.scale,
    tile: [w.tileRow, w.tileCol],
    layer: w.matrix.name,
    shape: w.matrix.shape,
    ...(c.axis ? { axis: c.axis } : {}),
    // The budget's target is hashed only in mode budget, so the other modes keep the names they had.
    ...(c.budget ? { budget: c.budget } : {}),
  });
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
  const core = buildTile(p, config.kind === "baked" ? { kind: "baked", plan } : { kind: "programmable" });
  const tile: DesignHardware = config.axis ? buildAxisShell(core, config.axis) : core;
  const image = buildProgramImage(plan, core.slots);
  const hash = inputsHash(config, weights);
  const name = designName(config, hash);
  const dir = resolve(config.out ?? join(rtlOutDir, name));

  const files = new Map<string, string>();
  const listed: ManifestFile[] = [];
  for (const f of tile.design.files) {
    files.set(f.name, f.text);
    const what =
      f.name === `${tile.name}.v`
        ? tile.bus
          ? "Verilog: the AXI4-Stream shell, the top"
          : "Verilog: the tile top"
        : f.name === `${core.name}.v`
          ? "Verilog: the tile"
          : "Verilog module";
    listed.push({ name: f.name, what });
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
  const tb = testbenchFiles(tile, plan, transfers, config.seed);
  for (const [n, text] of tb.files) files.set(n, text);
  listed.push({ name: TESTBENCH_FILE, what: "self-checking Verilog-2005 testbench: programs, streams tb/vectors.hex, compares with tb/expected.hex" });
  listed.push({ name: VECTORS_FILE, what: `${tb.vectors} test vectors, one $readmemh word per ${tile.bus ? "s_axis_act beat" : "in_act value"}` });
  listed.push({ name: EXPECTED_FILE, what: `the golden model's outputs for them, one word per ${tile.bus ? "m_axis_sum beat" : "out_sum value"}` });
  const coreFile = coreFileName(name);
  listed.push({ name: coreFile, what: "FuseSoC core (CAPI2): filesets rtl and tb, targets default, lint, sim, synth" });
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
      ? {
          budget: {
            targetSqnrDb: config.budget.targetSqnrDb,
            scope: "tile" as const,
            depths: [...chosen.depths],
            sqnrDb: chosen.sqnrDb,
            targetMet: chosen.targetMet,
          },
        }
      : {}),
    tile,
    programTransfers: transfers,
    files: listed,
  });
  const verilog = tile.design.files.map((f) => f.name);
  files.set(
    coreFile,
    renderFusesocCore({
      name,
      version: generatorVersion(),
      top: tile.name,
      description: `SME ReRAM tile ${p.rows}x${p.cols}, ${config.kind}, mode ${modeTag(p)}${tile.bus ? ", AXI4-Stream shell" : ""} (inputs hash ${hash.slice(0, 16)})`,
      rtl: verilog,
      testbench: { file: TESTBENCH_FILE, top: tb.top, drainCycles: tb.drainCycles },
      data: [...(config.kind === "programmable" ? ["program.hex"] : []), VECTORS_FILE, EXPECTED_FILE].map((f) => ({ file: f, as: f.replace(/^tb\//, "") })),
    }),
  );
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
