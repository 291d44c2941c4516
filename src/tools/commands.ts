/**
 * The external Verilog tools and how each is found: an `SME_*` variable naming the executable (a path, or a
 * wrapper script), else the tool's name on the PATH.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

export type ToolName = "verilator" | "iverilog" | "yosys";

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
  readonly debianPackage: string;
}

export const TOOLS: Readonly<Record<ToolName, ToolInfo>> = {
  verilator: { env: "SME_VERILATOR", command: "verilator", versionArgs: ["--version"], debianPackage: "verilator" },
  iverilog: { env: "SME_IVERILOG", command: "iverilog", versionArgs: ["-V"], debianPackage: "iverilog" },
  yosys: { env: "SME_YOSYS", command: "yosys", versionArgs: ["-V"], debianPackage: "yosys" },
};

/** The command that runs `tool`: its `SME_*` variable when set (and not empty), else its name. */
export function toolCommand(tool: ToolName): string {
  const info = TOOLS[tool];
  return process.env[info.env] || info.command;
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
