/**
 * Runs the tools. Every run first asks the tool for its version (cached per command), so a missing or broken
 * tool is one clear error before any result is trusted, and every result says which tool produced it.
 */
import { execa } from "execa";
import { TOOLS, toolCommand, type CompanionName, type ToolName } from "./commands.js";
import { ToolFailedError, ToolNotFoundError } from "./errors.js";

export interface ToolRun {
  readonly command: string;
  /** The tool's version line (`Verilator 5.006 ...`): proof the real tool ran. */
  readonly version: string;
  readonly exitCode: number;
  /** stdout and stderr, interleaved. */
  readonly output: string;
}

export interface RunOptions {
  /** Working directory; file arguments are best given relative to it (see `verilatorLint`). */
  readonly cwd?: string;
  /** Wall-time budget; running out is a `ToolFailedError` with `timedOut`. */
  readonly timeoutMs?: number;
}

const versions = new Map<string, Promise<string>>();

const notFound = (err: unknown): boolean => {
  const code = (err as { code?: string }).code;
  return code === "ENOENT" || code === "EACCES";
};

/** The tool's version line (cached per command). Missing: `ToolNotFoundError`; no version printed: `ToolFailedError`. */
export function toolVersion(tool: ToolName, command = toolCommand(tool)): Promise<string> {
  const key = `${tool}\0${command}`;
  let version = versions.get(key);
  if (!version) {
    version = readVersion(tool, command);
    version.catch(() => versions.delete(key));
    versions.set(key, version);
  }
  return version;
}

async function readVersion(tool: ToolName, command: string): Promise<string> {
  const args = TOOLS[tool].versionArgs;
  const r = await execa(command, [...args], { reject: false, all: true, timeout: 30_000 });
  if (r.failed && notFound(r)) throw new ToolNotFoundError(tool, command);
  const output = r.all ?? "";
  const line =
    output
      .split("\n")
      .find((l) => l.trim() !== "")
      ?.trim() ?? "";
  if (r.exitCode !== 0 || line === "") {
    throw new ToolFailedError(tool, command, `${args.join(" ")} ${r.exitCode === 0 ? "printed nothing" : `failed (${exitText(r)})`}`, output, r.timedOut);
  }
  return line;
}

/** Runs `tool` with `args` (after its version check). A non-zero exit is returned; a crash, kill or timeout throws. */
export async function runTool(tool: ToolName, args: readonly string[], options: RunOptions = {}): Promise<ToolRun> {
  const command = toolCommand(tool);
  const version = await toolVersion(tool, command);
  return runCommand(tool, command, version, args, options);
}

/** Runs a command that belongs to a tool but has no version check of its own (Icarus's `vvp`, `verilator_coverage`). */
export async function runCommand(
  tool: ToolName | CompanionName,
  command: string,
  version: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<ToolRun> {
  const r = await execa(command, [...args], {
    reject: false,
    all: true,
    maxBuffer: 512 * 1024 * 1024,
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.timeoutMs !== undefined ? { timeout: Math.max(1, options.timeoutMs) } : {}),
  });
  const output = r.all ?? "";
  if (r.failed && notFound(r)) throw new ToolNotFoundError(tool, command);
  if (r.timedOut) throw new ToolFailedError(tool, command, `ran out of its ${options.timeoutMs} ms budget`, output, true);
  if (r.exitCode === undefined) throw new ToolFailedError(tool, command, `did not finish (${exitText(r)})`, output);
  return { command, version, exitCode: r.exitCode, output };
}

/**
 * The error for a run that exited non-zero without the diagnostic its tool prints for a real finding (a
 * stand-in that exits 1 silently, a crash): such a run proves nothing and must not read as a failed check.
 */
export function silentFailure(tool: ToolName | CompanionName, run: ToolRun, what: string): ToolFailedError {
  return new ToolFailedError(tool, run.command, `${what} exited with status ${run.exitCode} without a diagnostic`, run.output);
}

function exitText(r: { exitCode?: number; signal?: string; code?: string }): string {
  if (r.signal) return `killed by ${r.signal}`;
  if (r.exitCode !== undefined) return `exit status ${r.exitCode}`;
  return r.code ?? "did not start";
}
