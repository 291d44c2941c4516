/**
 * Popcount: the number of set bits over one or more chunks of at most 64 bits (a crossbar column is cut into
 * such chunks), as SWAR arithmetic in 64-bit words: per chunk, pair and nibble counts; the chunks' nibble
 * and then byte counts are added lane by lane; one multiply by 0x..0101 then sums the lanes. This form stays
 * in Verilator's native 64-bit words (a flat adder chain measured ~7x slower, SWAR on wider vectors ~25x
 * slower), and it is plain Verilog-2005 that synthesizes (unlike `$countones`).
 *
 * The arithmetic is a Verilog function (`popcount64_64`, ...): its intermediate words are function locals
 * that Verilator keeps in registers. As module-level wires they were stored to the model's state for each
 * of the tile's thousands of column counts, and the 128 x 128 tile simulated 2.6x slower.
 */
import { clog2, defineFunction, defineGenerator, input, lit, output, sumTree, uint, type Expr, type HdlFunction } from "../hdl/index.js";

/** Largest chunk of a vector one SWAR word handles; wider vectors are split into chunks of this size. */
export const POPCOUNT_CHUNK = 64;

/** Nibble lanes hold at most 15: three chunks' nibble counts (each at most 4) can be added. */
const CHUNKS_PER_NIBBLE_SUM = 3;
/** Byte lanes hold at most 255: ten such groups' byte counts (each at most 24) can be added. */
const GROUPS_PER_BYTE_SUM = 10;

function repeatLane(value: number, laneBits: number, width: number): bigint {
  let v = 0n;
  for (let i = 0; i < width / laneBits; i++) v = (v << BigInt(laneBits)) | BigInt(value);
  return v;
}

function mask(value: number, laneBits: number, width: number): Expr {
  return lit(repeatLane(value, laneBits, width), uint(width));
}

/** Per nibble of `x` (width a multiple of 8), the count of its set bits (each at most 4). */
function swarNibbleCounts(x: Expr): Expr {
  const w = x.width;
  const pairs = x.sub(
    x
      .shr(1)
      .zext(w)
      .and(mask(0x55, 8, w)),
  );
  return pairs.and(mask(0x33, 8, w)).add(
    pairs
      .shr(2)
      .zext(w)
      .and(mask(0x33, 8, w)),
  );
}

/**
 * Byte lanes from nibble lanes. With `wide` false each nibble is at most 4 (one chunk), so the two nibbles
 * of a byte add without a carry out of the low nibble and one mask after the add suffices; sums of several
 * chunks' nibbles (up to 12) are masked before they are added.
 */
function nibblesToBytes(nibbles: Expr, wide: boolean): Expr {
  const w = nibbles.width;
  if (!wide) return nibbles.add(nibbles.shr(4).zext(w)).and(mask(0x0f, 8, w));
  return nibbles.and(mask(0x0f, 8, w)).add(
    nibbles
      .shr(4)
      .zext(w)
      .and(mask(0x0f, 8, w)),
  );
}

/**
 * The sum of all lanes of `lanes` (lanes of `laneBits`; the sum must fit one lane): one multiply by
 * 0x..010101 gathers every lane into the top lane, a native-word multiply in simulation where a shift-add
 * fold takes two operations per halving.
 */
function sumLanes(lanes: Expr, laneBits: number): Expr {
  const w = lanes.width;
  return lanes.mulw(mask(1, laneBits, w)).shr(w - laneBits);
}

/** Sums of consecutive groups of at most `size` values. */
function sumGroups(values: readonly Expr[], size: number): Expr[] {
  const out: Expr[] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size).reduce((a, b) => a.add(b)));
  return out;
}

/**
 * The count over chunks (padded widths, multiples of 8, at most 64): nibble counts of up to three chunks are
 * added before becoming byte counts, byte counts of up to ten such groups are added, then one multiply sums
 * the lanes (16-bit lanes when more than 255 bits can be set).
 */
function swarChunksCount(chunks: readonly Expr[], total: number): Expr {
  const w = Math.max(...chunks.map((c) => c.width));
  const nibbles = chunks.map((c) => swarNibbleCounts(c.width === w ? c : c.zext(w)));
  const nibbleGroups = sumGroups(nibbles, CHUNKS_PER_NIBBLE_SUM);
  const bytes = nibbleGroups.map((g, i) => nibblesToBytes(g, nibbles.length > i * CHUNKS_PER_NIBBLE_SUM + 1));
  const byteGroups = sumGroups(bytes, GROUPS_PER_BYTE_SUM);
  const cw = clog2(total + 1);
  if (byteGroups.length === 1 && total <= 255) return sumLanes(byteGroups[0], 8).trunc(cw);
  // Above 255 set bits a byte lane would overflow: pair the bytes into 16-bit lanes first.
  if (w % 16 !== 0) throw new RangeError(`internal: ${total} rows in chunks of ${w} bits cannot use 16-bit lanes`);
  const halves = byteGroups.map((g) =>
    g.and(mask(0x00ff, 16, w)).add(
      g
        .shr(8)
        .zext(w)
        .and(mask(0x00ff, 16, w)),
    ),
  );
  return sumLanes(
    halves.reduce((a, b) => a.add(b)),
    16,
  ).trunc(cw);
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
  if (chunks.length === 1 && total <= 8) return sumTree(Array.from({ length: total }, (_, i) => chunks[0].bit(i))).zext(cw);
  // Zero padding to whole bytes does not change the count.
  const padded = chunks.map((c) => (c.width % 8 === 0 ? c : c.zext(Math.ceil(c.width / 8) * 8)));
  return chunksFunction(
    padded.map((c) => c.width),
    total,
  )(...padded);
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
