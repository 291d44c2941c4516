import { dirname, join, relative, sep } from "node:path";
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

const displayCache = new Map<string, string>();

export function displayPath(file: string): string {
  let shown = displayCache.get(file);
  if (shown === undefined) {
    const rel = relative(projectRoot, file);
    shown = (rel.startsWith("..") ? file : rel).split(sep).join("/");
    displayCache.set(file, shown);
  }
  return shown;
}

const hdlDir = dirname(fileURLToPath(import.meta.url)) + sep;
const FRAME_LIMIT = 12;

function toPath(name: string): string {
  return name.startsWith("file://") ? fileURLToPath(name) : name;
}

const ownFiles = projectRoot + sep;
const ownDependencies = join(projectRoot, "node_modules") + sep;

function isDslFrame(file: string): boolean {
  if (file.startsWith(hdlDir) || file.startsWith("node:")) return true;
  // This package's generators are user code of the DSL, also when the package is installed in a node_modules folder.
  if (file.startsWith(ownFiles) && !file.startsWith(ownDependencies)) return false;
  return file.includes(`${sep}node_modules${sep}`);
}

/**
 * Locations are cached per raw (generated-code) call site: the structured V8 call site is cheap to capture,
 * and the source-mapped position is resolved once per distinct call site, not once per signal.
 */
const siteCache = new Map<string, Map<number, SourceLoc | null>>();
/** Raw script name -> its path, or null for frames inside the DSL, Node or node_modules. */
const fileClass = new Map<string, string | null>();

const structured = (_err: Error, sites: NodeJS.CallSite[]): NodeJS.CallSite[] => sites;

function userPath(name: string): string | null {
  let path = fileClass.get(name);
  if (path === undefined) {
    const p = toPath(name);
    path = isDslFrame(p) ? null : p;
    fileClass.set(name, path);
  }
  return path;
}

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
  Error.stackTraceLimit = origLimit;
  if (!Array.isArray(sites)) return undefined;
  for (let i = 0; i < sites.length; i++) {
    const site = sites[i]!;
    const name = site.getFileName();
    if (!name) continue;
    const path = userPath(name);
    if (path === null) continue;
    let byPos = siteCache.get(path);
    if (!byPos) {
      byPos = new Map();
      siteCache.set(path, byPos);
    }
    const pos = (site.getLineNumber() ?? 0) * 100_000 + (site.getColumnNumber() ?? 0);
    const cached = byPos.get(pos);
    if (cached !== undefined) return cached ?? undefined;
    const loc = resolveFrame(i) ?? rawLoc(site);
    byPos.set(pos, loc);
    return loc ?? undefined;
  }
  return undefined;
}

/**
 * First time at a call site: let whoever maps stack traces (Node's source maps under tsx, vitest's own
 * mapping under vitest) format the same frames, and read the mapped position of frame `index`. The frames
 * line up because both captures skip the same two innermost frames (this function and captureLoc).
 */
function resolveFrame(index: number): SourceLoc | null {
  const origLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = FRAME_LIMIT + 1;
  const text: { stack?: string } = {};
  Error.captureStackTrace(text, resolveFrame);
  const formatted = String(text.stack ?? "");
  Error.stackTraceLimit = origLimit;
  // Skip the frame of captureLoc itself, which the structured capture did not include.
  return parseFrame(formatted, index + 1);
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
