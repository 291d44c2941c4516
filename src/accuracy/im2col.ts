/**
 * The input vectors a layer's tiles consume, built from an NHWC activation tensor (design.md §2: a kernel is the
 * `fanIn x fanOut` matrix `kernelToMatrix` makes, so a vector is one im2col row in that matrix's row order).
 *
 * - conv `[kh, kw, cin, cout]`: one vector per output position `(n, oy, ox)`, element `(a * kw + b) * cin + c`
 *   = input `(n, oy*sh + a*dh - padTop, ox*sw + b*dw - padLeft, c)`, 0 outside the image (padding);
 * - depthwise `[kh, kw, c, mult]`: the matrix is `(kh*kw) x (c*mult)` and column `c*mult + m` only ever meets
 *   channel c, so each output position gives one vector per column: its channel's patch, element `a * kw + b`;
 * - dense (matmul): one vector per row of the left operand.
 */

/** Geometry of a 2-D convolution as TF.js computes it (`backend_util.computeConv2DInfo`), NHWC. */
export interface ConvGeometry {
  readonly batch: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly inChannels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly filterHeight: number;
  readonly filterWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly dilationHeight: number;
  readonly dilationWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
}

type Codes = Uint8Array | Uint16Array;

function like(src: Codes, n: number): Codes {
  return src instanceof Uint8Array ? new Uint8Array(n) : new Uint16Array(n);
}

/**
 * Visits every tap of the receptive field that falls inside the image, for every output position in order
 * `(n, oy, ox)`: `position` counts output positions, `tap` is `a * kw + b`, `src` the NHWC offset of the tap's
 * first channel. Taps in the padding are skipped (their inputs are 0).
 */
function forEachTap(g: ConvGeometry, visit: (position: number, tap: number, src: number) => void): void {
  let position = 0;
  for (let n = 0; n < g.batch; n++) {
    for (let oy = 0; oy < g.outHeight; oy++) {
      for (let ox = 0; ox < g.outWidth; ox++, position++) {
        for (let a = 0; a < g.filterHeight; a++) {
          const iy = oy * g.strideHeight + a * g.dilationHeight - g.padTop;
          if (iy < 0 || iy >= g.inHeight) continue;
          for (let b = 0; b < g.filterWidth; b++) {
            const ix = ox * g.strideWidth + b * g.dilationWidth - g.padLeft;
            if (ix < 0 || ix >= g.inWidth) continue;
            visit(position, a * g.filterWidth + b, ((n * g.inHeight + iy) * g.inWidth + ix) * g.inChannels);
          }
        }
      }
    }
  }
}

/** Conv vectors: `[batch * outHeight * outWidth, kh * kw * cin]`, row-major. */
export function im2colConv(x: Codes, g: ConvGeometry): { data: Codes; shape: [number, number] } {
  const fanIn = g.filterHeight * g.filterWidth * g.inChannels;
  const vectors = g.batch * g.outHeight * g.outWidth;
  const out = like(x, vectors * fanIn);
  forEachTap(g, (v, tap, src) => out.set(x.subarray(src, src + g.inChannels), v * fanIn + tap * g.inChannels));
  return { data: out, shape: [vectors, fanIn] };
}

/** Depthwise vectors: `[batch * outHeight * outWidth, cin * mult, kh * kw]`: per position, one patch per column. */
export function im2colDepthwise(x: Codes, g: ConvGeometry, multiplier: number): { data: Codes; shape: [number, number, number] } {
  const taps = g.filterHeight * g.filterWidth;
  const cols = g.inChannels * multiplier;
  const positions = g.batch * g.outHeight * g.outWidth;
  const out = like(x, positions * cols * taps);
  forEachTap(g, (p, tap, src) => {
    for (let c = 0; c < g.inChannels; c++) {
      for (let m = 0; m < multiplier; m++) out[(p * cols + c * multiplier + m) * taps + tap] = x[src + c];
    }
  });
  return { data: out, shape: [positions, cols, taps] };
}

/** Dense vectors: the rows of the left operand `[batch, M, K]` (its columns when `transposeA`): `[batch * M, K]`. */
export function matmulRows(a: Codes, shape: readonly number[], transposeA: boolean): { data: Codes; shape: [number, number] } {
  const [batch, d1, d2] = shape.length === 3 ? (shape as [number, number, number]) : [1, shape[0]!, shape[1]!];
  if (!transposeA) return { data: a.slice(), shape: [batch * d1, d2] };
  const out = like(a, a.length);
  for (let n = 0; n < batch; n++) {
    for (let i = 0; i < d1; i++) for (let j = 0; j < d2; j++) out[(n * d2 + j) * d1 + i] = a[(n * d1 + i) * d2 + j]!;
  }
  return { data: out, shape: [batch * d2, d1] };
}
