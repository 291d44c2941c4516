import { Command, CommanderError } from "commander";
import { EXIT } from "../util/errors.js";
import { packageVersion } from "../util/paths.js";
import { commandLoaders } from "./commands/index.js";
import { debugText, describeFailure } from "./failure.js";
import { EXIT_STATUS_HELP } from "./options.js";

/**
 * Builds the `sme` command. When `argv` names a subcommand only that one is loaded, for `--version` none;
 * otherwise (help, unknown names) all are, so help lists every subcommand.
 */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command("sme")
    .description("SME ReRAM sparse-multiplication-engine toolkit: golden model, RTL generator, Verilator verification")
    .version(packageVersion(), "-V, --version", "print the version of sme")
    .showHelpAfterError()
    .addHelpText("after", `\n${EXIT_STATUS_HELP}`)
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
 * Runs the CLI and returns the exit status (design.md §5.6): 0 success, 1 verification mismatch, 2 bad input,
 * 3 the run could not complete. Every error is one line on stderr (plus a crashed tool's last output); the
 * stack trace only with `--debug`.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = await buildProgram(argv);
  let debug = false;
  program.hook("preAction", (_root, action) => {
    debug = action.optsWithGlobals().debug === true;
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.exitCode === 0) return EXIT.ok;
      return EXIT.badInput;
    }
    const failure = describeFailure(err);
    process.stderr.write(`sme: ${failure.line}\n${failure.detail ? `${failure.detail.trimEnd()}\n` : ""}`);
    if (debug) process.stderr.write(`${debugText(err)}\n`);
    return failure.exitCode;
  }
}
