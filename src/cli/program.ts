import { Command, CommanderError } from "commander";
import { isUserError } from "../util/errors.js";
import { commands } from "./commands/index.js";

/** Builds the `sme` command with every registered subcommand. */
export function buildProgram(): Command {
  const program = new Command("sme")
    .description("SME ReRAM sparse-multiplication-engine toolkit: golden model, RTL generator, Verilator verification")
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

/**
 * Runs the CLI and returns the exit status: 0 success, 1 verification mismatch, 2 bad input.
 * User mistakes print one clear message, never a stack trace.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: "user" });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.exitCode === 0) return 0;
      return 2;
    }
    if (isUserError(err)) {
      process.stderr.write(`sme: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
}
