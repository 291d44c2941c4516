import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import YAML, { isScalar, LineCounter } from "yaml";
import { UserError } from "../util/errors.js";
import { PARAMS, type ParamKey, paramSpec } from "./registry.js";

/**
 * Reads a `--config` file: JSON (`.json`) or YAML (anything else), holding one mapping of camelCase keys. Both
 * formats behave the same: a file with no settings (empty, only comments, `{}`) is an error, since without
 * `--config` the defaults apply anyway and an empty file is more often a wrong or truncated file; a key
 * written twice is an error naming both lines (plain `JSON.parse` would keep the last silently). Path values
 * are made absolute relative to the file's folder. Keys and values are checked later, by the command that
 * reads them (see `parseParams`). A FuseSoC generator input file is read as its `parameters`.
 */
export async function readConfigFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UserError(`config file ${file} does not exist; pass an existing JSON or YAML file to --config`);
    if (code === "EISDIR") throw new UserError(`config file ${file} is a folder; pass a JSON or YAML file to --config`);
    throw new UserError(`cannot read config file ${file}: ${code ?? String(err)}`);
  }
  const json = /\.json$/i.test(file);
  const format = json ? "JSON" : "YAML";
  const noSettings = new UserError(`config file ${file} holds no settings; write at least one key (e.g. "rows: 64") or leave out --config`);
  if (text.trim() === "") throw noSettings;
  if (json) {
    try {
      JSON.parse(text);
    } catch (err) {
      throw new UserError(`config file ${file} is not valid JSON: ${(err as Error).message.split("\n")[0]}`);
    }
  }
  // JSON is YAML 1.2, so one parser finds duplicate keys (with their lines) in both formats.
  const lines = new LineCounter();
  const doc = YAML.parseDocument(text, { uniqueKeys: false, lineCounter: lines });
  if (doc.errors.length > 0) throw new UserError(`config file ${file} is not valid ${format}: ${doc.errors[0]!.message.split("\n")[0]}`);
  const duplicate = firstDuplicateKey(doc, lines);
  if (duplicate) {
    const [first, second] = duplicate.lines;
    const where = first === second ? `twice on line ${first}` : `twice (lines ${first} and ${second})`;
    throw new UserError(`config file ${file}: key "${duplicate.key}" is written ${where}; keep one`);
  }
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) throw noSettings;
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new UserError(
      `config file ${file} must hold a mapping of option names to values (e.g. "rows: 64"), not ${Array.isArray(raw) ? "a list" : typeof raw}`,
    );
  }
  if (Object.keys(raw).length === 0) throw noSettings;
  if (Object.hasOwn(raw, "gapi")) return fusesocGeneratorInput(raw as Record<string, unknown>, file);
  return anchorPaths(raw as Record<string, unknown>, dirname(file));
}

/**
 * The input file FuseSoC hands a generator (GAPI 1.0: `gapi`, `files_root`, `parameters`, `vlnv`), so that
 * `sme generate --config` serves as a FuseSoC generator: the settings are the `parameters` of the core's
 * `generate:` entry, and their paths are relative to the calling core's folder (`files_root`).
 */
function fusesocGeneratorInput(raw: Record<string, unknown>, file: string): Record<string, unknown> {
  const { parameters, files_root: root } = raw;
  if (typeof root !== "string" || root === "")
    throw new UserError(`FuseSoC generator input ${file} has no files_root; run sme as a generator from FuseSoC, or pass a plain config file`);
  if (parameters === null || parameters === undefined || typeof parameters !== "object" || Array.isArray(parameters) || Object.keys(parameters).length === 0) {
    throw new UserError(
      `FuseSoC generator input ${file} has no parameters; give the generate: entry a parameters mapping of sme config keys (e.g. "rows: 32")`,
    );
  }
  // FuseSoC looks for the generated core in the folder it runs the generator in: the default output folder.
  if (Object.hasOwn(parameters, "out"))
    throw new UserError(
      `FuseSoC generator input ${file} sets out; leave it out, FuseSoC picks up the design folder sme writes under rtl-out/ where it runs the generator`,
    );
  return anchorPaths(parameters as Record<string, unknown>, resolve(root));
}

function firstDuplicateKey(doc: YAML.Document, lines: LineCounter): { key: string; lines: [number, number] } | undefined {
  let found: { key: string; lines: [number, number] } | undefined;
  YAML.visit(doc, {
    Map(_, map) {
      const seen = new Map<string, number>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const line = isScalar(pair.key) && pair.key.range ? lines.linePos(pair.key.range[0]).line : 0;
        const first = seen.get(key);
        if (first !== undefined) {
          found = { key, lines: [first, line] };
          return YAML.visit.BREAK;
        }
        seen.set(key, line);
      }
      return undefined;
    },
  });
  return found;
}

/** A bare word such as `resnet` or `sme` names something built in rather than a file. */
const BARE_NAME = /^[A-Za-z0-9_-]+$/;

/** Makes the path-valued keys of a config file absolute, relative to `folder`. */
function anchorPaths(raw: Record<string, unknown>, folder: string): Record<string, unknown> {
  const out = { ...raw };
  for (const [key, v] of Object.entries(out)) {
    if (!Object.hasOwn(PARAMS, key) || typeof v !== "string" || v.trim() === "" || isAbsolute(v)) continue;
    const path = paramSpec(key as ParamKey).path;
    if (path === "file" || (path === "file-or-name" && !BARE_NAME.test(v))) out[key] = resolve(folder, v);
  }
  return out;
}
