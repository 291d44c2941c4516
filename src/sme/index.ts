/** Public API of the SME golden model; see docs/sme.md. */
export * from "./params.js";
export * from "./matrix.js";
export * from "./quantize.js";
export * from "./tile.js";
export * from "./mapping.js";
export * from "./tile-model.js";
export * from "./tile-model-reference.js";
export * from "./program-layout.js";
export * from "./program-image.js";
export * from "./synthetic.js";
export { popcount32, squeezeShifts, topBit } from "./squeeze.js";
export * from "./layer.js";
export * from "./loaders/index.js";
export * from "./metrics.js";
export * from "./budget/index.js";
