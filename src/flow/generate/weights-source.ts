import { existsSync } from "node:fs";
import { basename } from "node:path";
import { findLayer, loadModel, syntheticMatrix, type TileParams, type WeightMatrix } from "../../sme/index.js";
import { modelAliases } from "../../sweep/models.js";
import { UserError } from "../../util/errors.js";
import type { WeightsSource } from "../config.js";

/** The weight matrix a design is made from, with a short description for reports and the manifest. */
export interface ResolvedWeights {
  readonly matrix: WeightMatrix;
  /** Human-readable origin, e.g. `synthetic seed 1` or `model.json: conv1/filters`. */
  readonly description: string;
  /** Plain-data description for the manifest. */
  readonly source: Readonly<Record<string, string | number>>;
  readonly tileRow: number;
  readonly tileCol: number;
}

/** A model file, or one of the names `resnet` and `mobilenet` for the face-api networks (design.md §5.1), as `sme analyze` takes them. */
export function modelFile(value: string): string {
  return Object.hasOwn(modelAliases, value) && !existsSync(value) ? modelAliases[value]! : value;
}

/**
 * Loads the weights a flow command maps: a seeded synthetic R x C matrix, or one kernel of a model file
 * (`--layer NAME` required when the file holds more than one kernel; the error lists them).
 */
export async function resolveWeights(src: WeightsSource, p: Pick<TileParams, "rows" | "cols">): Promise<ResolvedWeights> {
  if (src.kind === "synthetic") {
    const matrix = syntheticMatrix(p.rows, p.cols, src.seed);
    return { matrix, description: `synthetic ${p.rows}x${p.cols}, seed ${src.seed}`, source: { kind: "synthetic", seed: src.seed }, tileRow: 0, tileCol: 0 };
  }
  const model = await loadModel(modelFile(src.file));
  let matrix: WeightMatrix;
  if (src.layer !== undefined) {
    matrix = findLayer(model, src.layer);
  } else if (model.layers.length === 1) {
    matrix = model.layers[0];
  } else if (model.layers.length === 0) {
    throw new UserError(`${src.file} holds no non-zero weight kernel (2-D or 4-D floating-point tensor) to map`);
  } else {
    const names = model.layers.map((l) => l.name);
    const shown = names.length > 12 ? `${names.slice(0, 12).join(", ")}, ... (${names.length} in all)` : names.join(", ");
    throw new UserError(`${src.file} holds ${names.length} kernels; pick one with --layer NAME; kernels: ${shown}`);
  }
  const tileRows = Math.ceil(matrix.rows / p.rows);
  const tileCols = Math.ceil(matrix.cols / p.cols);
  if (src.tileRow >= tileRows || src.tileCol >= tileCols) {
    throw new UserError(
      `--tile ${src.tileRow},${src.tileCol} is outside kernel ${matrix.name} (${matrix.rows} x ${matrix.cols} is ${tileRows} x ${tileCols} tiles of ${p.rows} x ${p.cols}); use ROW 0..${tileRows - 1}, COL 0..${tileCols - 1}`,
    );
  }
  return {
    matrix,
    description: `${basename(src.file)}: ${matrix.name} [${matrix.shape.join(", ")}], tile ${src.tileRow},${src.tileCol}`,
    source: { kind: "file", file: basename(src.file), layer: matrix.name, shape: matrix.shape.join("x"), tileRow: src.tileRow, tileCol: src.tileCol },
    tileRow: src.tileRow,
    tileCol: src.tileCol,
  };
}
