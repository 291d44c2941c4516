import { existsSync } from "node:fs";
import { appendFile, open, readFile, truncate } from "node:fs/promises";
import { UserError } from "../util/errors.js";
import type { PointResult } from "./result.js";

/**
 * Reads a JSON-lines results file. A last line without its newline is the trace of an interrupted write and is
 * ignored (and cut off by `prepareForAppend`); any other unreadable line is an error naming the line.
 */
export async function readResults(path: string): Promise<PointResult[]> {
  if (!existsSync(path)) throw new UserError(`results file ${path} does not exist`);
  const text = await readFile(path, "utf8");
  return parseResults(text, path);
}

export function parseResults(text: string, path: string): PointResult[] {
  const lines = text.split("\n");
  const complete = lines.slice(0, -1); // what follows the last newline is empty or a half-written line
  const out: PointResult[] = [];
  complete.forEach((line, i) => {
    if (line.trim() === "") return;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      throw new UserError(`${path}:${i + 1} is not a JSON line of a sweep results file`);
    }
    if (!isPointResult(rec)) throw new UserError(`${path}:${i + 1} is not a sweep result (no key/point/totals)`);
    out.push(rec);
  });
  return out;
}

function isPointResult(v: unknown): v is PointResult {
  return typeof v === "object" && v !== null && "key" in v && "point" in v && "totals" in v;
}

/**
 * Makes a results file ready to take more lines: creates it if missing and cuts a half-written last line
 * left by an interrupted run, so that appended lines start on a line of their own. Returns the keys done.
 */
export async function prepareForAppend(path: string): Promise<Set<string>> {
  if (!existsSync(path)) {
    await appendFile(path, "");
    return new Set();
  }
  const text = await readFile(path, "utf8");
  const lastNewline = text.lastIndexOf("\n");
  if (lastNewline !== text.length - 1) await truncate(path, Buffer.byteLength(text.slice(0, lastNewline + 1)));
  return new Set(parseResults(text, path).map((r) => r.key));
}

/** Appends results as whole lines in one write each, so a kill leaves at most one partial line. */
export class ResultsAppender {
  private constructor(private readonly handle: Awaited<ReturnType<typeof open>>) {}

  static async open(path: string): Promise<ResultsAppender> {
    return new ResultsAppender(await open(path, "a"));
  }

  async append(result: PointResult): Promise<void> {
    await this.handle.write(`${JSON.stringify(result)}\n`);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/**
 * Combines shards: every key once (the first occurrence wins), in the order of the inputs. Two shards that
 * disagree on a key's figures mean different code or weights produced them, which is an error.
 */
export function mergeResults(inputs: readonly (readonly PointResult[])[]): PointResult[] {
  const byKey = new Map<string, PointResult>();
  for (const results of inputs) {
    for (const r of results) {
      const prev = byKey.get(r.key);
      if (prev === undefined) byKey.set(r.key, r);
      else if (JSON.stringify(prev.totals) !== JSON.stringify(r.totals)) {
        throw new UserError(`shards disagree on ${r.key}: were they made from the same weights and the same version of sme?`);
      }
    }
  }
  return [...byKey.values()];
}
