/**
 * The layer-level checks of a whole-layer run, on the integer outputs the simulated tiles' partial sums add up
 * to: (a) against the integer product of the layer's mapped codes with the input codes, computed directly
 * from the whole kernel (equal whenever the ADC is lossless; a saturating ADC's error is measured), and (b)
 * against the float layer on the same inputs (the output SQNR of the mapping).
 */
import { sqnrFromSums, type WeightMatrix } from "../../sme/index.js";
import type { LayerInputs } from "./inputs.js";

/**
 * `y[v][j] = sum_i x[v][i] * W[i][j]` over every input vector, the negative part subtracted
 * (`count x fanOut`, row-major). `W` is `fanIn x fanOut` row-major; a depthwise layer's column j takes
 * position v's patch of column j. Zero inputs are skipped (post-ReLU activations are about half zeros).
 */
export function layerProduct(inputs: LayerInputs, W: ArrayLike<number>, scale = 1): Float64Array {
  const { count, fanIn, fanOut } = inputs;
  const y = new Float64Array(count * fanOut);
  const parts = inputs.negative
    ? ([
        [inputs.positive, scale],
        [inputs.negative, -scale],
      ] as const)
    : ([[inputs.positive, scale]] as const);
  for (const [x, sign] of parts) {
    if (inputs.layout === "rows") {
      for (let v = 0; v < count; v++) {
        const out = v * fanOut;
        const row = v * fanIn;
        for (let i = 0; i < fanIn; i++) {
          const a = x[row + i];
          if (a === 0) continue;
          const s = sign * a;
          const w = i * fanOut;
          for (let j = 0; j < fanOut; j++) y[out + j] += s * W[w + j];
        }
      }
    } else {
      for (let v = 0; v < count; v++) {
        for (let j = 0; j < fanOut; j++) {
          const patch = (v * fanOut + j) * fanIn;
          let sum = 0;
          for (let i = 0; i < fanIn; i++) sum += x[patch + i] * W[i * fanOut + j];
          y[v * fanOut + j] += sign * sum;
        }
      }
    }
  }
  return y;
}

/** How the tiles' summed partial sums compare with the layer's integer product and with the float layer. */
export interface LayerCheck {
  /** Layer outputs compared (`count * fanOut`). */
  readonly outputs: number;
  /** Outputs where the summed partial sums differ from the integer product (0 whenever the ADC is lossless). */
  readonly differing: number;
  /** Largest `|partial sums - integer product|`, in units of the codes. */
  readonly maxAbsError: number;
  /** SQNR of the summed partial sums against the integer product, dB (Infinity when equal): what a saturating ADC costs. */
  readonly adcSqnrDb: number;
  /** SQNR of the layer's real output (`scale * delta[j] * partial sums`) against the float layer on the same inputs, dB. */
  readonly outputSqnrDb: number;
  /** The first output that differs from the integer product: input vector, layer column, both values. */
  readonly first: { readonly vector: number; readonly column: number; readonly product: number; readonly tiles: number } | null;
}

/**
 * Compares the summed partial sums `acc` with the integer product of the mapped codes, and their real value
 * with the float kernel `w` on the inputs' real values (`scale * (positive - negative)`).
 */
export function checkLayer(acc: Float64Array, inputs: LayerInputs, mappedCodes: Int32Array, delta: Float64Array, w: WeightMatrix): LayerCheck {
  const product = layerProduct(inputs, mappedCodes);
  const float = layerProduct(inputs, w.data, inputs.scale);
  const fanOut = inputs.fanOut;
  let differing = 0;
  let maxAbsError = 0;
  let first: LayerCheck["first"] = null;
  let pSignal = 0;
  let pError = 0;
  let fSignal = 0;
  let fError = 0;
  for (let k = 0; k < acc.length; k++) {
    const d = acc[k] - product[k];
    if (d !== 0) {
      differing++;
      if (Math.abs(d) > maxAbsError) maxAbsError = Math.abs(d);
      first ??= { vector: Math.floor(k / fanOut), column: k % fanOut, product: product[k], tiles: acc[k] };
    }
    pSignal += product[k] * product[k];
    pError += d * d;
    const real = inputs.scale * delta[k % fanOut] * acc[k];
    const e = float[k] - real;
    fSignal += float[k] * float[k];
    fError += e * e;
  }
  return { outputs: acc.length, differing, maxAbsError, adcSqnrDb: sqnrFromSums(pSignal, pError), outputSqnrDb: sqnrFromSums(fSignal, fError), first };
}
