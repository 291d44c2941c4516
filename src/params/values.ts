import { z } from "zod";

/**
 * Schema builders for one parameter value. A value comes as flag text ("64") or as a typed JSON/YAML value (64);
 * both go through the same schema, so a config file may hold whatever the command line takes. Messages are
 * predicates ("must be at least 1, got 0"): the caller puts the flag or key in front.
 */

/** A value as messages quote it: strings in quotes, lists and objects as JSON. */
export function show(v: unknown): string {
  if (v === undefined) return "nothing";
  if (typeof v === "number" || typeof v === "boolean" || v === null) return String(v);
  return JSON.stringify(v);
}

const NUMBER_TEXT = /^\s*-?\d+(\.\d+)?\s*$/;

/** Numeric text becomes a number; anything else is left for the schema to reject with its own message. */
function numberFromText(v: unknown): unknown {
  return typeof v === "string" && NUMBER_TEXT.test(v) ? Number(v) : v;
}

/** A whole number in `min..max`. */
export function wholeNumber(min: number, max: number) {
  const notWhole = (iss: { input?: unknown }) => `must be a whole number, got ${show(iss.input)}`;
  return z.preprocess(
    numberFromText,
    z
      .number({ error: notWhole })
      .int({ error: notWhole })
      .min(min, { error: (iss) => `must be at least ${min}, got ${show(iss.input)}` })
      .max(max, { error: (iss) => `must be at most ${max}, got ${show(iss.input)}` }),
  );
}

/** A whole number in `min..max`, or the one word `word` (`lossless`, `R`) that stands for a derived value. */
export function wholeNumberOr<W extends string>(word: W, min: number, max: number) {
  return z.union([z.literal(word), wholeNumber(min, max)], {
    error: (iss) => (iss.code === "invalid_union" ? `must be a whole number or ${word}, got ${show(iss.input)}` : undefined),
  });
}

/** A weight SQNR in dB, -100..200 (any real number in that range). */
export function decibels() {
  return z.preprocess(
    numberFromText,
    z
      .number({ error: (iss) => `must be a number of dB, got ${show(iss.input)}` })
      .min(-100, { error: (iss) => `must be at least -100 dB, got ${show(iss.input)}` })
      .max(200, { error: (iss) => `must be at most 200 dB, got ${show(iss.input)}` }),
  );
}

/** A number of seconds above 0. */
export function positiveSeconds() {
  return z.preprocess(
    numberFromText,
    z
      .number({ error: (iss) => `must be a number of seconds, got ${show(iss.input)}` })
      .positive({ error: (iss) => `must be above 0 seconds, got ${show(iss.input)}` })
      .finite(),
  );
}

/** One of a fixed list of words. */
export function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: (iss) => `must be one of ${values.join(", ")}, got ${show(iss.input)}` });
}

/**
 * One of a list of words, or on/off for a flag whose value may be left out: the bare flag (and `true` in a file)
 * is the first word, `false` is off.
 */
export function optionalChoice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(
    (v) => (v === true || v === "true" ? values[0] : v === "false" ? false : v),
    z.union([z.literal(false), z.enum(values)], {
      error: (iss) => `must be one of ${values.join(", ")} (or left out for ${values[0]}), got ${show(iss.input)}`,
    }),
  );
}

/** On or off: `true`/`false` in a file, the bare flag on the command line. */
export function onOff() {
  return z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean({ error: (iss) => `must be true or false, got ${show(iss.input)}` }));
}

/** Free text that must not be empty; `what` says what it names ("a file name"). */
export function text(what: string) {
  return z.string({ error: (iss) => `must be ${what}, got ${show(iss.input)}` }).refine((s) => s.trim().length > 0, { error: `must be ${what}, not empty` });
}

/**
 * A list of names: the text "a,b,c" (commas separate, blanks around them are dropped) or a list in a config
 * file. At least one name; `what` says what they name ("kernel names").
 */
export function nameList(what: string) {
  return z.unknown().transform((v, ctx): string[] => {
    const items =
      typeof v === "string" ? v.split(",").map((s) => s.trim()) : Array.isArray(v) && v.every((s) => typeof s === "string") ? v.map((s) => s.trim()) : null;
    if (items !== null && items.length > 0 && items.every((s) => s.length > 0)) return items;
    ctx.addIssue({ code: "custom", message: `must be ${what} separated by commas (or a list in a config file), none empty, got ${show(v)}`, input: v });
    return z.NEVER;
  });
}

/** A list of words from a fixed set: "a,b" or a list in a config file, each one of `values`. */
export function choiceList<const T extends readonly [string, ...string[]]>(values: T) {
  return nameList(`words from ${values.join(", ")}`).pipe(
    z.array(z.enum(values, { error: (iss) => `must list words from ${values.join(", ")}, got ${show(iss.input)}` })),
  );
}

/** Largest tile index `--tile` takes. */
const MAX_TILE_INDEX = 1_000_000;

/** `ROW,COL` of a tile of a kernel: the text "1,0" or the list [1, 0], tile indices from 0. */
export function tileIndices() {
  const index = z.number().int().min(0).max(MAX_TILE_INDEX);
  const pair = z.tuple([index, index]);
  return z.unknown().transform((v, ctx): [number, number] => {
    const candidate = typeof v === "string" && /^\s*\d+\s*,\s*\d+\s*$/.test(v) ? v.split(",").map((s) => Number(s)) : v;
    const parsed = pair.safeParse(candidate);
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: "custom", message: `must be "ROW,COL" or [ROW, COL] with tile indices from 0 (e.g. "0,1"), got ${show(v)}`, input: v });
    return z.NEVER;
  });
}

/** `i/n`: shard i of n, 1 <= i <= n (as a Slurm array index or GNU parallel's `{#}` gives it); `auto`: from the array job's environment. */
export function shardSpec() {
  return z.unknown().transform((v, ctx): { index: number; count: number } | "auto" => {
    if (typeof v === "string" && v.trim() === "auto") return "auto";
    // An already checked {index, count} passes again unchanged.
    const text = typeof v === "object" && v !== null && "index" in v && "count" in v ? `${String(v.index)}/${String(v.count)}` : v;
    const m = typeof text === "string" ? /^\s*(\d+)\/(\d+)\s*$/.exec(text) : null;
    const index = Number(m?.[1]);
    const count = Number(m?.[2]);
    if (m && count >= 1 && index >= 1 && index <= count) return { index, count };
    ctx.addIssue({
      code: "custom",
      message: m
        ? `must have i between 1 and n (n >= 1), got ${show(v)}`
        : `must be i/n, e.g. 2/8 for the second of eight shards, or auto inside an array job, got ${show(v)}`,
      input: v,
    });
    return z.NEVER;
  });
}
