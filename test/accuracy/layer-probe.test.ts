import { describe, expect, it } from "vitest";
import { quantizeActivations } from "../../src/accuracy/activations.js";
import { startFaceApi } from "../../src/accuracy/backend.js";
import { KernelTaps } from "../../src/accuracy/kernel-taps.js";
import { LayerProbe, type LayerKind, type TraceSink } from "../../src/accuracy/layer-probe.js";
import { seededRandom } from "../../src/sme/synthetic.js";

const values = (n: number, seed: number, lo: number, hi: number) => {
  const r = seededRandom(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * r());
};

describe.each(["cpu", "wasm"] as const)("kernel taps and the layer probe on the %s backend", (backend) => {
  it("feed a watched layer quantized inputs, measure it against the float kernel and hand out its vectors", async () => {
    const rt = await startFaceApi(backend);
    const { tf } = rt;
    const taps = KernelTaps.on(tf);
    const x = values(1 * 5 * 4 * 3, 1, -1, 2);
    const wMapped = values(3 * 3 * 3 * 2, 2, -0.5, 0.5);
    const wFloat = wMapped.map((v) => v + 0.01);
    const q = { bits: 4, scale: 2 / 15, signed: true };
    const traced: Array<{ layer: string; kind: LayerKind; part: string; shape: readonly number[] }> = [];
    const sink: TraceSink = { record: (layer, kind, part, _data, shape) => traced.push({ layer, kind, part, shape }) };
    const mapped = tf.tensor4d(wMapped, [3, 3, 3, 2]);
    const float = tf.tensor4d(wFloat, [3, 3, 3, 2]);
    const probe = new LayerProbe({ tf, calibrate: true, quantizers: new Map([["L", q]]), floatWeights: new Map([["L", float]]), trace: sink });
    taps.watch(mapped.dataId, "L", probe.handler);
    const xt = tf.tensor4d(x, [1, 5, 4, 3]);
    const y = tf.conv2d(xt, mapped, 1, "same").dataSync();
    // An unwatched kernel runs untouched.
    const untouched = tf.conv2d(xt, float, 1, "same").dataSync();
    taps.unwatchAll();
    const xq = new Float32Array(x.length);
    quantizeActivations(x, q, xq, false);
    const expected = tf.conv2d(tf.tensor4d(xq, [1, 5, 4, 3]), mapped, 1, "same").dataSync();
    expect(Array.from(y)).toEqual(Array.from(expected));
    const r = probe.records.get("L")!;
    expect(r).toMatchObject({ kind: "conv", calls: 1, vectors: 20, vectorsPerCall: 20, inputValues: 60, range: { signed: true } });
    expect(r.range.maxAbs).toBeCloseTo(Math.max(...Array.from(x, Math.abs)), 6);
    let s = 0;
    let e = 0;
    untouched.forEach((v, k) => {
      s += v * v;
      e += (v - y[k]!) ** 2;
    });
    expect(r.signal).toBeCloseTo(s, 3);
    expect(r.error).toBeCloseTo(e, 5);
    expect(traced).toEqual([
      { layer: "L", kind: "conv", part: "positive", shape: [20, 27] },
      { layer: "L", kind: "conv", part: "negative", shape: [20, 27] },
    ]);
    tf.dispose([mapped, float, xt]);
  });

  it("count depthwise vectors per position and channel, and matmul vectors per row", async () => {
    const { tf } = await startFaceApi(backend);
    const taps = KernelTaps.on(tf);
    const dw = tf.tensor4d(values(9 * 4, 3, -1, 1), [3, 3, 4, 1]);
    const fc = tf.tensor2d(values(6 * 2, 4, -1, 1), [6, 2]);
    const probe = new LayerProbe({ tf, calibrate: true, quantizers: null, floatWeights: null, trace: null });
    taps.watch(dw.dataId, "dw", probe.handler);
    taps.watch(fc.dataId, "fc", probe.handler);
    tf.depthwiseConv2d(tf.tensor4d(values(2 * 6 * 6 * 4, 5, 0, 1), [2, 6, 6, 4]), dw, 2, "same").dataSync();
    tf.matMul(tf.tensor2d(values(3 * 6, 6, 0, 1), [3, 6]), fc).dataSync();
    taps.unwatchAll();
    expect(probe.records.get("dw")).toMatchObject({ kind: "depthwise", calls: 1, vectors: 2 * 3 * 3 * 4, range: { signed: false } });
    expect(probe.records.get("fc")).toMatchObject({ kind: "dense", calls: 1, vectors: 3 });
  });
});
