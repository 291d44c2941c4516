import { Option, type Command } from "commander";
import { z } from "zod";
import { commandKeys, paramFor, show, type CommandName, type ParamSpec } from "../params/index.js";

/** How `sme sweep` reads a grid flag; shown below its options. */
export const GRID_SYNTAX = "Grid flags take a value, a list (32,64), a range (1..8, 0..12:4), a geometric range (32..256*2) or a mixture (1..3,8).";

/** The exit statuses, as every `--help` shows them (design.md §5.6). */
export const EXIT_STATUS_HELP =
  "Exit status: 0 success, 1 verification failed (a mismatch or a lint warning), 2 bad input (flags, config, model, " +
  "design folder, output folder), 3 the run could not complete (a tool crashed or timed out, a disk error). " +
  "Errors are one line; --debug adds the stack trace.";

function helpText(spec: ParamSpec): string {
  const shown = spec.defaultText ?? (spec.default === undefined ? undefined : typeof spec.default === "string" ? spec.default : show(spec.default));
  return shown === undefined ? spec.help : `${spec.help} (default ${shown})`;
}

function placeholder(spec: ParamSpec, command: CommandName): string | undefined {
  if (spec.placeholder === undefined) return undefined;
  if ((command === "sweep" || command === "sweep plan") && spec.grid) return spec.schema instanceof z.ZodEnum ? "<list>" : "<grid>";
  return spec.optionalValue ? `[${spec.placeholder}]` : `<${spec.placeholder}>`;
}

/**
 * Adds a command's options to a commander command, straight from the parameter registry: flags, value
 * placeholders, help text and defaults. Values are not parsed here; {@link flagValues} hands them, keyed by
 * registry key, to the loader that checks them.
 */
export function addParamOptions(cmd: Command, command: CommandName): Command {
  for (const key of commandKeys(command)) {
    const spec = paramFor(key, command);
    if (spec.flag === undefined) continue;
    const value = placeholder(spec, command);
    cmd.addOption(new Option(value === undefined ? spec.flag : `${spec.flag} ${value}`, helpText(spec)));
  }
  if (command === "sweep" || command === "sweep plan") cmd.addHelpText("after", `\n${GRID_SYNTAX}`);
  cmd.addHelpText("after", `\n${EXIT_STATUS_HELP}`);
  return cmd;
}

/** The option values commander parsed for `command`, keyed by registry key (`--rtl-budget` is `rtlBudgetS`). */
export function flagValues(opts: Readonly<Record<string, unknown>>, command: CommandName): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of commandKeys(command)) {
    const flag = paramFor(key, command).flag;
    if (flag === undefined) continue;
    const v = opts[new Option(flag).attributeName()];
    if (v !== undefined) out[key] = v;
  }
  return out;
}
