import { loadLayerRunConfig } from "../../flow/layers/config.js";
import { verifyLayers, type LayerRunTarget } from "../../flow/layers/run.js";
import { layerInputs, selectLayers } from "../../flow/layers/sources.js";
import { assertLayersOk } from "../../flow/layers/verdict.js";
import { loadDesignFolder } from "../../flow/generate/design-folder.js";
import { generateDesign, writeDesign } from "../../flow/generate/generate.js";
import { targetFromGenerated } from "../../flow/verify/targets.js";
import { loadModel } from "../../sme/index.js";
import { UserError } from "../../util/errors.js";
import { formatLayers, layersSummary } from "../layers-format.js";
import { stageProgress } from "../progress.js";

/**
 * `sme verify --all-tiles` / `--layers a,b,c` / `--all-layers`: every tile of whole layers through one build
 * of the programmable tile, on real or random inputs, partial sums checked (docs/layers.md).
 */
export async function verifyLayersAction(flags: Record<string, unknown>): Promise<void> {
  const progress = stageProgress({ quiet: Boolean(flags.json) });
  try {
    const config = await loadLayerRunConfig(flags);
    progress.stage("generate", "reading the model and the inputs");
    const model = await loadModel(config.model);
    const layers = selectLayers(model, config.selection);
    const folder = config.design === null ? null : await loadDesignFolder(config.design);
    if (folder && folder.tile.kind !== "programmable") {
      throw new UserError(`--design ${config.design} is a baked design: it holds one tile's weights; a whole-layer run needs a programmable design`);
    }
    const params = folder?.tile.params ?? config.flow.params;
    const { loaders, notes } = await layerInputs(config.activations, layers, {
      actBits: params.actBits,
      vectors: config.flow.vectors,
      seed: config.flow.seed,
      maxVectors: config.maxVectors,
      params,
      scale: config.flow.scale,
    });
    for (const note of notes) process.stderr.write(`sme: note: ${note}\n`);
    let target: LayerRunTarget;
    if (folder) {
      target = { name: folder.manifest.name, tile: folder.tile, files: folder.files, verilogPaths: folder.verilogPaths };
    } else {
      progress.stage("generate", "generate the programmable tile");
      // The usual design folder, programmed with the first kernel's tile 0,0: the Verilog is the same for every tile.
      const g = await generateDesign({ ...config.flow, weights: { kind: "file", file: config.model, layer: layers[0]!.name, tileRow: 0, tileCol: 0 } });
      await writeDesign(g);
      target = targetFromGenerated(g);
    }
    const report = await verifyLayers(
      target,
      layers.map((matrix, k) => ({ matrix, load: loaders[k]! })),
      {
        scale: config.flow.scale,
        jobs: config.flow.jobs,
        onStage: (stage, detail) => progress.stage(stage, detail),
        onLayer: (done, total, l) =>
          progress.stage("simulate", `${done}/${total} layers: ${l.name} (${l.tileRows * l.tileCols} tiles, ${l.mismatches} mismatches)`),
      },
    );
    progress.stop();
    process.stdout.write(flags.json ? `${JSON.stringify(layersSummary(report), null, 2)}\n` : formatLayers(report));
    assertLayersOk(report);
  } finally {
    progress.stop();
  }
}
