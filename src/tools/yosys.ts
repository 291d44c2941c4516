/**
 * Yosys over emitted Verilog: the structural check (every module resolved, no combinational loops, no
 * latches) and, for small designs, a full `synth` with the cell count by type.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ToolFailedError } from "./errors.js";
import { runTool, silentFailure } from "./run.js";
import { type TextFile, withTempDir, writeFiles } from "./temp-dir.js";

export interface StructuralCheck {
  /** True when every step passed and no latch was inferred. */
  readonly ok: boolean;
  /** Latches Yosys inferred in `proc` (must be 0). */
  readonly latches: number;
  /** Warnings and errors Yosys printed (empty for a clean design). */
  readonly output: string;
  /** The tail of Yosys's full log, for error messages. */
  readonly log: string;
  /** The version line of the Yosys that ran. */
  readonly version: string;
}

/** A complete Yosys log ends with this line; a run without it did not get through the script. */
const END_OF_SCRIPT = /End of script\./;

/** `read_verilog; hierarchy -check -top; proc; opt_clean; check -assert` and no latch cells. */
export function yosysCheck(files: readonly TextFile[], top: string): Promise<StructuralCheck> {
  return withTempDir("yosys", async (dir) => {
    const names = await writeFiles(dir, files);
    const script = `read_verilog ${names.join(" ")}; hierarchy -check -top ${top}; proc; opt_clean; check -assert; select -assert-none t:$dlatch t:$adlatch t:$dlatchsr`;
    const run = await runTool("yosys", ["-q", "-l", "yosys.log", "-p", script], { cwd: dir });
    const log = await readFile(join(dir, "yosys.log"), "utf8").catch(() => "");
    const errors = /^ERROR:/m.test(run.output);
    if (run.exitCode !== 0 && !errors) throw silentFailure("yosys", run, "the structural check");
    if (run.exitCode === 0 && !END_OF_SCRIPT.test(log))
      throw new ToolFailedError("yosys", run.command, "exited 0 without finishing its script (no complete log)", run.output);
    const latches = (log.match(/Latch inferred/g) ?? []).length;
    return { ok: run.exitCode === 0 && latches === 0, latches, output: run.output, log: log.slice(-20_000), version: run.version };
  });
}

export interface CellCount {
  readonly cells: number;
  readonly byType: Record<string, number>;
  readonly version: string;
}

/**
 * Full synthesis (`synth -flatten -top`) and the cell count by type (`stat`). Minutes at 64 x 64; meant for
 * <= 32 x 32. `timeoutMs` bounds the run (a `ToolFailedError` with `timedOut`).
 */
export function yosysCellCount(files: readonly TextFile[], top: string, options: { readonly timeoutMs?: number } = {}): Promise<CellCount> {
  return withTempDir("yosys", async (dir) => {
    const names = await writeFiles(dir, files);
    const script = `read_verilog ${names.join(" ")}; synth -flatten -top ${top}; tee -q -o stat.txt stat`;
    const run = await runTool("yosys", ["-q", "-p", script], { cwd: dir, timeoutMs: options.timeoutMs });
    if (run.exitCode !== 0) throw new ToolFailedError("yosys", run.command, `synth failed (exit status ${run.exitCode})`, run.output);
    const stat = await readFile(join(dir, "stat.txt"), "utf8").catch(() => "");
    if (stat === "") throw new ToolFailedError("yosys", run.command, "wrote no stat report", run.output);
    return { ...parseStat(stat), version: run.version };
  });
}

/** Parses the last `stat` report: "Number of cells: N" and the "$_AND_  123" lines under it. */
export function parseStat(text: string): { cells: number; byType: Record<string, number> } {
  const at = text.lastIndexOf("Number of cells:");
  const count = at < 0 ? null : /Number of cells:\s+(\d+)/.exec(text.slice(at));
  if (!count) throw new Error("yosys stat output has no cell count");
  const rest = text.slice(at);
  const byType: Record<string, number> = {};
  for (const line of rest.split("\n").slice(1)) {
    const m = /^\s+(\S+)\s+(\d+)\s*$/.exec(line);
    if (m) byType[m[1]] = Number(m[2]);
    else if (line.trim() === "" && Object.keys(byType).length) break;
  }
  return { cells: Number(count[1]), byType };
}

/** What `yosysSynth` synthesizes for: Yosys's generic cells, an iCE40 or a Xilinx 7-series FPGA. */
export type FpgaTarget = "generic" | "ice40" | "xilinx";

export interface SynthRun extends CellCount {
  /** The iCE40 netlist (`synth_ice40 -json`) for nextpnr, when asked for. */
  readonly netlist: string | null;
  readonly ms: number;
}

/** The synthesis command of each target; all flatten, so `stat` counts the whole design's cells. */
const SYNTH_COMMANDS: Readonly<Record<FpgaTarget, (top: string, json: boolean) => string>> = {
  generic: (top) => `synth -flatten -top ${top}`,
  ice40: (top, json) => `synth_ice40 -top ${top}${json ? " -json netlist.json" : ""}`,
  xilinx: (top) => `synth_xilinx -flatten -top ${top}`,
};

/**
 * Synthesizes for `target` (`synth`, `synth_ice40` or `synth_xilinx`) and counts the cells by type (`stat`);
 * with `netlist`, an iCE40 run also returns its JSON netlist for place and route. `timeoutMs` bounds the run
 * (a `ToolFailedError` with `timedOut`). The modules of the files named in `blackBoxes` are read as black boxes
 * (`read_verilog -lib`): the wrapper around them is synthesized alone, each instance counted as one cell.
 */
export function yosysSynth(
  files: readonly TextFile[],
  top: string,
  target: FpgaTarget,
  options: { readonly timeoutMs?: number; readonly netlist?: boolean; readonly blackBoxes?: readonly string[] } = {},
): Promise<SynthRun> {
  const t0 = performance.now();
  return withTempDir("yosys-synth", async (dir) => {
    const names = await writeFiles(dir, files);
    const json = target === "ice40" && options.netlist === true;
    const boxed = new Set(options.blackBoxes ?? []);
    const reads = [...names.filter((n) => boxed.has(n)).map((n) => `read_verilog -lib ${n}`), `read_verilog ${names.filter((n) => !boxed.has(n)).join(" ")}`];
    const script = `${reads.join("; ")}; ${SYNTH_COMMANDS[target](top, json)}; tee -q -o stat.txt stat`;
    const run = await runTool("yosys", ["-q", "-p", script], { cwd: dir, timeoutMs: options.timeoutMs });
    if (run.exitCode !== 0)
      throw new ToolFailedError("yosys", run.command, `${SYNTH_COMMANDS[target](top, false).split(" ")[0]} failed (exit status ${run.exitCode})`, run.output);
    const stat = await readFile(join(dir, "stat.txt"), "utf8").catch(() => "");
    if (stat === "") throw new ToolFailedError("yosys", run.command, "wrote no stat report", run.output);
    const netlist = json ? await readFile(join(dir, "netlist.json"), "utf8").catch(() => null) : null;
    if (json && !netlist) throw new ToolFailedError("yosys", run.command, "wrote no JSON netlist", run.output);
    return { ...parseStat(stat), version: run.version, netlist, ms: performance.now() - t0 };
  });
}
