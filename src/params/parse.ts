import { isUserError, UserError } from "../util/errors.js";
import { parseGridValues } from "./grid.js";
import { nearest } from "./nearest.js";
import { CONFIG_FILE_KEYS, nameOf, PARAMS, paramFor, type CommandName, type GridKey, type ParamKey, type ParamValue, type ParamValues } from "./registry.js";
import { show } from "./values.js";

/** Where a set of raw values came from; messages name keys accordingly. */
export type Origin =
  /** The command line: messages name the flag (`--rows`). */
  | { readonly kind: "flags" }
  /** A config file: messages start with the file and name the key (`rows (R)`). */
  | { readonly kind: "file"; readonly file: string }
  /** Values handed over by code: messages start with `label` and name the key. */
  | { readonly kind: "object"; readonly label: string };

export function originPrefix(origin: Origin): string {
  switch (origin.kind) {
    case "flags":
      return "";
    case "file":
      return `config file ${origin.file}: `;
    case "object":
      return `${origin.label}: `;
  }
}

/** Grids of values, one list per grid key, each value checked. */
export type GridValues = { -readonly [K in GridKey]?: ParamValue<K>[] };

export interface ParseOptions {
  /** The keys to read. Other keys the registry knows are ignored (a config file serves every command). */
  readonly keys: readonly ParamKey[];
  /** The command whose variant of each key applies (e.g. the narrower `--jobs` of `verify`). */
  readonly command?: CommandName;
  readonly origin: Origin;
  /**
   * Read grid keys as grids (lists and ranges, as `sme sweep` does) into `grids` instead of `values`: every grid
   * key (`true`) or only the listed ones (`sme accuracy` runs lists of modes and D).
   */
  readonly grids?: boolean | readonly GridKey[];
}

const GRID_LIKE = /\.\.|,/;

/**
 * Checks raw values from one source against the registry: unknown keys (with the nearest known key), keys a
 * config file may not set, empty values and bad values are one `UserError` listing every problem. Keys
 * outside `keys` are dropped; values of the rest come back checked and typed.
 */
export function parseParamsAndGrids(raw: Readonly<Record<string, unknown>>, opts: ParseOptions): { values: ParamValues; grids: GridValues } {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  const grids: Record<string, unknown[]> = {};
  const wanted = new Set<string>(opts.keys);
  const fromFile = opts.origin.kind === "file";
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(PARAMS, key)) {
      const candidates = fromFile ? CONFIG_FILE_KEYS : opts.keys;
      problems.push(`unknown key "${key}" (did you mean "${nearest(key, candidates)}"?)`);
      continue;
    }
    const k = key as ParamKey;
    const spec = opts.command ? paramFor(k, opts.command) : PARAMS[k];
    if (fromFile && spec.inConfigFile === false) {
      problems.push(`"${key}" is a command-line switch, not a config-file key; pass ${spec.flag} instead`);
      continue;
    }
    if (!wanted.has(key)) continue;
    const name = nameOf(k, opts.origin.kind === "flags" ? "flag" : "key");
    if (value === null) {
      problems.push(`${name} has no value; give one or remove the key`);
      continue;
    }
    if (spec.grid && (opts.grids === true || (Array.isArray(opts.grids) && opts.grids.includes(k as GridKey)))) {
      let items: (number | string)[];
      try {
        items = parseGridValues(value, name);
      } catch (err) {
        if (!isUserError(err)) throw err;
        problems.push(err.message);
        continue;
      }
      const checked: unknown[] = [];
      for (const item of items) {
        const r = spec.schema.safeParse(item);
        if (r.success) checked.push(r.data);
        else problems.push(`${name} ${r.error.issues[0]?.message ?? `cannot take ${show(item)}`}`);
      }
      grids[key] = checked;
      continue;
    }
    if (spec.grid && (Array.isArray(value) || (typeof value === "string" && GRID_LIKE.test(value)))) {
      problems.push(`${name} takes one value here, got ${show(value)}; lists and ranges of values are for sme sweep`);
      continue;
    }
    const r = spec.schema.safeParse(value);
    if (r.success) values[key] = r.data;
    else problems.push(`${name} ${r.error.issues[0]?.message ?? `cannot take ${show(value)}`}`);
  }
  if (problems.length > 0) throw new UserError(`${originPrefix(opts.origin)}${problems.join("; ")}`);
  return { values: values as ParamValues, grids: grids as GridValues };
}

/** {@link parseParamsAndGrids} for single values only. */
export function parseParams(raw: Readonly<Record<string, unknown>>, opts: Omit<ParseOptions, "grids">): ParamValues {
  return parseParamsAndGrids(raw, opts).values;
}
