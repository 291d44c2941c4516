import { UserError } from "../util/errors.js";

/**
 * Parses one grid value as written on the command line or in a config file:
 * `128`, `32,64,128`, `1..8` (step 1), `0..12:4` (step 4), `32..256*2` (geometric), or mixtures `1..3,8`.
 * Strings that are not numbers stay strings (`dense,remap`). `what` names the parameter in errors.
 */
export function parseGridValues(raw: unknown, what: string): (number | string)[] {
  const parts: unknown[] = Array.isArray(raw) ? raw : [raw];
  const out: (number | string)[] = [];
  for (const part of parts) {
    if (typeof part === "number") {
      out.push(part);
      continue;
    }
    if (typeof part !== "string") throw new UserError(`${what}: expected a number, a list or a range, got ${JSON.stringify(part)}`);
    for (const item of part.split(",").map((s) => s.trim())) {
      if (item === "") throw new UserError(`${what}: empty item in "${part}" (write a list as 1,2,3)`);
      out.push(...parseItem(item, what));
    }
  }
  if (out.length === 0) throw new UserError(`${what}: the list is empty; give at least one value`);
  return dedupe(out);
}

/** Most values one range may list. */
export const MAX_RANGE_VALUES = 100_000;

const numberRe = /^-?\d+(\.\d+)?$/;
const rangeRe = /^(-?\d+)\.\.(-?\d+)(?:([:*])(\d+))?$/;

function parseItem(item: string, what: string): (number | string)[] {
  if (numberRe.test(item)) return [Number(item)];
  const m = rangeRe.exec(item);
  if (!m) {
    if (item.includes("..")) throw new UserError(`${what}: cannot read range "${item}"; write a..b, a..b:step or a..b*factor`);
    return [item];
  }
  const lo = Number(m[1]);
  const hi = Number(m[2]);
  const op = m[3];
  const by = m[4] === undefined ? 1 : Number(m[4]);
  if (hi < lo) throw new UserError(`${what}: range "${item}" is empty (its end is below its start)`);
  // Counted before listed: no parameter takes more than a few thousand values, and `1..1e9` must not fill memory.
  const count = op === "*" ? (by >= 2 && lo > 0 ? Math.floor(Math.log(hi / lo) / Math.log(by)) + 1 : 0) : by >= 1 ? Math.floor((hi - lo) / by) + 1 : 0;
  if (count > MAX_RANGE_VALUES) {
    throw new UserError(`${what}: range "${item}" has ${count} values, more than any parameter takes (at most ${MAX_RANGE_VALUES} per list); narrow it`);
  }
  const values: number[] = [];
  if (op === "*") {
    if (by < 2 || lo <= 0) throw new UserError(`${what}: geometric range "${item}" needs a start above 0 and a factor of at least 2`);
    for (let v = lo; v <= hi; v *= by) values.push(v);
  } else {
    if (by < 1) throw new UserError(`${what}: range "${item}" needs a step of at least 1`);
    for (let v = lo; v <= hi; v += by) values.push(v);
  }
  return values;
}

function dedupe(values: (number | string)[]): (number | string)[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = `${typeof v}:${v}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
