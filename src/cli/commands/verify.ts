import type { Command } from "commander";
import { addTileOptions, addVerifyOptions, addWeightsOptions } from "../../flow/cli-options.js";
import { loadFlowConfig } from "../../flow/config.js";
import { loadDesignFolder } from "../../flow/design-folder.js";
import { formatVerify } from "../../flow/format.js";
import { generateDesign, writeDesign } from "../../flow/generate.js";
import { stageProgress } from "../../flow/progress.js";
import { verifySummary } from "../../flow/summaries.js";
import { targetFromFolder, targetFromGenerated } from "../../flow/targets.js";
import { assertNoMismatch, verifyTarget, type VerifyTarget } from "../../flow/verify.js";
import { UserError } from "../../util/errors.js";

const TILE_FLAGS = ["rows", "cols", "weightBits", "window", "actBits", "dacBits", "ouRows", "adcBits", "mode", "squeeze", "kind", "scale", "weights", "layer", "tile", "synthetic", "out"];

async function verifyAction(flags: Record<string, unknown>): Promise<void> {
  const progress = stageProgress({ quiet: Boolean(flags.json) });
  try {
    let target: VerifyTarget;
    if (typeof flags.design === "string") {
      const clash = TILE_FLAGS.filter((k) => flags[k] !== undefined);
      if (clash.length > 0) {
        throw new UserError(`--design takes the parameters from the folder's manifest; drop ${clash.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(", ")}`);
      }
    }
    // With --design only the verification keys (vectors, jobs, seed) of the options matter.
    const config = await loadFlowConfig(flags);
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
    .description("Check a generated tile bit-exactly against the golden model in Verilator (exit 1 on any mismatch)")
    .option("--design <dir>", "verify this generated design folder instead of generating one");
  addVerifyOptions(addWeightsOptions(addTileOptions(cmd)), 2000).action((flags: Record<string, unknown>) => verifyAction(flags));
}
