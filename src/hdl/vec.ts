/**
 * Vectors: a typed array of ports, wires or registers declared at once. In TypeScript a vector is an array
 * (`io.code[j]`, nested for vectors of vectors); in Verilog it is flattened into one net per element, named
 * `<name>_<suffix>` (suffix `<i>` unless given), so the emitted code and its simulation speed are those of
 * separately declared signals.
 */
import { HdlError } from "./errors.js";
import { captureLoc } from "./source-location.js";
import { sint, uint, type HdlType } from "./types.js";

/** A vector of `elements.length` elements; element i has type `elements[i]` and is named `<name>_<suffixes[i]>`. */
export interface VecType<E extends ElementType = ElementType> {
  readonly kind: "vec";
  readonly elements: readonly E[];
  readonly suffixes: readonly string[];
}

export type ElementType = HdlType | VecType;

export interface VecOptions {
  /**
   * The name suffix of element i (default `String(i)`): letters, digits and `_`, distinct within the vector.
   * `(c) => \`r${chunks[c].lo}\`` names elements after what they hold (`drive_r0`, `drive_r64`).
   */
  readonly suffix?: (i: number) => string;
}

/**
 * What a declaration of type `T` gives in TypeScript: `L` for a scalar, (nested) readonly arrays of `L` for a
 * vector (a type not known to be either gives either).
 */
export type Aggregate<T, L> = [T] extends [VecType<infer E>] ? readonly Aggregate<E, L>[] : [T] extends [HdlType] ? L : L | readonly unknown[];

const SUFFIX_RE = /^[A-Za-z0-9_]+$/;

function fail(message: string): never {
  throw new HdlError(message, captureLoc());
}

/** Canonical scalar type (a struct or a number of bits becomes the plain `uint`/`sint` of its width). */
export function scalarType(t: HdlType | number): HdlType {
  if (typeof t === "number") return uint(t);
  return t.signed ? sint(t.width) : uint(t.width);
}

export function isVec(t: unknown): t is VecType {
  return typeof t === "object" && t !== null && (t as { kind?: unknown }).kind === "vec";
}

/**
 * A vector of `length` elements of type `element` (a type, a number of bits, a vector, or a function of the
 * index for elements of different widths), e.g. `output(vec(uint(5), 12))` or `m.reg(vec(bool, n))`.
 */
export function vec(element: HdlType | number | ((i: number) => HdlType | number), length: number, options?: VecOptions): VecType<HdlType>;
export function vec<E extends VecType>(element: E | ((i: number) => E), length: number, options?: VecOptions): VecType<E>;
export function vec(element: ElementType | number | ((i: number) => ElementType | number), length: number, options: VecOptions = {}): VecType {
  if (!Number.isInteger(length) || length < 0) fail(`vector length must be a whole number >= 0, got ${length}`);
  const elements: ElementType[] = [];
  const suffixes: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < length; i++) {
    const t = typeof element === "function" ? element(i) : element;
    elements.push(isVec(t) ? t : scalarType(t));
    const suffix = options.suffix ? options.suffix(i) : String(i);
    if (!SUFFIX_RE.test(suffix)) fail(`vector element ${i} has the name suffix '${suffix}'; use letters, digits and '_'`);
    if (seen.has(suffix)) fail(`vector elements share the name suffix '${suffix}'; give each element its own`);
    seen.add(suffix);
    suffixes.push(suffix);
  }
  return Object.freeze({ kind: "vec", elements: Object.freeze(elements), suffixes: Object.freeze(suffixes) });
}

/** One scalar of a (possibly nested) vector: its name suffix (`3`, `b0_r64`) and type. */
export interface VecLeaf {
  readonly suffix: string;
  readonly type: HdlType;
}

/** The scalars of `t` in declaration order (element 0 first, depth first), each with its full suffix. */
export function vecLeaves(t: VecType, prefix = ""): VecLeaf[] {
  const out: VecLeaf[] = [];
  t.elements.forEach((e, i) => {
    const suffix = prefix + t.suffixes[i];
    if (isVec(e)) out.push(...vecLeaves(e, `${suffix}_`));
    else out.push({ suffix, type: e });
  });
  return out;
}

/** Builds the TypeScript value of a declaration of type `t`: `leaf(suffix, type)` for each scalar, arrays around them. */
export function buildAggregate<L>(t: ElementType, leaf: (suffix: string | undefined, type: HdlType) => L, prefix?: string): unknown {
  if (!isVec(t)) return leaf(prefix, t);
  return Object.freeze(t.elements.map((e, i) => buildAggregate(e, leaf, prefix === undefined ? t.suffixes[i] : `${prefix}_${t.suffixes[i]}`)));
}
