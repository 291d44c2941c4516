/** The tile's descriptor and row-map entry structs sit exactly where the programming layout (the host's side) puts the fields. */
import { describe, expect, it } from "vitest";
import { descriptorStruct, rowMapEntryStruct } from "../../src/hw/prog-fields.js";
import { makeTileParams, MAPPING_MODES, progLayout } from "../../src/sme/index.js";

describe("programming word structs", () => {
  for (const mode of MAPPING_MODES) {
    it(`${mode}: {enable, sign, base} and {valid, src, shift} match the layout's offsets and widths`, () => {
      const layout = progLayout(makeTileParams({ rows: 24, cols: 8, mode, squeeze: mode.startsWith("squeeze") ? 2 : undefined }));
      const fields = (s: { fields: readonly { name: string; offset: number; type: { width: number } }[] }) =>
        Object.fromEntries(s.fields.map((f) => [f.name, [f.offset, f.type.width]]));
      expect(fields(descriptorStruct(layout))).toEqual(Object.fromEntries(layout.target2.map((f) => [f.name, [f.offset, f.width]])));
      expect(fields(rowMapEntryStruct(layout))).toEqual(Object.fromEntries(layout.target1.map((f) => [f.name, [f.offset, f.width]])));
      expect(descriptorStruct(layout).fields.map((f) => f.name)).toEqual(["enable", "sign", "base"]);
      expect(rowMapEntryStruct(layout).fields.map((f) => f.name)).toEqual(["valid", "src", "shift"]);
    });
  }

  it("fails loudly when a layout places a field elsewhere", () => {
    const layout = progLayout(makeTileParams({ rows: 24, cols: 8 }));
    const [base, sign, enable] = layout.target2;
    const moved = { target2: [base, { ...sign, offset: sign.offset + 1 }, enable] as const };
    expect(() => descriptorStruct(moved)).toThrow("internal: struct field 'sign' is not at [");
  });
});
