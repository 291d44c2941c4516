import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { UserError } from "../../util/errors.js";
import { halfToFloat } from "./tfjs.js";
import { checkFinite, isAllZero, kernelToMatrix, type LoadedModel } from "./tensor.js";

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

/** Parses the Python-literal header of an `.npy` file: `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`. */
function parseHeader(file: string, header: string): { descr: string; fortran: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new UserError(`${file}: the .npy header does not describe descr, fortran_order and shape: ${header.trim()}`);
  }
  const shape = shapeText
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => Number(s.replace(/L$/, "")));
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw new UserError(`${file}: the .npy header has an invalid shape (${shapeText})`);
  return { descr, fortran: fortran === "True", shape };
}

/**
 * Loads a NumPy `.npy` array of float16/32/64 (either byte order) as one weight matrix: 2-D as it is, 4-D as
 * a conv kernel, or as a depthwise kernel when the file name contains `depthwise`.
 */
export async function loadNpy(file: string): Promise<LoadedModel> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (err) {
    throw new UserError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (buf.length < 10 || !buf.subarray(0, 6).equals(MAGIC)) throw new UserError(`${file} is not a NumPy .npy file (bad magic bytes)`);
  const major = buf[6];
  if (major < 1 || major > 3) throw new UserError(`${file}: unsupported .npy format version ${major}.${buf[7]}`);
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const dataStart = (major === 1 ? 10 : 12) + headerLen;
  if (dataStart > buf.length) throw new UserError(`${file}: the .npy header is truncated`);
  const { descr, fortran, shape } = parseHeader(file, buf.subarray(major === 1 ? 10 : 12, dataStart).toString("latin1"));
  const name = basename(file).replace(/\.npy$/i, "");
  const m = /^([<>=|])f(2|4|8)$/.exec(descr);
  if (!m) throw new UserError(`${file}: tensor ${name} has dtype '${descr}'; only floating-point arrays (f2, f4, f8) hold weights`);
  const little = m[1] !== ">";
  const size = Number(m[2]);
  const n = shape.reduce((a, b) => a * b, 1);
  const have = buf.length - dataStart;
  if (have !== n * size) {
    throw new UserError(`${file}: tensor ${name} of shape (${shape.join(", ")}) needs ${n * size} bytes of data but the file holds ${have}`);
  }
  if (shape.length !== 2 && shape.length !== 4) {
    throw new UserError(`${file}: tensor ${name} has shape (${shape.join(", ")}); a weight matrix must be 2-D [in, out] or 4-D [kh, kw, cin, cout]`);
  }
  const dv = new DataView(buf.buffer, buf.byteOffset + dataStart, n * size);
  const flat = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    flat[k] = size === 4 ? dv.getFloat32(4 * k, little) : size === 8 ? dv.getFloat64(8 * k, little) : halfToFloat(dv.getUint16(2 * k, little));
  }
  const values = fortran ? fortranToC(flat, shape) : flat;
  checkFinite(file, name, values);
  const layers = isAllZero(values) ? [] : [kernelToMatrix(name, shape, values, shape.length === 4 && name.includes("depthwise"))];
  return { source: file, format: "npy", tensors: [{ name, shape, dtype: "float32", values }], layers };
}

/** Reorders a column-major (Fortran) array into row-major order. */
function fortranToC(src: Float32Array, shape: number[]): Float32Array {
  const out = new Float32Array(src.length);
  const d = shape.length;
  const idx = new Array<number>(d).fill(0);
  for (let c = 0; c < src.length; c++) {
    // idx is the multi-index of row-major position c; its column-major position:
    let f = 0;
    for (let k = d - 1; k >= 0; k--) f = f * shape[k] + idx[k];
    out[c] = src[f];
    for (let k = d - 1; k >= 0; k--) {
      if (++idx[k] < shape[k]) break;
      idx[k] = 0;
    }
  }
  return out;
}
