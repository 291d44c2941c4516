import type * as TF from "@tensorflow/tfjs";
import type { LoadedModel } from "../sme/loaders/tensor.js";
import { UserError } from "../util/errors.js";
import type { FaceApiRuntime } from "./backend.js";
import { NETWORKS, type NetworkKey } from "./networks.js";

/** A network loaded into face-api, and which tensor holds each mapped kernel. */
export interface InjectedNetwork {
  readonly key: NetworkKey;
  /** Backend data id of each kernel tensor -> the kernel's name: how the kernel hooks recognise a layer. */
  readonly kernelByDataId: ReadonlyMap<object, string>;
}

/**
 * Loads a network into face-api from a weight map built from `model`'s tensors, with the kernels named in
 * `kernels` replaced by the given values (same shape, same element order). The tensors live as long as the
 * network: the next injection into the same network disposes them. A weight map face-api rejects is reported
 * as "not a face-api network".
 */
export function injectNetwork(rt: FaceApiRuntime, key: NetworkKey, model: LoadedModel, kernels: ReadonlyMap<string, Float32Array>): InjectedNetwork {
  const { tf } = rt;
  const net = NETWORKS[key].net(rt.faceapi);
  if (net.isLoaded) net.dispose(false);
  const map: TF.NamedTensorMap = {};
  for (const t of model.tensors) {
    const values = kernels.get(t.name) ?? t.values;
    if (values.length !== t.values.length) throw new Error(`kernel ${t.name}: ${values.length} replacement values for ${t.values.length} weights`);
    map[t.name] = tf.tensor(values, [...t.shape], t.dtype);
  }
  try {
    net.loadFromWeightMap(map);
  } catch (err) {
    for (const t of Object.values(map)) t.dispose();
    throw new UserError(`${model.source} is not a face-api ${NETWORKS[key].title} model: ${(err as Error).message}`);
  }
  const kernelByDataId = new Map<object, string>();
  for (const name of kernels.keys()) {
    const t = map[name];
    if (!t) throw new Error(`kernel ${name} is not a tensor of ${model.source}`);
    kernelByDataId.set(t.dataId, name);
  }
  return { key, kernelByDataId };
}
