import type { Command } from "commander";
import { FLOW_KEYS, loadFlowConfig } from "../../flow/config.js";
import { loadDesignFolder } from "../../flow/generate/design-folder.js";
import { generateDesign, writeDesign } from "../../flow/generate/generate.js";
import { type SynthInput, synthesize } from "../../flow/synth/synth.js";
import { tileInterface } from "../../hw/tile-interface.js";
import { commandKeys, defaultOf, flagOf, loadCommandParams, mergedParams, type ParamKey } from "../../params/index.js";
import { UserError } from "../../util/errors.js";
import { addParamOptions, flagValues } from "../options.js";
import { stageProgress } from "../progress.js";
import { formatSynth } from "../synth-format.js";

/** What `generate` reads to make a design; a `--design` folder's manifest fixes all of it. */
const DESIGN_KEYS: readonly ParamKey[] = commandKeys("generate").filter((k) => !["seed", "config", "json", "out"].includes(k));

async function synthAction(flags: Record<string, unknown>): Promise<void> {
  const { values: v } = mergedParams(await loadCommandParams("synth", flags));
  const progress = stageProgress({ quiet: Boolean(flags.json) });
  try {
    let input: SynthInput;
    if (typeof flags.design === "string") {
      const clash = DESIGN_KEYS.filter((k) => flags[k] !== undefined);
      if (clash.length > 0) throw new UserError(`--design takes the parameters from the folder's manifest; drop ${clash.map(flagOf).join(", ")}`);
      progress.stage("generate", `reading ${flags.design}`);
      const f = await loadDesignFolder(flags.design);
      input = { name: f.manifest.name, tile: f.tile, files: f.files };
    } else {
      progress.stage("generate", "quantize, map, generate");
      const flowFlags = Object.fromEntries(Object.entries(flags).filter(([k]) => FLOW_KEYS.includes(k as ParamKey)));
      const g = await generateDesign(await loadFlowConfig(flowFlags, {}, "synth"));
      await writeDesign(g);
      input = { name: g.name, tile: tileInterface(g.tile), files: g.tile.design.files };
    }
    const target = v.target ?? defaultOf("target", "synth")!;
    progress.stage("synthesize", `${target}${target === "ice40" ? ", then nextpnr-ice40" : ""}`);
    const figures = await synthesize(input, {
      target,
      device: v.device ?? defaultOf("device", "synth")!,
      budgetS: v.synthBudgetS ?? defaultOf("synthBudgetS", "synth")!,
    });
    progress.stop();
    process.stdout.write(flags.json ? `${JSON.stringify(figures, null, 2)}\n` : formatSynth(figures));
  } finally {
    progress.stop();
  }
}

/** `sme synth`: a design's FPGA resources (Yosys) and, on iCE40, its Fmax after place and route (nextpnr-ice40). */
export function registerSynth(program: Command): void {
  const cmd = program
    .command("synth")
    .description("Synthesize a generated design for an FPGA: LUTs, flip-flops, carry, BRAM, DSP; on iCE40 also place and route for the Fmax");
  addParamOptions(cmd, "synth").action((opts: Record<string, unknown>) => synthAction(flagValues(opts, "synth")));
}
