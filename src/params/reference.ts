import { COMMANDS, PARAM_KEYS, paramFor, paramSpec, type CommandName, type ParamKey } from "./registry.js";
import { show } from "./values.js";

const cell = (s: string): string => s.replace(/\|/g, "\\|");

/** A per-command text; when commands differ, each distinct text with the commands that see it. */
function byCommand(commands: readonly CommandName[], text: (c: CommandName) => string): string {
  const groups = new Map<string, CommandName[]>();
  for (const c of commands) {
    const t = text(c);
    if (t === "") continue;
    groups.set(t, [...(groups.get(t) ?? []), c]);
  }
  if (groups.size <= 1) return [...groups.keys()][0] ?? "";
  return [...groups].map(([t, cs]) => `${cs.join(", ")}: ${t}`).join("; ");
}

function defaultText(key: ParamKey, command: CommandName): string {
  const spec = paramFor(key, command);
  if (spec.defaultText !== undefined) return spec.defaultText;
  if (spec.default === undefined) return "";
  return typeof spec.default === "string" ? spec.default : show(spec.default);
}

/**
 * The reference table of every parameter, in Markdown, straight from the registry (docs/params.md is this
 * text; `npm run docs:params` writes it and a test keeps it current).
 */
export function paramsReference(): string {
  const lines = [
    "# Parameters (`sme` flags and config keys)",
    "",
    "Generated from the parameter registry (`src/params/registry.ts`) by `npm run docs:params`; do not edit by hand.",
    "",
    "Every command that takes `--config FILE` reads the same JSON or YAML file of the camelCase keys below. A command",
    "ignores the keys it does not use, so one file can serve `analyze`, `generate`, `verify`, `demo` and `sweep`;",
    "an unknown key is an error that names the nearest known key. Flags win over the file, the file over the",
    'defaults. A config file may write any value as the command line does (`rows: "64"`), or typed (`rows: 64`).',
    "Keys marked *grid* take a grid of values in `sme sweep` (`32,64`, `1..8`, `0..12:4`, `32..256*2`) and one",
    "value elsewhere. Paths in a config file are relative to the file's folder. Switches marked *flag only* cannot",
    "be set in a config file. `out` and `jobs` mean each command's own output folder and parallelism, so a",
    "file shared by `generate` and `sweep` that sets `out` sends the design and the sweep results to one folder.",
    "",
    "| key | flag | used by | default | notes |",
    "|---|---|---|---|---|",
  ];
  for (const key of PARAM_KEYS) {
    const spec = paramSpec(key);
    const commands = COMMANDS.filter((c) => spec.commands.includes(c));
    const value = spec.placeholder ? (spec.optionalValue ? ` [${spec.placeholder}]` : ` ${spec.placeholder}`) : "";
    const flag = spec.flag === undefined ? "(argument)" : `\`${spec.flag}${value}\``;
    const help = byCommand(commands, (c) => paramFor(key, c).help);
    const notes = [help, spec.grid ? "*grid*" : "", spec.inConfigFile === false ? "*flag only*" : ""].filter((n) => n !== "").join("; ");
    const used = commands.length === COMMANDS.length ? "all" : commands.join(", ");
    lines.push(
      `| ${spec.inConfigFile === false ? "—" : `\`${key}\``} | ${cell(flag)} | ${used} | ${cell(byCommand(commands, (c) => defaultText(key, c)))} | ${cell(notes)} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}
