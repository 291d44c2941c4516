import { UserError } from "../util/errors.js";
import { parentTool, TOOLS, type CompanionName, type ToolName } from "./commands.js";

/** A tool is not installed, or its `SME_*` variable names nothing that runs. */
export class ToolNotFoundError extends UserError {
  readonly tool: ToolName | CompanionName;
  readonly command: string;
  constructor(tool: ToolName | CompanionName, command: string) {
    const info = TOOLS[parentTool(tool)];
    super(
      `${tool} was not found (tried to run "${command}"). Install it with \`sudo apt-get install ${info.debianPackage}\` ` +
        `(Debian/Ubuntu; \`bash scripts/setup.sh\` installs every tool), or set ${info.env} to its path.`,
    );
    this.name = "ToolNotFoundError";
    this.tool = tool;
    this.command = command;
  }
}

/**
 * A tool ran but did not do its job: it crashed, timed out, or exited with an error without saying why (a
 * broken installation or a stand-in). Never mistaken for a clean or a failed check.
 */
export class ToolFailedError extends UserError {
  readonly tool: ToolName | CompanionName;
  readonly command: string;
  /** What it printed (stdout and stderr). */
  readonly output: string;
  /** True when it ran out of its time budget. */
  readonly timedOut: boolean;
  constructor(tool: ToolName | CompanionName, command: string, reason: string, output: string, timedOut = false) {
    const shown = tailLines(output, 20);
    const fix = timedOut ? "" : `; check the installation${tool === parentTool(tool) ? ` (or ${TOOLS[parentTool(tool)].env})` : ""}`;
    super(`${tool} (${command}) ${reason}${fix}${shown ? `\n--- ${tool} output (tail) ---\n${shown}` : ""}`);
    this.name = "ToolFailedError";
    this.tool = tool;
    this.command = command;
    this.output = output;
    this.timedOut = timedOut;
  }
}

function tailLines(text: string, lines: number): string {
  const all = text.trimEnd().split("\n");
  return all.slice(Math.max(0, all.length - lines)).join("\n");
}
