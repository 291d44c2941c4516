import { execa } from "execa";
import { SimulatorNotFoundError } from "./errors.js";

/** The Verilator command: `SME_VERILATOR` when set, else `verilator` from PATH. */
export function verilatorCommand(): string {
  return process.env.SME_VERILATOR ?? "verilator";
}

const versions = new Map<string, Promise<string>>();

/** `verilator --version` (cached per command); a missing Verilator is one clear `SimulatorNotFoundError`. */
export function verilatorVersion(command = verilatorCommand()): Promise<string> {
  let version = versions.get(command);
  if (!version) {
    version = execa(command, ["--version"]).then(
      (r) => r.stdout.trim(),
      (err: unknown) => {
        versions.delete(command);
        const code = (err as { code?: string }).code;
        if (code === "ENOENT" || code === "EACCES") throw new SimulatorNotFoundError(command);
        throw err;
      },
    );
    versions.set(command, version);
  }
  return version;
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
