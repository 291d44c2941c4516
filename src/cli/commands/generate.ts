import type { Command } from "commander";
import { loadFlowConfig } from "../../flow/config.js";
import { formatGenerate } from "../flow-format.js";
import { generateDesign, writeDesign } from "../../flow/generate/generate.js";
import { generateSummary } from "../flow-summaries.js";
import { addParamOptions, flagValues } from "../options.js";

async function generateAction(flags: Record<string, unknown>): Promise<void> {
  const config = await loadFlowConfig(flags, {}, "generate");
  const g = await generateDesign(config);
  await writeDesign(g);
  process.stdout.write(flags.json ? `${JSON.stringify(generateSummary(g), null, 2)}\n` : formatGenerate(g));
}

/** `sme generate`: quantize and map one tile, build its RTL, write `rtl-out/<design-name>/` atomically (design.md §4). */
export function registerGenerate(program: Command): void {
  const cmd = program.command("generate").description("Quantize and map a tile of weights, generate its Verilog, manifest, README and programming image");
  addParamOptions(cmd, "generate").action((opts: Record<string, unknown>) => generateAction(flagValues(opts, "generate")));
}
