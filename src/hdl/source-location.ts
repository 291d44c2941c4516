import { dirname, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { projectRoot } from "../util/paths.js";

/** A position in the user's TypeScript source (1-based line and column, after source maps). */
export interface SourceLoc {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** `src/examples/counter.ts:12` — the form used in diagnostics and in emitted comments. */
export function formatLoc(loc: SourceLoc): string {
  return `${displayPath(loc.file)}:${loc.line}`;
}

export function displayPath(file: string): string {
  const rel = relative(projectRoot, file);
  return (rel.startsWith("..") ? file : rel).split(sep).join("/");
}

const hdlDir = dirname(fileURLToPath(import.meta.url)) + sep;
const FRAME_LIMIT = 12;

function toPath(name: string): string {
  return name.startsWith("file://") ? fileURLToPath(name) : name;
}

function isDslFrame(file: string): boolean {
  return file.startsWith(hdlDir) || file.startsWith("node:") || file.includes(`${sep}node_modules${sep}`);
}

/**
 * Locations are cached per raw (generated-code) call site: the structured V8 call site is cheap to capture,
 * and the source-mapped position is resolved once per distinct call site, not once per signal.
 */
const siteCache = new Map<string, SourceLoc | null>();

const structured = (_err: Error, sites: NodeJS.CallSite[]): NodeJS.CallSite[] => sites;

/**
 * The position of the first stack frame outside the DSL itself: the user's line that declared a signal or
 * made an assignment. `undefined` when the stack has no such frame (e.g. code evaluated from a string).
 */
export function captureLoc(): SourceLoc | undefined {
  const origPrepare = Error.prepareStackTrace;
  const origLimit = Error.stackTraceLimit;
  Error.prepareStackTrace = structured;
  Error.stackTraceLimit = FRAME_LIMIT;
  const holder: { stack?: unknown } = {};
  Error.captureStackTrace(holder, captureLoc);
  const sites = holder.stack as NodeJS.CallSite[] | undefined;
  Error.prepareStackTrace = origPrepare;
  if (!Array.isArray(sites)) {
    Error.stackTraceLimit = origLimit;
    return undefined;
  }
  let index = -1;
  let key = "";
  for (let i = 0; i < sites.length; i++) {
    const name = sites[i]!.getFileName() ?? sites[i]!.getScriptNameOrSourceURL() ?? "";
    if (!name) continue;
    const path = toPath(name);
    if (isDslFrame(path)) continue;
    index = i;
    key = `${path}:${sites[i]!.getLineNumber()}:${sites[i]!.getColumnNumber()}`;
    break;
  }
  if (index < 0) {
    Error.stackTraceLimit = origLimit;
    return undefined;
  }
  const cached = siteCache.get(key);
  if (cached !== undefined) {
    Error.stackTraceLimit = origLimit;
    return cached ?? undefined;
  }
  // First time at this call site: let whoever maps stack traces (Node's source maps under tsx, vitest's
  // own mapping under vitest) format the same frames, and read the mapped position of the same frame.
  const text: { stack?: string } = {};
  Error.captureStackTrace(text, captureLoc);
  const formatted = String(text.stack ?? "");
  Error.stackTraceLimit = origLimit;
  const loc = parseFrame(formatted, index) ?? rawLoc(sites[index]!);
  siteCache.set(key, loc);
  return loc ?? undefined;
}

function rawLoc(site: NodeJS.CallSite): SourceLoc | null {
  const name = site.getFileName();
  if (!name) return null;
  return { file: toPath(name), line: site.getLineNumber() ?? 0, column: site.getColumnNumber() ?? 0 };
}

const FRAME_RE = /(?:\(|at )((?:file:\/\/)?\/[^()]*?):(\d+):(\d+)\)?\s*$/;

function parseFrame(stack: string, index: number): SourceLoc | null {
  const lines = stack.split("\n").filter((l) => /^\s+at /.test(l));
  const line = lines[index];
  if (!line) return null;
  const m = FRAME_RE.exec(line);
  if (!m) return null;
  return { file: toPath(m[1]!), line: Number(m[2]), column: Number(m[3]) };
}
