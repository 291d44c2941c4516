import type * as TF from "@tensorflow/tfjs";

/** The WASM backend's direct access to tensors in its linear memory (not in TF.js's public types). */
interface HeapBackend {
  makeOutput(shape: number[], dtype: "float32"): TF.TensorInfo;
  typedArrayFromHeap(info: TF.TensorInfo): Float32Array;
}

function isHeapBackend(b: unknown): b is HeapBackend {
  return typeof (b as HeapBackend).makeOutput === "function" && typeof (b as HeapBackend).typedArrayFromHeap === "function";
}

/**
 * Float32 data of tensors inside a kernel call, without copies where the backend allows: the CPU backend hands
 * out its own arrays, the WASM backend views its linear memory. A view stays valid only until the next
 * allocation on the backend (memory may grow and move), so callers allocate first and view afterwards.
 */
export function view(backend: TF.KernelBackend, info: TF.TensorInfo): Float32Array {
  if (isHeapBackend(backend)) return backend.typedArrayFromHeap(info);
  return backend.readSync(info.dataId) as Float32Array;
}

/** A new float32 tensor on the backend, to be filled through `view` (the caller disposes it). */
export function allocate(backend: TF.KernelBackend, shape: readonly number[]): TF.TensorInfo {
  if (isHeapBackend(backend)) return backend.makeOutput([...shape], "float32");
  const size = shape.reduce((a, b) => a * b, 1);
  return { dataId: backend.write(new Float32Array(size), [...shape], "float32"), shape: [...shape], dtype: "float32" };
}
