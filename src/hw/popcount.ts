/**
 * Popcount: the number of set bits over one or more chunks of at most 64 bits (a crossbar column is cut into
 * such chunks), as SWAR arithmetic in 64-bit words: per chunk, pair, nibble and byte counts; the chunks'
 * byte counts are added lane by lane; one shift-add fold then sums the lanes. This form stays in Verilator's
 * native 64-bit words (a flat adder chain measured ~7x slower, SWAR on wider vectors ~25x slower), and it is
 * plain Verilog-2005 that synthesizes (unlike `$countones`).
 *
 * The arithmetic is a Verilog function (`popcount64_64`, ...): its intermediate words are function locals
 * that Verilator keeps in registers. As module-level wires they were stored to the model's state for each
 * of the tile's thousands of column counts, and the 128 x 128 tile simulated 2.6x slower. Adding the chunks'
 * byte counts before the fold, rather than folding each chunk, saves one fold per extra chunk.
 */
import { clog2, defineFunction, defineGenerator, input, lit, output, sumTree, uint, type Expr, type HdlFunction } from "../hdl/index.js";

/** Largest chunk of a vector one SWAR word handles; wider vectors are split into chunks of this size. */
export const POPCOUNT_CHUNK = 64;

/** Byte lanes hold at most 255: 31 chunks of byte counts (each at most 8) can be added before widening. */
const CHUNKS_PER_BYTE_SUM = 31;

function repeatLane(value: number, laneBits: number, width: number): bigint {
  let v = 0n;
  for (let i = 0; i < width / laneBits; i++) v = (v << BigInt(laneBits)) | BigInt(value);
  return v;
}

function mask(value: number, laneBits: number, width: number): Expr {
  return lit(repeatLane(value, laneBits, width), uint(width));
}

/** Per byte of `x` (width a multiple of 8), the count of its set bits (each byte at most 8). */
export function swarByteCounts(x: Expr): Expr {
  const w = x.width;
  const pairs = x.sub(x.shr(1).zext(w).and(mask(0x55, 8, w)));
  const nibbles = pairs.and(mask(0x33, 8, w)).add(pairs.shr(2).zext(w).and(mask(0x33, 8, w)));
  return nibbles.add(nibbles.shr(4).zext(w)).and(mask(0x0f, 8, w));
}

/** The sum of all lanes of `lanes` (lanes of `laneBits`), in its low lane; no lane sum may overflow. */
function foldLanes(lanes: Expr, laneBits: number): Expr {
  const w = lanes.width;
  let sum = lanes;
  for (let shift = laneBits; shift < w; shift *= 2) sum = sum.add(sum.shr(shift).zext(w));
  return sum;
}

/** SWAR count of the set bits of `x` (width a multiple of 8, at most 64); the count is in the low byte. */
export function swarCount(x: Expr): Expr {
  return foldLanes(swarByteCounts(x), 8);
}

/** The count over chunks of padded widths `widths` (multiples of 8, at most 64): a function body. */
function swarChunksCount(chunks: readonly Expr[], total: number): Expr {
  const w = Math.max(...chunks.map((c) => c.width));
  const bytes = chunks.map((c) => swarByteCounts(c.width === w ? c : c.zext(w)));
  const groups: Expr[] = [];
  for (let i = 0; i < bytes.length; i += CHUNKS_PER_BYTE_SUM) {
    groups.push(bytes.slice(i, i + CHUNKS_PER_BYTE_SUM).reduce((a, b) => a.add(b)));
  }
  const cw = clog2(total + 1);
  if (groups.length === 1 && total <= 255) return foldLanes(groups[0]!, 8).trunc(cw);
  // Above 255 set bits a byte lane would overflow: pair the bytes into 16-bit lanes first.
  if (w % 16 !== 0) throw new RangeError(`internal: ${total} rows in chunks of ${w} bits cannot use 16-bit lanes`);
  const halves = groups.map((g) => g.and(mask(0x00ff, 16, w)).add(g.shr(8).zext(w).and(mask(0x00ff, 16, w))));
  return foldLanes(halves.reduce((a, b) => a.add(b)), 16).trunc(cw);
}

const functions = new Map<string, HdlFunction>();

/** `popcount<w0>_<w1>...(c0, c1, ...)`, one function per list of padded chunk widths. */
function chunksFunction(widths: readonly number[], total: number): HdlFunction {
  const key = `${widths.join("_")}:${total}`;
  let fn = functions.get(key);
  if (!fn) {
    const args = Object.fromEntries(widths.map((w, i) => [`c${i}`, uint(w)]));
    fn = defineFunction(`popcount${widths.join("_")}`, args, (a) => swarChunksCount(Object.values(a), total));
    functions.set(key, fn);
  }
  return fn;
}

/**
 * The number of set bits over `chunks` (each at most {@link POPCOUNT_CHUNK} bits), `clog2(total + 1)` bits
 * wide. A single chunk of up to 8 bits is a small adder tree; anything else is one call of a SWAR function.
 */
export function popcount(chunks: readonly Expr[]): Expr {
  if (chunks.length === 0) throw new RangeError("popcount of no chunks");
  for (const c of chunks) if (c.width > POPCOUNT_CHUNK) throw new RangeError(`popcount chunk of ${c.width} bits; chunks are at most ${POPCOUNT_CHUNK} bits`);
  const total = chunks.reduce((a, c) => a + c.width, 0);
  const cw = clog2(total + 1);
  if (chunks.length === 1 && total <= 8) return sumTree(Array.from({ length: total }, (_, i) => chunks[0]!.bit(i))).zext(cw);
  // Zero padding to whole bytes does not change the count.
  const padded = chunks.map((c) => (c.width % 8 === 0 ? c : c.zext(Math.ceil(c.width / 8) * 8)));
  return chunksFunction(padded.map((c) => c.width), total)(...padded);
}

/** A popcount leaf module over one vector of up to 64 bits (for reuse and for testing the arithmetic alone). */
export const popcountLeaf = defineGenerator(
  "sme_popcount",
  (p: { readonly width: number }) => ({ bits: input(uint(p.width)), count: output(uint(clog2(p.width + 1))) }),
  (_m, io, p) => {
    if (!Number.isInteger(p.width) || p.width < 1 || p.width > POPCOUNT_CHUNK) throw new RangeError(`popcount width ${p.width} must be 1..${POPCOUNT_CHUNK}`);
    io.count.set(popcount([io.bits]));
  },
);
