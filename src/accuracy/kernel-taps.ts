import type * as TF from "@tensorflow/tfjs";

type TensorInfo = TF.TensorInfo;
type KernelBackend = TF.KernelBackend;
type NamedAttrMap = TF.NamedAttrMap;

/** The TF.js kernels through which face-api multiplies activations with a kernel tensor. */
export const TAPPED_KERNELS = ["Conv2D", "DepthwiseConv2dNative", "BatchMatMul"] as const;
export type TappedKernel = (typeof TAPPED_KERNELS)[number];

/** Which input of each tapped kernel carries the activations and which the weights. */
const OPERANDS: Readonly<Record<TappedKernel, { input: string; weights: string }>> = {
  Conv2D: { input: "x", weights: "filter" },
  DepthwiseConv2dNative: { input: "x", weights: "filter" },
  BatchMatMul: { input: "a", weights: "b" },
};

/** One call of a tapped kernel on a watched kernel tensor. */
export interface TapCall {
  readonly kernel: TappedKernel;
  /** Name of the kernel tensor (the layer). */
  readonly layer: string;
  readonly input: TensorInfo;
  readonly weights: TensorInfo;
  readonly attrs: NamedAttrMap;
  readonly backend: KernelBackend;
  /** Runs the original kernel on another input and/or other weights (same shapes); the caller owns the result. */
  run(input: TensorInfo, weights?: TensorInfo): TensorInfo;
}

/** Handles a call; returns the kernel's output (usually `call.run(...)` on a changed input). */
export type TapHandler = (call: TapCall) => TensorInfo;

/**
 * Taps on the active backend's matrix kernels: a call whose weights are a watched tensor goes to the handler,
 * which may change the activations before the multiplication and observe both. Calls on other tensors (every
 * network or layer not being measured) run the original kernel untouched. Tapping replaces the kernels in
 * TF.js's registry once per thread; `watch` and `unwatchAll` change what is tapped.
 */
export class KernelTaps {
  private readonly watched = new Map<object, { layer: string; handler: TapHandler }>();

  private constructor() {}

  /** Taps per TF.js instance and backend name. */
  private static readonly installed = new WeakMap<object, Map<string, KernelTaps>>();

  /** The taps of this TF.js instance's active backend, installed on first use. */
  static on(tf: typeof TF): KernelTaps {
    const backendName = tf.getBackend();
    let byBackend = KernelTaps.installed.get(tf);
    if (!byBackend) {
      byBackend = new Map();
      KernelTaps.installed.set(tf, byBackend);
    }
    let taps = byBackend.get(backendName);
    if (taps) return taps;
    taps = new KernelTaps();
    for (const kernel of TAPPED_KERNELS) {
      const original = tf.getKernel(kernel, backendName);
      if (!original) throw new Error(`TF.js backend ${backendName} has no ${kernel} kernel`);
      const { input: inKey, weights: wKey } = OPERANDS[kernel];
      const self = taps;
      const kernelFunc: TF.KernelFunc = (args) => {
        const weights = args.inputs[wKey] as TensorInfo;
        const watch = self.watched.get(weights.dataId);
        if (!watch) return original.kernelFunc(args);
        const run = (input: TensorInfo, w: TensorInfo = weights): TensorInfo =>
          original.kernelFunc({ ...args, inputs: { ...args.inputs, [inKey]: input, [wKey]: w } }) as TensorInfo;
        return watch.handler({
          kernel,
          layer: watch.layer,
          input: args.inputs[inKey] as TensorInfo,
          weights,
          attrs: args.attrs ?? {},
          backend: args.backend as KernelBackend,
          run,
        });
      };
      tf.unregisterKernel(kernel, backendName);
      tf.registerKernel({ ...original, kernelFunc });
    }
    byBackend.set(backendName, taps);
    return taps;
  }

  watch(weightsDataId: object, layer: string, handler: TapHandler): void {
    this.watched.set(weightsDataId, { layer, handler });
  }

  unwatchAll(): void {
    this.watched.clear();
  }
}
