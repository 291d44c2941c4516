import { beforeAll, describe, expect, it } from "vitest";
import { startFaceApi, type FaceApiRuntime } from "../../src/accuracy/backend.js";
import { im2colConv, im2colDepthwise, matmulRows, type ConvGeometry } from "../../src/accuracy/im2col.js";
import { seededRandom } from "../../src/sme/synthetic.js";

let rt: FaceApiRuntime;
beforeAll(async () => {
  rt = await startFaceApi("cpu");
});

const ints = (n: number, max: number, seed: number): number[] => {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => Math.floor(r() * (max + 1)));
};

function geometry(
  xShape: [number, number, number, number],
  fShape: [number, number, number, number],
  strides: number,
  pad: "same" | "valid",
  dil: number,
  depthwise: boolean,
): ConvGeometry {
  const i = rt.tf.backend_util.computeConv2DInfo(xShape, fShape, strides, dil, pad, undefined, depthwise, "channelsLast");
  return {
    batch: i.batchSize,
    inHeight: i.inHeight,
    inWidth: i.inWidth,
    inChannels: i.inChannels,
    outHeight: i.outHeight,
    outWidth: i.outWidth,
    filterHeight: i.filterHeight,
    filterWidth: i.filterWidth,
    strideHeight: i.strideHeight,
    strideWidth: i.strideWidth,
    dilationHeight: i.dilationHeight,
    dilationWidth: i.dilationWidth,
    padTop: i.padInfo.top,
    padLeft: i.padInfo.left,
  };
}

describe("im2col vectors in kernel-matrix row order", () => {
  it.each([
    { strides: 2, pad: "same" as const, dil: 1 },
    { strides: 1, pad: "valid" as const, dil: 2 },
    { strides: 1, pad: "same" as const, dil: 1 },
  ])("times the kernel matrix give TF.js's conv2d (stride $strides, $pad, dilation $dil)", ({ strides, pad, dil }) => {
    const xShape: [number, number, number, number] = [2, 7, 6, 3];
    const fShape: [number, number, number, number] = [3, 3, 3, 4];
    const x = ints(2 * 7 * 6 * 3, 15, 1);
    const f = ints(3 * 3 * 3 * 4, 9, 2).map((v) => v - 4);
    const y = rt.tf.conv2d(rt.tf.tensor4d(x, xShape), rt.tf.tensor4d(f, fShape), strides, pad, "NHWC", dil).dataSync();
    const { data, shape } = im2colConv(Uint8Array.from(x), geometry(xShape, fShape, strides, pad, dil, false));
    expect(shape[1]).toBe(27);
    expect(shape[0] * 4).toBe(y.length);
    for (let v = 0; v < shape[0]; v++) {
      for (let j = 0; j < 4; j++) {
        let s = 0;
        for (let i = 0; i < 27; i++) s += data[v * 27 + i]! * f[i * 4 + j]!;
        expect(s).toBe(y[v * 4 + j]);
      }
    }
  });

  it("gives one patch per output position and channel for a depthwise kernel", () => {
    const xShape: [number, number, number, number] = [1, 5, 5, 4];
    const fShape: [number, number, number, number] = [3, 3, 4, 1];
    const x = ints(100, 15, 3);
    const f = ints(36, 9, 4).map((v) => v - 4);
    const y = rt.tf.depthwiseConv2d(rt.tf.tensor4d(x, xShape), rt.tf.tensor4d(f, fShape), 2, "same").dataSync();
    const { data, shape } = im2colDepthwise(Uint16Array.from(x), geometry(xShape, fShape, 2, "same", 1, true), 1);
    expect(shape).toEqual([9, 4, 9]);
    for (let p = 0; p < 9; p++) {
      for (let c = 0; c < 4; c++) {
        let s = 0;
        for (let t = 0; t < 9; t++) s += data[(p * 4 + c) * 9 + t]! * f[t * 4 + c]!;
        expect(s).toBe(y[p * 4 + c]);
      }
    }
  });

  it("takes the rows of a matmul's left operand, transposed when asked", () => {
    const a = Uint8Array.from([1, 2, 3, 4, 5, 6]);
    expect(matmulRows(a, [1, 2, 3], false)).toEqual({ data: a, shape: [2, 3] });
    expect(Array.from(matmulRows(a, [1, 2, 3], true).data)).toEqual([1, 4, 2, 5, 3, 6]);
  });
});
