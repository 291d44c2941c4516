import { resolve } from "node:path";
import type { Command } from "commander";
import { defaultOf, loadCommandParams, mergedParams } from "../../params/index.js";
import { writeReport } from "../../report/report.js";
import { readResults } from "../../sweep/results-file.js";
import { UserError } from "../../util/errors.js";
import { addParamOptions, flagValues } from "../options.js";

async function reportAction(files: string[], flags: Record<string, unknown>): Promise<void> {
  const { values: v } = mergedParams(await loadCommandParams("report", flags));
  const inputs = [];
  for (const f of files) inputs.push({ source: f, results: await readResults(f) });
  if (inputs.every((i) => i.results.length === 0))
    throw new UserError(`no sweep results in ${files.join(", ")}; run sme sweep first (or check the file names)`);
  const outDir = resolve(v.out ?? defaultOf("out", "report")!);
  const { figures } = await writeReport(outDir, inputs, v.title ? { title: v.title } : {});
  if (v.json) process.stdout.write(`${JSON.stringify({ html: `${outDir}/index.html`, markdown: `${outDir}/report.md`, figures })}\n`);
  else process.stderr.write(`report: ${outDir}/index.html, ${outDir}/report.md (${figures.length / 2} figures)\n`);
}

/** `sme report RESULTS... --out DIR`: plots (SVG + PNG) and a self-contained HTML and Markdown report. */
export function registerReport(program: Command): void {
  const cmd = program
    .command("report")
    .description("Make plots (SVG, PNG) and a self-contained HTML + Markdown report from sweep results files")
    .argument("<results...>", "results.jsonl files written by sme sweep (or sme sweep merge)");
  addParamOptions(cmd, "report").action((files: string[], opts: Record<string, unknown>) => reportAction(files, flagValues(opts, "report")));
}
