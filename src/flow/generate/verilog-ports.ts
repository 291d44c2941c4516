/**
 * Reads a module's ports back from Verilog text, so a design folder's RTL can be checked against its
 * manifest (`sme verify --design`). It reads what the generators emit (ANSI port lists) and the common
 * hand-edited forms (several names per declaration, non-ANSI declarations in the body, `reg`, `signed`);
 * widths must be written with numbers (`[31:0]`).
 */

export interface VerilogPort {
  readonly name: string;
  readonly direction: "input" | "output" | "inout";
  /** Bits; NaN when the range is not written with numbers (a parameter, an expression). */
  readonly width: number;
  readonly signed: boolean;
}

/** The text without comments (line and block), with string literals left alone. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, " ");
}

/** The names of the modules a Verilog text declares, in order. */
export function declaredModules(text: string): string[] {
  return [...stripComments(text).matchAll(/\bmodule\s+([A-Za-z_][A-Za-z0-9_$]*)/g)].map((m) => m[1]);
}

/** From `open` (an opening parenthesis) to its closing one; returns the inside and the index after it. */
function balanced(text: string, open: number): { inside: string; end: number } | null {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return { inside: text.slice(open + 1, i), end: i + 1 };
  }
  return null;
}

const DECLARATION = /^(input|output|inout)\b\s*(?:(?:wire|reg|logic|var)\b\s*)?(signed\b\s*)?(?:\[\s*([^\]:]+?)\s*:\s*([^\]]+?)\s*\]\s*)?(.*)$/s;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;

function rangeWidth(msb: string | undefined, lsb: string | undefined): number {
  if (msb === undefined || lsb === undefined) return 1;
  if (!/^\d+$/.test(msb) || !/^\d+$/.test(lsb)) return Number.NaN;
  return Math.abs(Number(msb) - Number(lsb)) + 1;
}

/**
 * The ports of module `name` in declaration order, or null when the text does not declare it or its port
 * list cannot be read.
 */
export function readModulePorts(text: string, name: string): VerilogPort[] | null {
  const src = stripComments(text);
  const head = new RegExp(`\\bmodule\\s+${name.replace(/\$/g, "\\$")}\\b`).exec(src);
  if (!head) return null;
  let at = head.index + head[0].length;
  while (/\s/.test(src[at] ?? "")) at++;
  if (src[at] === "#") {
    const open = src.indexOf("(", at);
    const params = open < 0 ? null : balanced(src, open);
    if (!params) return null;
    at = params.end;
  }
  const open = src.indexOf("(", at);
  if (open < 0 || src.slice(at, open).trim() !== "") return null;
  const list = balanced(src, open);
  if (!list) return null;
  const items = list.inside
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  const ports: VerilogPort[] = [];
  let current: Omit<VerilogPort, "name"> | null = null;
  const plainNames: string[] = [];
  for (const item of items) {
    const d = DECLARATION.exec(item);
    if (d) {
      current = { direction: d[1] as VerilogPort["direction"], signed: d[2] !== undefined, width: rangeWidth(d[3], d[4]) };
      if (!IDENTIFIER.test(d[5].trim())) return null;
      ports.push({ name: d[5].trim(), ...current });
    } else if (IDENTIFIER.test(item)) {
      if (current) ports.push({ name: item, ...current });
      else plainNames.push(item);
    } else {
      return null;
    }
  }
  if (plainNames.length === 0) return ports;
  // Non-ANSI: the list names the ports; their declarations are statements in the module body.
  const body = src.slice(list.end, src.indexOf("endmodule", list.end) < 0 ? undefined : src.indexOf("endmodule", list.end));
  const declared = new Map<string, Omit<VerilogPort, "name">>();
  for (const statement of body.split(";")) {
    const d = DECLARATION.exec(statement.trim());
    if (!d) continue;
    const info = { direction: d[1] as VerilogPort["direction"], signed: d[2] !== undefined, width: rangeWidth(d[3], d[4]) };
    for (const n of d[5].split(",").map((s) => s.trim())) if (IDENTIFIER.test(n)) declared.set(n, info);
  }
  const out: VerilogPort[] = [];
  for (const n of plainNames) {
    const info = declared.get(n);
    if (!info) return null;
    out.push({ name: n, ...info });
  }
  return out;
}
