import { readFile } from "node:fs/promises";
import { UserError } from "../util/errors.js";
import { costPresets } from "./presets.js";
import { componentTableSchema, type ComponentTable } from "./table.js";

/**
 * Resolves `--cost` to a component table: a preset name (`sme`, `isaac`) or a JSON file. A file may give a
 * whole table or override a preset: `{ "base": "isaac", "components": { "adc": { "powerMw": 8 } } }` keeps every
 * other number of the base preset.
 */
export async function loadCostTable(spec: string): Promise<ComponentTable> {
  const preset = costPresets[spec];
  if (preset) return preset;
  if (!spec.endsWith(".json")) {
    throw new UserError(`unknown cost table "${spec}": use a preset (${Object.keys(costPresets).join(", ")}) or a .json file`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(spec, "utf8"));
  } catch (err) {
    throw new UserError(`cannot read cost table ${spec}: ${(err as Error).message}`);
  }
  return parseCostTable(raw, spec);
}

/** Validates a table (or a preset override) given as plain data; `where` names it in error messages. */
export function parseCostTable(raw: unknown, where: string): ComponentTable {
  let merged = raw;
  if (isRecord(raw) && "base" in raw) {
    const { base, ...rest } = raw;
    const preset = typeof base === "string" ? costPresets[base] : undefined;
    if (!preset) throw new UserError(`${where}: "base" must be one of ${Object.keys(costPresets).join(", ")}`);
    merged = deepMerge(preset, { name: `${base}+${where}`, ...rest });
  }
  const parsed = componentTableSchema.safeParse(merged);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`).join("; ");
    throw new UserError(`${where} is not a valid cost table: ${issues}`);
  }
  return parsed.data;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (!isRecord(base) || !isRecord(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? deepMerge(base[k], v) : v;
  return out;
}
