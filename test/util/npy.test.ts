import { describe, expect, it } from "vitest";
import { decodeNpy, encodeNpy, NpyFormatError } from "../../src/util/npy.js";

/** A hand-built `.npy` 1.0 file: the header text as given, then the raw data bytes. */
function npyBytes(header: string, data: number[], version = 1): Uint8Array {
  const lenBytes = version === 1 ? 2 : 4;
  const out = new Uint8Array(6 + 2 + lenBytes + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0], 0);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  out.set(Buffer.from(header, "latin1"), 8 + lenBytes);
  out.set(data, 8 + lenBytes + header.length);
  return out;
}

describe(".npy encode and decode", () => {
  it("round-trips float32, uint8 and uint16 arrays with a 64-byte aligned header", () => {
    const cases = [Float32Array.from([0, 1.5, -2.25, 7, 8, 9]), Uint8Array.from([0, 1, 255, 7, 8, 9]), Uint16Array.from([0, 65535, 256, 1, 2, 3])];
    const descr = ["<f4", "|u1", "<u2"];
    cases.forEach((data, k) => {
      const bytes = encodeNpy(data, [2, 3]);
      const headerLen = bytes[8] + 256 * bytes[9];
      expect((10 + headerLen) % 64).toBe(0);
      expect(Buffer.from(bytes.subarray(10, 10 + headerLen)).toString("latin1")).toContain(`'descr': '${descr[k]}'`);
      const back = decodeNpy(bytes);
      expect(back.shape).toEqual([2, 3]);
      expect(Array.from(back.data)).toEqual(Array.from(data));
      expect(back.data.constructor).toBe(data.constructor);
    });
    expect(() => encodeNpy(new Uint8Array(5), [2, 3])).toThrow(/needs 6 values/);
  });

  it("reads big-endian, float16, float64, Fortran order and format version 2", () => {
    // float64 big endian 1.5 and -2, shape (2,)
    const be = npyBytes("{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }\n", [0x3f, 0xf8, 0, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(decodeNpy(be).data)).toEqual([1.5, -2]);
    // float16 little endian 1.0 (0x3c00) and -0.5 (0xb800)
    const half = npyBytes("{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }\n", [0x00, 0x3c, 0x00, 0xb8]);
    expect(Array.from(decodeNpy(half).data)).toEqual([1, -0.5]);
    // uint8 2x3 in Fortran order: columns stored first
    const fortran = npyBytes("{'descr': '|u1', 'fortran_order': True, 'shape': (2, 3), }\n", [1, 4, 2, 5, 3, 6]);
    expect(Array.from(decodeNpy(fortran).data)).toEqual([1, 2, 3, 4, 5, 6]);
    const v2 = npyBytes("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }\n", [7, 8, 9], 2);
    expect(Array.from(decodeNpy(v2).data)).toEqual([7, 8, 9]);
  });

  it("names what is wrong with a malformed file", () => {
    expect(() => decodeNpy(Uint8Array.from([1, 2, 3]))).toThrow(NpyFormatError);
    expect(() => decodeNpy(npyBytes("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }\n", [0, 0, 0, 0]))).toThrow(/dtype '<i4' is not supported/);
    expect(() => decodeNpy(npyBytes("{'descr': '|u1', 'fortran_order': False, 'shape': (4,), }\n", [1, 2]))).toThrow(
      /needs 4 bytes of data but the file holds 2/,
    );
    expect(() => decodeNpy(npyBytes("{'descr': '|u1', 'shape': (1,), }\n", [1]))).toThrow(/does not describe descr, fortran_order and shape/);
  });
});
