import { readFile } from "node:fs/promises";
import YAML from "yaml";
import { UserError } from "../util/errors.js";

/**
 * Reads a `--config` file: JSON (`.json`) or YAML (anything else), holding one mapping whose keys are the
 * camelCase flag names. Returns the raw mapping; validation happens together with the flags.
 */
export async function readConfigFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(
      code === "ENOENT" ? `config file ${file} does not exist; pass an existing JSON or YAML file to --config` : `cannot read config file ${file}: ${code ?? String(err)}`,
    );
  }
  let raw: unknown;
  try {
    raw = /\.json$/i.test(file) ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    throw new UserError(`config file ${file} is not valid ${/\.json$/i.test(file) ? "JSON" : "YAML"}: ${(err as Error).message.split("\n")[0]}`);
  }
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new UserError(`config file ${file} must hold a mapping of option names to values (e.g. "rows: 64"), not ${Array.isArray(raw) ? "a list" : typeof raw}`);
  }
  return raw as Record<string, unknown>;
}
