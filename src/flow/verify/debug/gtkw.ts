/**
 * GTKWave save files (`.gtkw`): which signals to show, in which groups and radix, where the marker sits. GTKWave
 * reads the lines it knows and skips the rest; the format is GTKWave's own (see its manual, "Save files"):
 * `[dumpfile]`, `[timestart]`, a `*` line whose second field is the primary marker, `@<flags>` lines setting
 * the display flags of the traces that follow, `-<text>` comment traces (group titles) and one line per trace.
 */

/** How a trace shows its value (GTKWave's display flags). */
export type Radix = "bin" | "hex" | "dec" | "signed";

/** GTKWave trace flags: right-justified, plus the radix (`TR_*` in GTKWave's source). */
const FLAGS: Readonly<Record<Radix, number>> = { bin: 0x28, hex: 0x22, dec: 0x24, signed: 0x424 };
/** Group begin and end markers (blank traces that open and close a group). */
const GROUP_BEGIN = 0x800200;
const GROUP_END = 0x1000200;

export interface Trace {
  /** Full name in the wave file: `top.<module>.<signal>`, vectors with their range, e.g. `top.t.count[7:0]`. */
  readonly name: string;
  readonly radix: Radix;
  /** Show only bits `[hi:lo]` of the vector (`width` bits wide), as one value named `alias`. */
  readonly slice?: { readonly hi: number; readonly lo: number; readonly width: number; readonly alias: string };
}

export interface TraceGroup {
  readonly title: string;
  readonly traces: readonly Trace[];
}

export interface SaveFile {
  /** Absolute path of the wave file. */
  readonly dumpfile: string;
  /** Absolute path of this save file. */
  readonly savefile: string;
  /** First time shown. */
  readonly timeStart: number;
  /** The primary marker (the failing output). */
  readonly marker: number;
  readonly groups: readonly TraceGroup[];
}

/** The name GTKWave gives a vector of `width` bits: `name[w-1:0]`; one bit: `name`. */
export function traceName(scope: string, signal: string, width: number): string {
  return width > 1 ? `${scope}.${signal}[${width - 1}:0]` : `${scope}.${signal}`;
}

/** The `.gtkw` text. */
export function renderSaveFile(f: SaveFile): string {
  const quote = (s: string) => `"${s.replace(/"/g, '\\"')}"`;
  const lines = [
    "[*]",
    "[*] sme verify: the first mismatch, replayed (docs/debug.md)",
    "[*]",
    `[dumpfile] ${quote(f.dumpfile)}`,
    `[savefile] ${quote(f.savefile)}`,
    `[timestart] ${Math.max(0, Math.floor(f.timeStart))}`,
    "[size] 1400 900",
    "[pos] -1 -1",
    `*-4.000000 ${f.marker} ${Array.from({ length: 26 }, () => "-1").join(" ")}`,
    "[sst_width] 240",
    "[signals_width] 320",
    "[sst_expanded] 1",
    "[sst_vpaned_height] 260",
  ];
  let flags = -1;
  const setFlags = (v: number) => {
    if (v !== flags) lines.push(`@${v.toString(16)}`);
    flags = v;
  };
  for (const g of f.groups) {
    if (g.traces.length === 0) continue;
    setFlags(GROUP_BEGIN);
    lines.push(`-${g.title}`);
    for (const t of g.traces) {
      setFlags(FLAGS[t.radix]);
      if (t.slice) {
        // A combined vector of single bits of the source vector, most significant first. `(i)<vector>` is the
        // vector's i-th bit counted from its most significant end, so bit b of a [w-1:0] vector is (w-1-b).
        const { hi, lo, width } = t.slice;
        const bits = Array.from({ length: hi - lo + 1 }, (_, k) => `(${width - 1 - (hi - k)})${t.name}`);
        lines.push(`#{${t.slice.alias}} ${bits.join(" ")}`);
      } else lines.push(t.name);
    }
    setFlags(GROUP_END);
    lines.push(`-${g.title}`);
  }
  lines.push("[pattern_trace] 1", "[pattern_trace] 0", "");
  return lines.join("\n");
}
