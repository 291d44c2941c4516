import { MismatchError } from "../../util/errors.js";
import type { LayerMismatch, LayerReport, LayersReport } from "./run.js";

/** The first tile output that differs from the golden tile model, in full. */
export function describeLayerMismatch(m: LayerMismatch): string {
  const where = m.patchColumn === null ? `vector ${m.vector}` : `position ${m.vector}, patch of column ${m.patchColumn}`;
  const cols = m.columns.length > 8 ? `${m.columns.slice(0, 8).join(", ")}, ... (${m.columns.length} columns)` : m.columns.join(", ");
  return (
    `layer ${m.layer}, tile ${m.tile[0]},${m.tile[1]}, ${m.pass} pass, ${where} (tile vector ${m.sequence}), column ${m.column}: ` +
    `expected ${m.expected}, observed ${m.observed} (differing columns: ${cols}); tile input x = [${m.input.join(", ")}]`
  );
}

/** Why a layer failed, or null when it passed. */
export function layerFailure(r: LayerReport): string | null {
  if (r.mismatches > 0 && r.firstMismatch) {
    return `${r.mismatches} of ${r.tileVectors} tile vectors differ from the golden tile model; first: ${describeLayerMismatch(r.firstMismatch)}`;
  }
  if (r.lossless && r.check.first) {
    const f = r.check.first;
    return (
      `layer ${r.name}: with a lossless ADC the tiles' summed partial sums must equal the integer product, but ${r.check.differing} of ` +
      `${r.check.outputs} outputs differ; first: vector ${f.vector}, column ${f.column}: product ${f.product}, tiles ${f.tiles}`
    );
  }
  return null;
}

/** Throws `MismatchError` (exit status 1) naming the first failure when any layer failed. */
export function assertLayersOk(r: LayersReport): void {
  const failed = r.layers.filter((l) => layerFailure(l) !== null);
  if (failed.length === 0) return;
  throw new MismatchError(`${r.design}: ${failed.length} of ${r.layers.length} layer(s) failed; ${layerFailure(failed[0]!)}`);
}
