import { resolve } from "node:path";
import type { Command } from "commander";
import { writeReport } from "../../report/report.js";
import { readResults } from "../../sweep/results-file.js";
import { UserError } from "../../util/errors.js";

/** `sme report RESULTS... --out DIR`: plots (SVG + PNG) and a self-contained HTML and Markdown report. */
export function registerReport(program: Command): void {
  program
    .command("report")
    .description("Make plots (SVG, PNG) and a self-contained HTML + Markdown report from sweep results files")
    .argument("<results...>", "results.jsonl files written by sme sweep (or sme sweep merge)")
    .option("--out <dir>", "report folder", "reports/sweep")
    .option("--title <text>", "report title")
    .option("--json", "print the written files as JSON on stdout")
    .action(async (files: string[], flags: { out: string; title?: string; json?: boolean }) => {
      const inputs = [];
      for (const f of files) inputs.push({ source: f, results: await readResults(f) });
      if (inputs.every((i) => i.results.length === 0)) throw new UserError(`no sweep results in ${files.join(", ")}`);
      const outDir = resolve(flags.out);
      const { figures } = await writeReport(outDir, inputs, flags.title ? { title: flags.title } : {});
      if (flags.json) process.stdout.write(`${JSON.stringify({ html: `${outDir}/index.html`, markdown: `${outDir}/report.md`, figures })}\n`);
      else process.stderr.write(`report: ${outDir}/index.html, ${outDir}/report.md (${figures.length / 2} figures)\n`);
    });
}
