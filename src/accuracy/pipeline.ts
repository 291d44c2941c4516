import type { FaceApiRuntime } from "./backend.js";
import type { FaceBox } from "./face-api-types.js";
import type { DecodedImage } from "./images.js";

/** face-api's defaults for the SSD detector: faces scoring at least 0.5, at most 100 per photo. */
export const DETECTION_DEFAULTS = { minConfidence: 0.5, maxResults: 100 } as const;

export interface FaceResult {
  readonly box: FaceBox;
  readonly score: number;
  /** The aligned box face-api cropped for the recognizer (from the 68 landmarks). */
  readonly cropBox: FaceBox;
  /** The 128-D face embedding (descriptor). */
  readonly embedding: Float32Array;
}

export interface ImageResult {
  readonly image: string;
  readonly faces: readonly FaceResult[];
  /**
   * The recognizer alone: this run's embeddings of the float run's face crops (same order as the float run's
   * faces), so the recognizer's mapping is measured on the same inputs as the float recognizer. Null in the
   * float run.
   */
  readonly floatCropEmbeddings: readonly Float32Array[] | null;
}

const plainBox = (b: FaceBox): FaceBox => ({ x: b.x, y: b.y, width: b.width, height: b.height });

/**
 * face-api's full pipeline on one photo, as its users call it: SSD MobileNet-v1 detection on the photo scaled
 * to 512 x 512, 68 landmarks per face, aligned crops, and the ResNet embedding of each crop (150 x 150). The
 * networks are whatever weights are loaded into face-api at the time.
 */
export async function runFacePipeline(
  rt: FaceApiRuntime,
  image: DecodedImage,
  opts: { minConfidence: number; maxResults: number } = DETECTION_DEFAULTS,
): Promise<ImageResult> {
  const { tf, faceapi } = rt;
  const input = tf.tensor3d(image.rgb, [image.height, image.width, 3], "int32");
  try {
    const results = await faceapi.detectAllFaces(input, new faceapi.SsdMobilenetv1Options(opts)).withFaceLandmarks().withFaceDescriptors().run();
    return {
      image: image.name,
      faces: results.map((r) => ({
        box: plainBox(r.detection.box),
        score: r.detection.score,
        cropBox: plainBox(r.landmarks.align(null, { useDlibAlignment: true })),
        embedding: Float32Array.from(r.descriptor),
      })),
      floatCropEmbeddings: null,
    };
  } finally {
    input.dispose();
  }
}

/** The recognizer alone on given crop boxes of a photo (face-api's crop and embedding, one face at a time). */
export async function embedFaceCrops(rt: FaceApiRuntime, image: DecodedImage, boxes: readonly FaceBox[]): Promise<Float32Array[]> {
  const { tf, faceapi } = rt;
  const input = tf.tensor3d(image.rgb, [image.height, image.width, 3], "int32");
  const out: Float32Array[] = [];
  try {
    for (const b of boxes) {
      const [crop] = await faceapi.extractFaceTensors(input, [new faceapi.Rect(b.x, b.y, b.width, b.height)]);
      try {
        out.push(Float32Array.from(await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(crop!)));
      } finally {
        crop?.dispose();
      }
    }
    return out;
  } finally {
    input.dispose();
  }
}
