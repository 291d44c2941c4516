/**
 * The external Verilog tools and how each is found: an `SME_*` variable naming the executable (a path, or a
 * wrapper script), else the tool's name on the PATH.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { projectRoot } from "../util/paths.js";

export type ToolName = "verilator" | "iverilog" | "yosys" | "nextpnr-ice40" | "fusesoc";

/** A program that comes with a tool and is found beside it: Icarus's runtime, Verilator's coverage merger. */
export type CompanionName = "vvp" | "verilator_coverage";

/** The tool whose installation (package, `SME_*` variable) a tool or companion program belongs to. */
export function parentTool(tool: ToolName | CompanionName): ToolName {
  return tool === "vvp" ? "iverilog" : tool === "verilator_coverage" ? "verilator" : tool;
}

export interface ToolInfo {
  /** Environment variable that overrides the command. */
  readonly env: string;
  /** Command looked up on the PATH otherwise. */
  readonly command: string;
  /** Arguments that print the version and exit 0. */
  readonly versionArgs: readonly string[];
  /** Debian package that installs it. */
  readonly debianPackage?: string;
  /** How to install it when it is not a Debian package. */
  readonly install?: string;
  /** Where `scripts/setup.sh` installs it, tried before the PATH (relative to the project root). */
  readonly local?: string;
}

export const TOOLS: Readonly<Record<ToolName, ToolInfo>> = {
  verilator: { env: "SME_VERILATOR", command: "verilator", versionArgs: ["--version"], debianPackage: "verilator" },
  iverilog: { env: "SME_IVERILOG", command: "iverilog", versionArgs: ["-V"], debianPackage: "iverilog" },
  yosys: { env: "SME_YOSYS", command: "yosys", versionArgs: ["-V"], debianPackage: "yosys" },
  "nextpnr-ice40": { env: "SME_NEXTPNR_ICE40", command: "nextpnr-ice40", versionArgs: ["--version"], debianPackage: "nextpnr-ice40" },
  fusesoc: {
    env: "SME_FUSESOC",
    command: "fusesoc",
    versionArgs: ["--version"],
    local: ".venv/bin/fusesoc",
    install: "`bash scripts/setup.sh` installs it from PyPI into .venv/ (python3 -m venv .venv && .venv/bin/pip install fusesoc==2.4.7 edalize==0.6.8)",
  },
};

/** The command that runs `tool`: its `SME_*` variable when set (and not empty), else its local install, else its name. */
export function toolCommand(tool: ToolName): string {
  const info = TOOLS[tool];
  const env = process.env[info.env];
  if (env) return env;
  if (info.local && existsSync(join(projectRoot, info.local))) return join(projectRoot, info.local);
  return info.command;
}

/**
 * Icarus Verilog's runtime `vvp`: next to the `iverilog` in use when that is a path with a `vvp` beside it
 * (an installation outside the PATH), else `vvp` from the PATH.
 */
export function vvpCommand(): string {
  return companionCommand("vvp");
}

/**
 * Verilator's `verilator_coverage` (merges coverage.dat files, writes lcov): next to the `verilator` in use when
 * that is a path with one beside it, else from the PATH.
 */
export function verilatorCoverageCommand(): string {
  return companionCommand("verilator_coverage");
}

function companionCommand(name: CompanionName): string {
  const tool = toolCommand(parentTool(name));
  if (tool.includes("/")) {
    const sibling = join(dirname(tool), name);
    if (existsSync(sibling)) return sibling;
  }
  return name;
}
