import { Command, CommanderError } from "commander";
import { isUserError } from "../util/errors.js";
import { packageVersion } from "../util/paths.js";
import { commandLoaders } from "./commands/index.js";

/**
 * Builds the `sme` command. When `argv` names a subcommand only that one is loaded, for `--version` none;
 * otherwise (help, unknown names) all are, so help lists every subcommand.
 */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command("sme")
    .description("SME ReRAM sparse-multiplication-engine toolkit: golden model, RTL generator, Verilator verification")
    .version(packageVersion(), "-V, --version", "print the version of sme")
    .showHelpAfterError()
    // Options after a subcommand belong to it (`sme sweep point --json '{...}'` is not the parent's --json switch).
    .enablePositionalOptions()
    .exitOverride();
  const first = argv[0];
  const names =
    first === "--version" || first === "-V" ? [] : first !== undefined && Object.hasOwn(commandLoaders, first) ? [first] : Object.keys(commandLoaders);
  for (const name of names) (await commandLoaders[name]!())(program);
  return program;
}

/**
 * Runs the CLI and returns the exit status: 0 success, 1 verification mismatch, 2 bad input.
 * User mistakes print one clear message, never a stack trace.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = await buildProgram(argv);
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
