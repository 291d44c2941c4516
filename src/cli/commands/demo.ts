import type { Command } from "commander";
import { demoConfig, runDemo } from "../../flow/demo/demo.js";
import { formatDemo } from "../flow-format.js";
import { stageProgress } from "../progress.js";
import { demoSummary } from "../flow-summaries.js";
import { assertNoMismatch } from "../../flow/verify/verify.js";
import { addParamOptions, flagValues } from "../options.js";

async function demoAction(flags: Record<string, unknown>): Promise<void> {
  const config = await demoConfig(flags);
  const progress = stageProgress({ quiet: Boolean(flags.json) });
  try {
    const report = await runDemo(config, progress);
    progress.stop();
    process.stdout.write(flags.json ? `${JSON.stringify(demoSummary(report), null, 2)}\n` : formatDemo(report));
    assertNoMismatch(report.verify);
  } finally {
    progress.stop();
  }
}

/** `sme demo`: the README's first command, end to end on one tile of a real ResNet layer shipped in data/. */
export function registerDemo(program: Command): void {
  const cmd = program
    .command("demo")
    .description(
      "End to end on a real layer (a 128x128 tile of a face-api ResNet conv kernel): quantize, map, generate, lint, build, simulate, compare, report",
    );
  addParamOptions(cmd, "demo").action((opts: Record<string, unknown>) => demoAction(flagValues(opts, "demo")));
}
