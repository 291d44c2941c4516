/**
 * The stored programming words as structs (design.md §4): a crossbar descriptor `{enable, sign, base}` and a
 * row-map entry `{valid, src, shift}`, fields most significant first. Their widths and offsets are those of
 * the programming layout, which the host side packs with the same numbers.
 */
import { bool, struct, uint, type StructType } from "../hdl/index.js";
import type { ProgField, ProgLayout } from "../sme/index.js";

/** Fails loudly if a struct's fields are not where the layout puts them (the two are written apart). */
function checkAgainst(s: StructType, fields: readonly ProgField[]): void {
  for (const f of fields) {
    const got = s.fields.find((x) => x.name === f.name);
    if (!got || got.offset !== f.offset || got.type.width !== f.width) {
      throw new Error(`internal: struct field '${f.name}' is not at [${f.offset} +: ${f.width}] as the programming layout says`);
    }
  }
}

export function descriptorStruct(layout: Pick<ProgLayout, "target2">) {
  const [base] = layout.target2;
  const s = struct({ enable: bool, sign: bool, base: uint(base.width) });
  checkAgainst(s, layout.target2);
  return s;
}

export function rowMapEntryStruct(layout: Pick<ProgLayout, "target1">) {
  const [shift, src] = layout.target1;
  const s = struct({ valid: bool, src: uint(src.width), shift: uint(shift.width) });
  checkAgainst(s, layout.target1);
  return s;
}
