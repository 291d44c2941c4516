/**
 * A small VCD reader for the tests: the variables by full name (`top.<module>.<signal>`, scopes joined by dots)
 * and each one's value at a time. FST files are read through GTKWave's `fst2vcd` (Debian package gtkwave).
 */
import { execa } from "execa";

export interface VcdVar {
  readonly id: string;
  readonly width: number;
}

export interface Vcd {
  readonly vars: ReadonlyMap<string, VcdVar>;
  /** The value (unsigned) of a variable at time `t`: its last change at or before `t`. */
  valueAt(name: string, t: number): bigint;
}

export function parseVcd(text: string): Vcd {
  const vars = new Map<string, VcdVar>();
  const changes = new Map<string, { t: number; v: bigint }[]>();
  const scope: string[] = [];
  let t = 0;
  let body = false;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!body) {
      const s = /^\$scope \w+ (\S+) \$end$/.exec(line);
      if (s) scope.push(s[1]);
      else if (line.startsWith("$upscope")) scope.pop();
      else if (line.startsWith("$var")) {
        const [, , width, id, name] = line.split(/\s+/);
        vars.set([...scope, name].join("."), { id, width: Number(width) });
      } else if (line.startsWith("$enddefinitions")) body = true;
      continue;
    }
    if (line.startsWith("#")) t = Number(line.slice(1));
    else if (line.startsWith("b")) {
      const [bits, id] = line.slice(1).split(" ");
      push(changes, id, t, /[xz]/i.test(bits) ? 0n : BigInt(`0b${bits}`));
    } else if (/^[01xz]/i.test(line)) push(changes, line.slice(1), t, line[0] === "1" ? 1n : 0n);
  }
  return {
    vars,
    valueAt(name, at) {
      const v = vars.get(name);
      if (!v) throw new Error(`no variable ${name} in the waves`);
      let value: bigint | undefined;
      for (const c of changes.get(v.id) ?? []) if (c.t <= at) value = c.v;
      if (value === undefined) throw new Error(`${name} has no value at ${at}`);
      return value;
    },
  };
}

function push(changes: Map<string, { t: number; v: bigint }[]>, id: string, t: number, v: bigint): void {
  const list = changes.get(id);
  if (list) list.push({ t, v });
  else changes.set(id, [{ t, v }]);
}

/** Reads an FST file through `fst2vcd`. */
export async function readFst(path: string): Promise<Vcd> {
  const r = await execa("fst2vcd", [path], { reject: false, maxBuffer: 512 * 1024 * 1024 });
  if ((r as { code?: string }).code === "ENOENT") throw new Error("fst2vcd is missing: run scripts/setup.sh (Debian package gtkwave)");
  if (r.exitCode !== 0) throw new Error(`fst2vcd ${path} failed: ${r.stderr}`);
  return parseVcd(r.stdout);
}

/** Field `index` of `width` bits of a packed word, two's complement. */
export function signedField(word: bigint, width: number, index: number): number {
  const raw = (word >> BigInt(index * width)) & ((1n << BigInt(width)) - 1n);
  return Number(raw >= 1n << BigInt(width - 1) ? raw - (1n << BigInt(width)) : raw);
}
