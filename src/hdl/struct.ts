/**
 * Structs: named fields packed into one bit vector, the first field most significant (as in a SystemVerilog
 * packed struct, and as `cat` orders its parts). A struct is a type (declare a register, wire or port of
 * it), and `view(value)` reads the fields of any value of its width by name instead of by bit offsets.
 */
import { HdlError } from "./errors.js";
import { cat, Expr, fail, sizeTo, toExpr, type Operand } from "./expr.js";
import { captureLoc } from "./source-location.js";
import { typeName, type HdlType } from "./types.js";
import { scalarType } from "./vec.js";

type FieldTypes = Readonly<Record<string, HdlType | number>>;

/** Where a field sits in the packed value. */
export interface StructField {
  readonly name: string;
  /** Bit offset of the field's least significant bit. */
  readonly offset: number;
  readonly type: HdlType;
}

/** The fields of a value, by name. */
export type StructView<F extends FieldTypes> = { readonly [K in keyof F]: Expr };

/** A struct type: usable wherever a type is (`m.reg(Descriptor, { reset: 0 })`, `input(Descriptor)`). */
export class StructType<F extends FieldTypes = FieldTypes> implements HdlType {
  readonly width: number;
  readonly signed = false;
  /** Fields from most to least significant (declaration order). */
  readonly fields: readonly StructField[];
  private readonly byName: ReadonlyMap<string, StructField>;

  /** @internal */
  constructor(fields: F) {
    const names = Object.keys(fields);
    if (names.length === 0) throw new HdlError("a struct needs at least one field", captureLoc());
    let offset = 0;
    const list: StructField[] = [];
    for (const name of [...names].reverse()) {
      const type = scalarType(fields[name]);
      list.unshift({ name, offset, type });
      offset += type.width;
    }
    this.width = offset;
    this.fields = Object.freeze(list);
    this.byName = new Map(list.map((f) => [f.name, f]));
  }

  /** The field called `name`. */
  field(name: keyof F & string): StructField {
    const f = this.byName.get(name);
    if (!f) throw new HdlError(`struct has no field '${name}'; its fields are ${this.fields.map((x) => x.name).join(", ")}`, captureLoc());
    return f;
  }

  /** The fields of `value` (a register, wire, port or any expression exactly this struct's width). */
  view(value: Expr): StructView<F> {
    if (!(value instanceof Expr) || value.isUnsizedLiteral) fail("a struct view needs a signal or expression, not a literal");
    if (value.width !== this.width) fail(`a struct of ${this.width} bits cannot view a ${value.width}-bit value`);
    const out: Record<string, Expr> = {};
    for (const f of this.fields) {
      const bits = f.type.width === 1 ? value.bit(f.offset) : value.bits(f.offset, f.type.width);
      out[f.name] = f.type.signed ? bits.asSigned() : bits;
    }
    return out as StructView<F>;
  }

  /** The packed value of `values` (one per field, each of exactly its field's type; literals take it). */
  pack(values: { readonly [K in keyof F]: Operand }): Expr {
    const parts = this.fields.map((f) => {
      const given = (values as Readonly<Record<string, Operand | undefined>>)[f.name];
      if (given === undefined) fail(`struct field '${f.name}' has no value`);
      const v = sizeTo(toExpr(given), f.type, `struct field '${f.name}'`);
      if (v.width !== f.type.width || v.signed !== f.type.signed) fail(`struct field '${f.name}' is ${typeName(f.type)}, got ${typeName(v.type)}`);
      return v;
    });
    return cat(...parts);
  }
}

/**
 * A struct of the named fields, most significant first: `struct({ enable: bool, sign: bool, base: uint(3) })`
 * puts `base` in bits [2:0], `sign` in bit 3 and `enable` in bit 4.
 */
export function struct<const F extends FieldTypes>(fields: F): StructType<F> {
  return new StructType(fields);
}
