import { readConfigFile } from "./config-file.js";
import { parseParamsAndGrids, type GridValues } from "./parse.js";
import { commandKeys, type CommandName, type GridKey, type ParamValues } from "./registry.js";

/** Commands that take lists of values, and for which keys. */
const GRID_COMMANDS: Partial<Record<CommandName, true | readonly GridKey[]>> = { sweep: true, "sweep plan": true, accuracy: ["mode", "squeeze", "targetSqnr"] };

/** A command's parameters from its flags and its `--config` file, each source checked on its own. */
export interface CommandParams {
  readonly command: CommandName;
  /** The `--config` file, when one was given. */
  readonly configFile?: string;
  readonly fromFile: ParamValues;
  readonly fromFlags: ParamValues;
  /** Grids of the keys a command takes lists of (every grid key for `sme sweep`, modes, D and budget targets for `sme accuracy`). */
  readonly fileGrids: GridValues;
  readonly flagGrids: GridValues;
}

/**
 * Reads a command's parameters: the flags (keyed by registry key, values as commander gives them) and the
 * `--config` file they name, if any. A config file may hold keys of every command; the keys this command does
 * not read are ignored. Messages name flags for flag values and the file and key for file values.
 */
export async function loadCommandParams(command: CommandName, flags: Readonly<Record<string, unknown>>): Promise<CommandParams> {
  const keys = commandKeys(command);
  const grids = GRID_COMMANDS[command] ?? false;
  const fromFlags = parseParamsAndGrids(flags, { keys, command, origin: { kind: "flags" }, grids });
  const configFile = fromFlags.values.config;
  const fromFile =
    configFile === undefined
      ? { values: {}, grids: {} }
      : parseParamsAndGrids(await readConfigFile(configFile), { keys, command, origin: { kind: "file", file: configFile }, grids });
  return {
    command,
    ...(configFile !== undefined ? { configFile } : {}),
    fromFile: fromFile.values,
    fromFlags: fromFlags.values,
    fileGrids: fromFile.grids,
    flagGrids: fromFlags.grids,
  };
}

/** Defaults (of the caller) < config file < flags. */
export function mergedParams(p: CommandParams): { values: ParamValues; grids: GridValues } {
  return { values: { ...p.fromFile, ...p.fromFlags }, grids: { ...p.fileGrids, ...p.flagGrids } };
}
