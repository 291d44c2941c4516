import type { FaceApiRuntime } from "./backend.js";
import type { FaceBox } from "./face-api-types.js";
import type { DecodedImage } from "./images.js";

/** face-api's defaults for the SSD detector: faces scoring at least 0.5, at most 100 per photo. */
export const DETECTION_DEFAULTS = { minConfidence: 0.5, maxResults: 100 } as const;

export interface FaceResult {
  readonly box: FaceBox;
  readonly score: number;
  /** The 128-D face embedding (descriptor). */
  readonly embedding: Float32Array;
}

export interface ImageResult {
  readonly image: string;
  readonly faces: readonly FaceResult[];
}

/**
 * face-api's full pipeline on one photo, as its users call it: SSD MobileNet-v1 detection on the photo scaled
 * to 512 x 512, 68 landmarks per face, aligned crops, and the ResNet embedding of each crop (150 x 150). The
 * networks are whatever weights are loaded into face-api at the time.
 */
export async function runFacePipeline(rt: FaceApiRuntime, image: DecodedImage, opts: { minConfidence: number; maxResults: number } = DETECTION_DEFAULTS): Promise<ImageResult> {
  const { tf, faceapi } = rt;
  const input = tf.tensor3d(image.rgb, [image.height, image.width, 3], "int32");
  try {
    const results = await faceapi
      .detectAllFaces(input, new faceapi.SsdMobilenetv1Options(opts))
      .withFaceLandmarks()
      .withFaceDescriptors()
      .run();
    return {
      image: image.name,
      faces: results.map((r) => ({
        box: { x: r.detection.box.x, y: r.detection.box.y, width: r.detection.box.width, height: r.detection.box.height },
        score: r.detection.score,
        embedding: Float32Array.from(r.descriptor),
      })),
    };
  } finally {
    input.dispose();
  }
}
