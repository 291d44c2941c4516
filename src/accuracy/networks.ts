import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadTfjs } from "../sme/loaders/tfjs.js";
import type { LoadedModel } from "../sme/loaders/tensor.js";
import { UserError } from "../util/errors.js";
import { packageDir } from "../util/paths.js";
import type { FaceApi, FaceApiNet } from "./face-api-types.js";

/** The face-api networks of the pipeline: detector -> landmarks -> recognizer. */
export const NETWORK_KEYS = ["detector", "landmarks", "recognizer"] as const;
export type NetworkKey = (typeof NETWORK_KEYS)[number];

export interface NetworkInfo {
  readonly key: NetworkKey;
  readonly title: string;
  /** Weights manifest file name inside the models folder. */
  readonly manifest: string;
  /** A tensor every model of this network has: its absence says the file is some other network. */
  readonly marker: string;
  readonly net: (faceapi: FaceApi) => FaceApiNet;
}

export const NETWORKS: Readonly<Record<NetworkKey, NetworkInfo>> = {
  detector: {
    key: "detector",
    title: "SSD MobileNet-v1 face detector",
    manifest: "ssd_mobilenetv1_model-weights_manifest.json",
    marker: "Output/extra_dim",
    net: (f) => f.nets.ssdMobilenetv1,
  },
  landmarks: {
    key: "landmarks",
    title: "68-point face landmark net",
    manifest: "face_landmark_68_model-weights_manifest.json",
    marker: "fc/weights",
    net: (f) => f.nets.faceLandmark68Net,
  },
  recognizer: {
    key: "recognizer",
    title: "ResNet face recognizer (128-D embedding)",
    manifest: "face_recognition_model-weights_manifest.json",
    marker: "fc",
    net: (f) => f.nets.faceRecognitionNet,
  },
};

/** face-api's own model folder (the weights shipped in the npm package). */
export const DEFAULT_MODELS_DIR = resolve(packageDir("@vladmandic/face-api"), "model");

/**
 * Loads the weights of one network from a face-api model folder: every tensor, and the kernels the golden model
 * maps (the same selection as `sme analyze`). A UserError says when the file is missing or is not that network.
 */
export async function loadNetwork(modelsDir: string, key: NetworkKey): Promise<LoadedModel> {
  const info = NETWORKS[key];
  const file = join(modelsDir, info.manifest);
  if (!existsSync(file)) {
    throw new UserError(`--models ${modelsDir} has no ${info.manifest}: a face-api model folder holds the ${info.title}'s weights manifest under that name`);
  }
  const model = await loadTfjs(file);
  if (!model.tensors.some((t) => t.name === info.marker)) {
    throw new UserError(`${file} is not a face-api ${info.title}: it has no tensor named ${info.marker}`);
  }
  return model;
}
