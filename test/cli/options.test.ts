import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { flagValues } from "../../src/cli/options.js";
import { buildProgram } from "../../src/cli/program.js";
import { COMMANDS, commandKeys, paramFor, type CommandName } from "../../src/params/index.js";

function findCommand(program: Command, name: CommandName): Command {
  let cmd = program;
  for (const part of name.split(" ")) cmd = cmd.commands.find((c) => c.name() === part)!;
  return cmd;
}

describe("commander options come from the registry", () => {
  it("every subcommand has exactly the flags the registry gives it", async () => {
    const program = await buildProgram();
    for (const command of COMMANDS) {
      const cmd = findCommand(program, command);
      expect(cmd, command).toBeDefined();
      const flags = cmd.options.map((o) => o.long).sort();
      const expected = commandKeys(command).flatMap((k) => paramFor(k, command).flag ?? []).sort();
      expect(flags, command).toEqual(expected);
    }
  });

  it("shows each default in the help, and grid placeholders for sweep", async () => {
    const program = await buildProgram();
    const generate = findCommand(program, "generate").helpInformation();
    expect(generate).toMatch(/--adc-bits <bits>\s+ADC bits; lossless = wide enough to never saturate\s+\(default\s+lossless\)/);
    expect(generate).toMatch(/--out <dir>\s+design folder \(default rtl-out\/<design-name>\)/);
    const sweep = findCommand(program, "sweep");
    expect(sweep.helpInformation()).toMatch(/--rows <grid>/);
    expect(sweep.helpInformation()).toMatch(/--mode <list>/);
    expect(findCommand(program, "demo").helpInformation()).toMatch(/--vectors <n>[\s\S]*\(default\s+10000\)/);
  });

  it("hands commander's values over keyed by registry key", async () => {
    const program = await buildProgram(["sweep"]);
    const sweep = findCommand(program, "sweep");
    sweep.action(() => undefined);
    await program.parseAsync(["sweep", "m.npy", "--rtl-budget", "30", "--no-progress", "--weight-bits", "4,8"], { from: "user" });
    expect(flagValues(sweep.opts(), "sweep")).toEqual({ rtlBudgetS: "30", progress: false, weightBits: "4,8" });
  });
});
