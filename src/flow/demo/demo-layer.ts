import { resolve } from "node:path";
import { projectRoot } from "../../util/paths.js";

/**
 * The real layer `sme demo` runs on by default, shipped in the repository as a small `.npy` (64 KiB):
 * a 128 x 128 slice of a trained ResNet convolution kernel from face-api's face-recognition network
 * (`@vladmandic/face-api/model/face_recognition_model`, a ResNet-34-like embedding net).
 *
 * The source tensor is `conv128_1/conv1/conv/filters`, shape [3, 3, 128, 128] (stored uint8-quantized in the
 * weights manifest, dequantized as TF.js does). As a design.md §2 matrix it is 1152 x 128; the slice is its first
 * 128 rows, i.e. kernel position (kh = 0, kw = 0) for all 128 input channels, by all 128 output channels,
 * which is exactly the first 128 x 128 tile of that layer. `scripts/make-demo-layer.ts` regenerates it.
 */
export const DEMO_LAYER = {
  file: resolve(projectRoot, "data", "facerec-conv128_1-conv1-tile0.npy"),
  sourcePackage: "@vladmandic/face-api",
  sourceManifest: "model/face_recognition_model-weights_manifest.json",
  sourceTensor: "conv128_1/conv1/conv/filters",
  sourceShape: [3, 3, 128, 128] as const,
  rows: 128,
  cols: 128,
} as const;
