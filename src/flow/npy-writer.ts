/**
 * Encodes a row-major float32 array as a NumPy `.npy` file (format 1.0, little endian), the inverse of the
 * loader in `src/sme/loaders/npy.ts`. Used to ship the demo layer as a small, dependency-free file.
 */
export function encodeNpy(data: Float32Array, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new Error(`encodeNpy: shape (${shape.join(", ")}) needs ${count} values, got ${data.length}`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // The magic, version and length take 10 bytes; the header ends with a newline and pads the total to 64 bytes.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, " ") + "\n";
  const out = new Uint8Array(total + 4 * count);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(Buffer.from(header, "latin1"), 10);
  const view = new DataView(out.buffer, total);
  for (let k = 0; k < count; k++) view.setFloat32(4 * k, data[k], true);
  return out;
}
