import { join, relative } from "node:path";
import type { Command } from "commander";
import { exampleDesigns } from "../../examples/index.js";
import { writeVerilog } from "../../hdl/index.js";
import { rtlOutDir } from "../../util/paths.js";

interface ExamplesFlags {
  out?: string;
  json?: boolean;
}

/** `sme examples`: emits the DSL's example designs, one folder per top module, each written atomically. */
export function registerExamples(program: Command): void {
  program
    .command("examples")
    .description("Emit the hardware DSL's example designs (counter, popcount, FIFO, register file, pipeline) as Verilog")
    .option("--out <dir>", "output folder (default rtl-out/examples)")
    .option("--json", "print the emitted folders and files as JSON on stdout (nothing else)")
    .action(async (flags: ExamplesFlags) => {
      const base = flags.out ?? join(rtlOutDir, "examples");
      const written: { module: string; dir: string; files: string[] }[] = [];
      for (const def of exampleDesigns()) {
        const dir = join(base, def.name);
        const files = await writeVerilog(def, dir);
        written.push({ module: def.name, dir, files });
      }
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(written, null, 2)}\n`);
        return;
      }
      for (const w of written) process.stdout.write(`${relative(process.cwd(), w.dir) || "."}: ${w.files.join(", ")}\n`);
    });
}
