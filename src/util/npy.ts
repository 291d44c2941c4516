/**
 * The NumPy `.npy` format (versions 1 to 3), encoded and decoded in memory: weight matrices come in as float
 * arrays, the demo layer ships as one, and activation traces go out as unsigned integers. No file I/O here;
 * callers read and write the bytes and put the file name in front of {@link NpyFormatError} messages.
 */
import { halfToFloat } from "./half.js";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** The element types the project reads and writes. */
export type NpyDtype = "f2" | "f4" | "f8" | "u1" | "u2";

export type NpyData = Float32Array | Uint8Array | Uint16Array;

/** What a file holds: its element type, shape (row-major after decoding) and values. */
export interface NpyArray {
  readonly dtype: NpyDtype;
  readonly shape: readonly number[];
  /** Floats of any width as float32 (f8 rounded, f2 widened); u1 and u2 as they are. */
  readonly data: NpyData;
}

/** A malformed or unsupported `.npy`; the message says what is wrong, without the file name. */
export class NpyFormatError extends Error {
  override readonly name = "NpyFormatError";
  /** Set when the file is well formed but holds an element type that is not read: its `descr`. */
  readonly unsupportedDtype?: string;
  constructor(message: string, unsupportedDtype?: string) {
    super(message);
    if (unsupportedDtype !== undefined) this.unsupportedDtype = unsupportedDtype;
  }
}

const shapeText = (shape: readonly number[]): string => (shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`);

/** Encodes a row-major array as `.npy` 1.0, little endian: `<f4` for float32, `|u1` for Uint8Array, `<u2` for Uint16Array. */
export function encodeNpy(data: NpyData, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new RangeError(`encodeNpy: shape ${shapeText(shape)} needs ${count} values, got ${data.length}`);
  const descr = data instanceof Float32Array ? "<f4" : data instanceof Uint16Array ? "<u2" : "|u1";
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText(shape)}, }`;
  // Magic, version and header length take 10 bytes; the header ends with a newline and pads the total to 64.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = `${header.padEnd(total - 10 - 1, " ")}\n`;
  const out = new Uint8Array(total + data.length * data.BYTES_PER_ELEMENT);
  out.set([...MAGIC, 1, 0], 0);
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  out.set(Buffer.from(header, "latin1"), 10);
  if (data instanceof Uint8Array) out.set(data, total);
  else if (data instanceof Uint16Array) for (let k = 0; k < data.length; k++) view.setUint16(total + 2 * k, data[k], true);
  else for (let k = 0; k < data.length; k++) view.setFloat32(total + 4 * k, data[k], true);
  return out;
}

/** Parses the Python-literal header: `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`. */
function parseHeader(header: string): { descr: string; fortran: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const dims = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || dims === undefined) {
    throw new NpyFormatError(`the .npy header does not describe descr, fortran_order and shape: ${header.trim()}`);
  }
  const shape = dims
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => Number(s.replace(/L$/, "")));
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw new NpyFormatError(`the .npy header has an invalid shape (${dims})`);
  return { descr, fortran: fortran === "True", shape };
}

/**
 * Decodes a `.npy` of float16/32/64 or uint8/16 in either byte order, C or Fortran order, format version 1 to 3.
 * Fortran-ordered data is returned in row-major order.
 */
export function decodeNpy(bytes: Uint8Array): NpyArray {
  if (bytes.length < 10 || !MAGIC.every((b, i) => bytes[i] === b)) throw new NpyFormatError("not a NumPy .npy file (bad magic bytes)");
  const major = bytes[6];
  if (major < 1 || major > 3) throw new NpyFormatError(`unsupported .npy format version ${major}.${bytes[7]}`);
  // Versions 2 and 3 store the header length in four bytes, so a file shorter than 12 bytes is cut inside it.
  if (major !== 1 && bytes.length < 12) throw new NpyFormatError("the .npy header is truncated");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = (major === 1 ? 10 : 12) + headerLen;
  if (dataStart > bytes.length) throw new NpyFormatError("the .npy header is truncated");
  const { descr, fortran, shape } = parseHeader(Buffer.from(bytes.subarray(major === 1 ? 10 : 12, dataStart)).toString("latin1"));
  const m = /^([<>=|])([fu])(1|2|4|8)$/.exec(descr);
  const dtype = m ? (`${m[2]}${m[3]}` as NpyDtype) : undefined;
  if (!m || !dtype || !["f2", "f4", "f8", "u1", "u2"].includes(dtype)) {
    throw new NpyFormatError(`dtype '${descr}' is not supported (float16/32/64 or uint8/16)`, descr);
  }
  const little = m[1] !== ">";
  const size = Number(m[3]);
  const n = shape.reduce((a, b) => a * b, 1);
  const have = bytes.length - dataStart;
  if (have !== n * size) throw new NpyFormatError(`shape ${shapeText(shape)} of dtype '${descr}' needs ${n * size} bytes of data but the file holds ${have}`);
  const at = dataStart;
  let data: NpyData;
  if (dtype === "u1") data = Uint8Array.from(bytes.subarray(at, at + n));
  else if (dtype === "u2") data = Uint16Array.from({ length: n }, (_, k) => view.getUint16(at + 2 * k, little));
  else {
    const flat = new Float32Array(n);
    for (let k = 0; k < n; k++) {
      flat[k] =
        size === 4 ? view.getFloat32(at + 4 * k, little) : size === 8 ? view.getFloat64(at + 8 * k, little) : halfToFloat(view.getUint16(at + 2 * k, little));
    }
    data = flat;
  }
  return { dtype, shape, data: fortran ? fortranToC(data, shape) : data };
}

/** Reorders a column-major (Fortran) array into row-major order. */
function fortranToC<T extends NpyData>(src: T, shape: readonly number[]): T {
  const out = new (src.constructor as new (n: number) => T)(src.length);
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
