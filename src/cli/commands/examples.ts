import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Command } from "commander";
import { exampleDesigns } from "../../examples/index.js";
import { emitVerilog } from "../../hdl/index.js";
import { loadCommandParams, mergedParams } from "../../params/index.js";
import { writeDirAtomic } from "../../util/atomic-dir.js";
import { checkOutputFolder, withOutputRecord, type Ownership } from "../../util/output-folder.js";
import { rtlOutDir } from "../../util/paths.js";
import { addParamOptions, flagValues } from "../options.js";

/**
 * A folder an earlier version of `sme examples` wrote (before folders carried a record of their files): only
 * sub-folders of `.v` files named after modules.
 */
function legacyExamples(dir: string, entries: readonly string[]): Ownership | null {
  const files = new Map<string, null>();
  for (const e of entries) {
    if (!statSync(join(dir, e)).isDirectory()) return null;
    for (const f of readdirSync(join(dir, e))) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*\.v$/.test(f)) return null;
      files.set(`${e}/${f}`, null);
    }
  }
  return { files, folders: [] };
}

async function examplesAction(flags: Record<string, unknown>): Promise<void> {
  const { values: v } = mergedParams(await loadCommandParams("examples", flags));
  const base = v.out === undefined ? join(rtlOutDir, "examples") : resolve(v.out);
  checkOutputFolder(base, { label: "--out", legacy: legacyExamples });
  const written: { module: string; dir: string; files: string[] }[] = [];
  const files = new Map<string, string>();
  for (const def of exampleDesigns()) {
    const design = emitVerilog(def);
    for (const m of design.modules) files.set(`${def.name}/${m.file}`, m.text);
    written.push({ module: def.name, dir: join(base, def.name), files: design.modules.map((m) => m.file) });
  }
  // One folder, written whole: an interrupted run leaves the previous examples or the new ones.
  await writeDirAtomic(base, withOutputRecord("examples", files));
  if (v.json) {
    process.stdout.write(`${JSON.stringify(written, null, 2)}\n`);
    return;
  }
  for (const w of written) process.stdout.write(`${relative(process.cwd(), w.dir) || "."}: ${w.files.join(", ")}\n`);
}

/** `sme examples`: emits the DSL's example designs into one folder, a sub-folder per top module. */
export function registerExamples(program: Command): void {
  const cmd = program.command("examples").description("Emit the hardware DSL's example designs (counter, popcount, FIFO, register file, pipeline) as Verilog");
  addParamOptions(cmd, "examples").action((opts: Record<string, unknown>) => examplesAction(flagValues(opts, "examples")));
}
