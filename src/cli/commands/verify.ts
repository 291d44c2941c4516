import { join } from "node:path";
import type { Command } from "commander";
import { loadFlowConfig } from "../../flow/config.js";
import { loadDesignFolder } from "../../flow/generate/design-folder.js";
import { formatVerify } from "../flow-format.js";
import { generateDesign, writeDesign } from "../../flow/generate/generate.js";
import { stageProgress } from "../progress.js";
import { verifySummary } from "../flow-summaries.js";
import { targetFromFolder, targetFromGenerated } from "../../flow/verify/targets.js";
import { assertNoMismatch, verifyTarget, type VerifyReport, type VerifyTarget } from "../../flow/verify/verify.js";
import { checkLayerRunOptions, checkNotLayerOptions, isLayerRun } from "../../flow/layers/config.js";
import { commandKeys, flagOf, loadCommandParams, mergedParams, defaultOf, type ParamKey, type ParamValues } from "../../params/index.js";
import { UserError } from "../../util/errors.js";
import { writeJunit } from "../junit.js";
import { addParamOptions, flagValues } from "../options.js";
import { verifyJunitAbort, verifyJunitSuite } from "../verify-junit.js";
import { verifyLayersAction } from "./verify-layers.js";

/** What `generate` reads to make a design; a `--design` folder's manifest fixes all of it. */
const DESIGN_KEYS: readonly ParamKey[] = commandKeys("generate").filter((k) => !["seed", "config", "json", "debug"].includes(k));

/** The debugging and reporting options of `sme verify` (waves, replay, coverage, JUnit) from its merged values, defaults applied. */
function debugOptions(v: ParamValues) {
  return {
    waves: v.waves || undefined,
    replayVectors: v.replayVectors ?? defaultOf("replayVectors", "verify")!,
    junit: v.junit,
    coverage: { functional: Boolean(v.functionalCoverage), code: Boolean(v.coverage) },
    untilCovered: v.untilCovered ? { budget: v.coverBudget ?? defaultOf("coverBudget", "verify")! } : undefined,
  };
}

async function verifyAction(flags: Record<string, unknown>): Promise<void> {
  // Whole layers (--all-tiles, --layers, --all-layers, from the flags or the config file) have their own flow.
  const asked = mergedParams(await loadCommandParams("verify", flags)).values;
  if (isLayerRun(asked)) {
    checkLayerRunOptions(asked);
    return verifyLayersAction(flags);
  }
  checkNotLayerOptions(asked);
  const progress = stageProgress({ quiet: Boolean(flags.json) });
  try {
    let target: VerifyTarget;
    let edited: readonly string[] = [];
    if (typeof flags.design === "string") {
      const clash = DESIGN_KEYS.filter((k) => flags[k] !== undefined);
      if (clash.length > 0) throw new UserError(`--design takes the parameters from the folder's manifest; drop ${clash.map(flagOf).join(", ")}`);
    }
    // With --design only the verification keys (vectors, jobs, seed) of the options matter.
    const config = await loadFlowConfig(flags, {}, "verify");
    const debug = debugOptions(asked);
    let dir: string;
    if (typeof flags.design === "string") {
      progress.stage("generate", `reading ${flags.design}`);
      const folder = await loadDesignFolder(flags.design);
      edited = folder.edited;
      if (edited.length > 0 && !flags.json) {
        process.stderr.write(
          `sme: note: ${edited.join(", ")} differ${edited.length === 1 ? "s" : ""} from what sme generate wrote; simulating the folder as it is\n`,
        );
      }
      target = targetFromFolder(folder);
      dir = flags.design;
    } else {
      progress.stage("generate", "quantize, map, generate");
      const g = await generateDesign(config);
      await writeDesign(g);
      target = targetFromGenerated(g);
      dir = g.dir;
    }
    const started = new Date();
    let report: VerifyReport;
    try {
      report = await verifyTarget(target, {
        vectors: config.vectors,
        jobs: config.jobs,
        seed: config.seed,
        timeoutMs: config.simTimeoutMs,
        onStage: (stage, detail) => progress.stage(stage, detail),
        outDir: join(dir, "verify"),
        ...(debug.waves ? { waves: debug.waves } : {}),
        replayVectors: debug.replayVectors,
        coverage: debug.coverage,
        ...(debug.untilCovered ? { untilCovered: debug.untilCovered } : {}),
      });
    } catch (err) {
      // The run ended without a report (a lint finding, a tool failure): the JUnit file still says so.
      if (debug.junit && err instanceof Error)
        await writeJunit(debug.junit, [verifyJunitAbort(target.name, err, started, (Date.now() - started.getTime()) / 1000)]);
      throw err;
    }
    progress.stop();
    if (debug.junit) await writeJunit(debug.junit, [verifyJunitSuite(report, started, (Date.now() - started.getTime()) / 1000)]);
    process.stdout.write(flags.json ? `${JSON.stringify(verifySummary(report, edited), null, 2)}\n` : formatVerify(report, edited));
    assertNoMismatch(report);
  } finally {
    progress.stop();
  }
}

/** `sme verify`: generate (or read `--design DIR`), lint, build, program, stream vectors, compare with the golden model. */
export function registerVerify(program: Command): void {
  const cmd = program.command("verify").description("Check a generated tile bit-exactly against the golden model in Verilator (exit 1 on any mismatch)");
  addParamOptions(cmd, "verify").action((opts: Record<string, unknown>) => verifyAction(flagValues(opts, "verify")));
}
