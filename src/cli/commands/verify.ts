import type { Command } from "commander";
import { loadFlowConfig } from "../../flow/config.js";
import { loadDesignFolder } from "../../flow/generate/design-folder.js";
import { formatVerify } from "../flow-format.js";
import { generateDesign, writeDesign } from "../../flow/generate/generate.js";
import { stageProgress } from "../progress.js";
import { verifySummary } from "../flow-summaries.js";
import { targetFromFolder, targetFromGenerated } from "../../flow/verify/targets.js";
import { assertNoMismatch, verifyTarget, type VerifyTarget } from "../../flow/verify/verify.js";
import { checkNotLayerOptions, isLayerRun } from "../../flow/layers/config.js";
import { commandKeys, flagOf, loadCommandParams, mergedParams, type ParamKey } from "../../params/index.js";
import { UserError } from "../../util/errors.js";
import { addParamOptions, flagValues } from "../options.js";
import { verifyLayersAction } from "./verify-layers.js";

/** What `generate` reads to make a design; a `--design` folder's manifest fixes all of it. */
const DESIGN_KEYS: readonly ParamKey[] = commandKeys("generate").filter((k) => !["seed", "config", "json"].includes(k));

async function verifyAction(flags: Record<string, unknown>): Promise<void> {
  // Whole layers (--all-tiles, --layers, --all-layers, from the flags or the config file) have their own flow.
  const asked = mergedParams(await loadCommandParams("verify", flags)).values;
  if (isLayerRun(asked)) return verifyLayersAction(flags);
  checkNotLayerOptions(asked);
  const progress = stageProgress({ quiet: Boolean(flags.json) });
  try {
    let target: VerifyTarget;
    if (typeof flags.design === "string") {
      const clash = DESIGN_KEYS.filter((k) => flags[k] !== undefined);
      if (clash.length > 0) throw new UserError(`--design takes the parameters from the folder's manifest; drop ${clash.map(flagOf).join(", ")}`);
    }
    // With --design only the verification keys (vectors, jobs, seed) of the options matter.
    const config = await loadFlowConfig(flags, {}, "verify");
    if (typeof flags.design === "string") {
      progress.stage("generate", `reading ${flags.design}`);
      target = targetFromFolder(await loadDesignFolder(flags.design));
    } else {
      progress.stage("generate", "quantize, map, generate");
      const g = await generateDesign(config);
      await writeDesign(g);
      target = targetFromGenerated(g);
    }
    const report = await verifyTarget(target, {
      vectors: config.vectors,
      jobs: config.jobs,
      seed: config.seed,
      onStage: (stage, detail) => progress.stage(stage, detail),
    });
    progress.stop();
    process.stdout.write(flags.json ? `${JSON.stringify(verifySummary(report), null, 2)}\n` : formatVerify(report));
    assertNoMismatch(report);
  } finally {
    progress.stop();
  }
}

/** `sme verify`: generate (or read `--design DIR`), lint, build, program, stream vectors, compare with the golden model. */
export function registerVerify(program: Command): void {
  const cmd = program
    .command("verify")
    .description("Check a generated tile bit-exactly against the golden model in Verilator (exit 1 on any mismatch)");
  addParamOptions(cmd, "verify").action((opts: Record<string, unknown>) => verifyAction(flagValues(opts, "verify")));
}
