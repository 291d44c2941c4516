import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import Handlebars from "handlebars";
import type { SimDesign } from "../sim/index.js";
import { UserError } from "../util/errors.js";
import { templatesDir } from "../util/paths.js";

let template: Handlebars.TemplateDelegate | undefined;

export interface IcarusRun {
  readonly design: SimDesign;
  /** `program.hex` text of a programmable design (null for baked designs). */
  readonly programHex: string | null;
  /** Packed `in_act` values. */
  readonly payloads: readonly bigint[];
  /** Cycles the testbench waits for the last results after the last input. */
  readonly drainCycles?: number;
}

export interface IcarusResult {
  /** Packed `out_sum` values in order. */
  readonly outputs: bigint[];
  readonly testbench: string;
  readonly ms: number;
}

const width = (d: SimDesign, port: string): number => {
  const p = d.ports.find((x) => x.name === port);
  if (!p) throw new UserError(`design ${d.top} has no port ${port}; the Icarus testbench needs the design.md §4 interface`);
  return p.width;
};

/** Renders the plain Verilog-2005 testbench (templates/flow-tb.v.hbs) for a tile design. */
export function renderTestbench(d: SimDesign, programCount: number, vectorCount: number, drainCycles: number): string {
  template ??= Handlebars.compile(readFileSync(join(templatesDir, "flow-tb.v.hbs"), "utf8"), { noEscape: true, strict: true });
  const programmable = d.ports.some((p) => p.name === "prog_valid");
  const view: Record<string, unknown> = {
    top: d.top,
    tbName: "sme_flow_tb",
    programmable,
    actMsb: width(d, "in_act") - 1,
    sumMsb: width(d, "out_sum") - 1,
    connections: d.ports.map((p) => p.name),
    vectorCount,
    vectorLast: Math.max(0, vectorCount - 1),
    drainCycles,
  };
  if (programmable) {
    const xw = width(d, "prog_xbar");
    const rw = width(d, "prog_row");
    const pw = width(d, "prog_data");
    Object.assign(view, { xbarMsb: xw - 1, rowMsb: rw - 1, dataMsb: pw - 1, wordMsb: 2 + xw + rw + pw - 1, programCount, programLast: Math.max(0, programCount - 1) });
  }
  return template(view);
}

const hexWords = (vals: readonly bigint[], bits: number): string => `${vals.map((v) => v.toString(16).padStart(Math.ceil(bits / 4), "0")).join("\n")}\n`;

/**
 * Simulates a tile with Icarus Verilog (`iverilog -g2005`, `vvp`) from the generated plain-Verilog testbench,
 * which reads the program and the vectors with `$readmemh`: an independent check of the Verilator results.
 */
export async function runIcarus(run: IcarusRun): Promise<IcarusResult> {
  const t0 = performance.now();
  const d = run.design;
  const programCount = run.programHex ? run.programHex.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("//")).length : 0;
  const tb = renderTestbench(d, programCount, run.payloads.length, run.drainCycles ?? 10_000);
  const dir = await mkdtemp(join(tmpdir(), "sme-icarus-"));
  try {
    const paths: string[] = [];
    for (const f of d.files) {
      await writeFile(join(dir, f.name), f.text);
      paths.push(f.name);
    }
    await writeFile(join(dir, "tb.v"), tb);
    if (run.programHex) await writeFile(join(dir, "program.hex"), run.programHex);
    await writeFile(join(dir, "vectors.hex"), hexWords(run.payloads, width(d, "in_act")));
    const compile = await execa("iverilog", ["-g2005", "-s", "sme_flow_tb", "-o", "tb.vvp", ...paths, "tb.v"], { cwd: dir, reject: false, all: true });
    if ((compile as { code?: string }).code === "ENOENT") throw new UserError("iverilog is not installed; install it with: sudo apt-get install iverilog");
    if (compile.exitCode !== 0) throw new Error(`iverilog -g2005 failed:\n${compile.all ?? ""}`);
    const sim = await execa("vvp", ["-n", "tb.vvp"], { cwd: dir, reject: false, all: true });
    if (sim.exitCode !== 0 || /TIMEOUT/.test(sim.all ?? "")) throw new Error(`vvp failed or timed out:\n${sim.all ?? ""}`);
    const text = await readFile(join(dir, "outputs.hex"), "utf8");
    const outputs = text
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => {
        if (!/^[0-9a-f]+$/i.test(l.trim())) throw new Error(`Icarus output holds unknown bits: ${l.slice(0, 80)}`);
        return BigInt(`0x${l.trim()}`);
      });
    return { outputs, testbench: tb, ms: performance.now() - t0 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
