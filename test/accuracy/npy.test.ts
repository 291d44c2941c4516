import { describe, expect, it } from "vitest";
import { decodeUintNpy, encodeUintNpy } from "../../src/accuracy/npy.js";

describe("uint .npy files", () => {
  it("round-trip uint8 and uint16 arrays with a 64-byte aligned header", () => {
    for (const data of [Uint8Array.from([0, 1, 255, 7, 8, 9]), Uint16Array.from([0, 65535, 256, 1, 2, 3])]) {
      const bytes = encodeUintNpy(data, [2, 3]);
      const headerLen = bytes[8]! + 256 * bytes[9]!;
      expect((10 + headerLen) % 64).toBe(0);
      expect(Buffer.from(bytes.subarray(10, 10 + headerLen)).toString("latin1")).toMatch(data instanceof Uint8Array ? /'descr': '\|u1'/ : /'descr': '<u2'/);
      const back = decodeUintNpy(bytes);
      expect(back.shape).toEqual([2, 3]);
      expect(Array.from(back.data)).toEqual(Array.from(data));
      expect(back.data.constructor).toBe(data.constructor);
    }
    expect(() => encodeUintNpy(new Uint8Array(5), [2, 3])).toThrow(/needs 6 values/);
  });
});
