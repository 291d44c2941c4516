import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { packageDir } from "../util/paths.js";
import { UserError } from "../util/errors.js";

const faceApiModels = resolve(packageDir("@vladmandic/face-api"), "model");

/** Short names for the real networks the project ships with (the paper-figure models). */
export const modelAliases: Readonly<Record<string, string>> = {
  resnet: resolve(faceApiModels, "face_recognition_model-weights_manifest.json"),
  "face-recognition": resolve(faceApiModels, "face_recognition_model-weights_manifest.json"),
  mobilenet: resolve(faceApiModels, "ssd_mobilenetv1_model-weights_manifest.json"),
  "ssd-mobilenet": resolve(faceApiModels, "ssd_mobilenetv1_model-weights_manifest.json"),
};

/** Resolves a model argument (alias or path) to an existing file, or explains what is wrong. */
export function resolveModelPath(model: string | undefined): string {
  if (model === undefined || model === "") {
    throw new UserError(
      "no model given: pass MODEL (a TF.js model.json or weights manifest, an .npy matrix, or one of " +
        `${Object.keys(modelAliases).join(", ")}) or set "model" in the config file`,
    );
  }
  const path = modelAliases[model] ?? resolve(model);
  if (!existsSync(path)) throw new UserError(`model file "${model}" does not exist (resolved to ${path})`);
  if (!statSync(path).isFile()) throw new UserError(`model "${model}" is not a file (${path})`);
  if (!/\.(json|npy)$/i.test(path)) throw new UserError(`model "${model}" must be a .json (TF.js model or weights manifest) or an .npy file`);
  return path;
}
