import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { decodeNpy, NpyFormatError, type NpyArray } from "../../util/npy.js";
import { UserError } from "../../util/errors.js";
import { checkFinite, isAllZero, kernelToMatrix, type LoadedModel } from "./tensor.js";

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
  const name = basename(file).replace(/\.npy$/i, "");
  let array: NpyArray;
  try {
    array = decodeNpy(buf);
  } catch (err) {
    if (err instanceof NpyFormatError && err.unsupportedDtype !== undefined) {
      throw new UserError(`${file}: tensor ${name} has dtype '${err.unsupportedDtype}'; only floating-point arrays (f2, f4, f8) hold weights`);
    }
    if (err instanceof NpyFormatError) throw new UserError(`${file}: ${err.message}`);
    throw err;
  }
  const { dtype, shape } = array;
  if (!(array.data instanceof Float32Array)) {
    throw new UserError(`${file}: tensor ${name} has dtype '${dtype}'; only floating-point arrays (f2, f4, f8) hold weights`);
  }
  if (shape.length !== 2 && shape.length !== 4) {
    throw new UserError(`${file}: tensor ${name} has shape (${shape.join(", ")}); a weight matrix must be 2-D [in, out] or 4-D [kh, kw, cin, cout]`);
  }
  const values = array.data;
  checkFinite(file, name, values);
  const layers = isAllZero(values) ? [] : [kernelToMatrix(name, [...shape], values, shape.length === 4 && name.includes("depthwise"))];
  return { source: file, format: "npy", tensors: [{ name, shape: [...shape], dtype: "float32", values }], layers };
}
