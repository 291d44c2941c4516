/**
 * Encodes an unsigned integer array as a NumPy `.npy` file (format 1.0, C order): `|u1` for Uint8Array, `<u2`
 * for Uint16Array, little endian. NumPy reads it with `numpy.load`.
 */
export function encodeUintNpy(data: Uint8Array | Uint16Array, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new Error(`encodeUintNpy: shape (${shape.join(", ")}) needs ${count} values, got ${data.length}`);
  const wide = data instanceof Uint16Array;
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${wide ? "<u2" : "|u1"}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Magic, version and header length take 10 bytes; the header ends with a newline and pads the total to 64.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, " ") + "\n";
  const out = new Uint8Array(total + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(Buffer.from(header, "latin1"), 10);
  if (!wide) out.set(data, total);
  else {
    const view = new DataView(out.buffer, total);
    for (let k = 0; k < data.length; k++) view.setUint16(2 * k, data[k]!, true);
  }
  return out;
}

/** Reads back what {@link encodeUintNpy} writes (the trace format's own reader, used by tests and tools). */
export function decodeUintNpy(bytes: Uint8Array): { data: Uint8Array | Uint16Array; shape: number[] } {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || !magic.every((b, i) => bytes[i] === b)) throw new Error("not an .npy file");
  const headerLen = new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true);
  const header = Buffer.from(bytes.subarray(10, 10 + headerLen)).toString("latin1");
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || shapeText === undefined || !/'fortran_order':\s*False/.test(header)) throw new Error(`unsupported .npy header ${header.trim()}`);
  const shape = shapeText.split(",").map((s) => s.trim()).filter((s) => s !== "").map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const body = bytes.subarray(10 + headerLen);
  if (descr === "|u1") return { data: Uint8Array.from(body.subarray(0, count)), shape };
  if (descr === "<u2") {
    const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
    return { data: Uint16Array.from({ length: count }, (_, k) => view.getUint16(2 * k, true)), shape };
  }
  throw new Error(`unsupported .npy dtype ${descr}`);
}
