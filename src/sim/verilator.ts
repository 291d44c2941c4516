import { execa } from "execa";
import { toolCommand, toolVersion, ToolNotFoundError } from "../tools/index.js";
import { SimulatorNotFoundError } from "./errors.js";

/** The Verilator command: `SME_VERILATOR` when set, else `verilator` from PATH (resolved by `src/tools`). */
export function verilatorCommand(): string {
  return toolCommand("verilator");
}

/** `verilator --version` (cached per command, by `src/tools`); a missing Verilator is one clear `SimulatorNotFoundError`. */
export async function verilatorVersion(command = verilatorCommand()): Promise<string> {
  try {
    return await toolVersion("verilator", command);
  } catch (err) {
    if (err instanceof ToolNotFoundError) throw new SimulatorNotFoundError(command);
    throw err;
  }
}

let ccache: Promise<boolean> | undefined;

/** Whether ccache is installed; builds then set `OBJCACHE=ccache` so recompiling Verilator's runtime is cheap. */
export function hasCcache(): Promise<boolean> {
  ccache ??= execa("ccache", ["--version"]).then(
    () => true,
    () => false,
  );
  return ccache;
}
