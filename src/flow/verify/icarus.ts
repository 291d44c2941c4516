import { readFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import Handlebars from "handlebars";
import { joinBeats, splitBeats, vectorHex } from "../../hw/payloads.js";
import { portRoles, portWidth, TILE_PORTS, type TileInterface } from "../../hw/tile-interface.js";
import type { VerilogFile } from "../../sim/index.js";
import { type ProgramImage, programImageToHex } from "../../sme/index.js";
import { icarusSimulate, withTempDir, writeFiles } from "../../tools/index.js";
import { templatesDir } from "../../util/paths.js";

let template: Handlebars.TemplateDelegate | undefined;

/** The testbench's top module name. */
export const TESTBENCH_TOP = "sme_flow_tb";

export interface IcarusRun {
  readonly tile: TileInterface;
  readonly files: readonly VerilogFile[];
  /** The programming image of a programmable design (null for baked designs). */
  readonly program: ProgramImage | null;
  /** Activation vectors, streamed in order. */
  readonly vectors: readonly ArrayLike<number>[];
  /** Cycles the testbench waits for the last results after the last input. */
  readonly drainCycles?: number;
}

export interface IcarusResult {
  /** Packed `out_sum` values in order (the shell's result beats joined). */
  readonly outputs: bigint[];
  readonly testbench: string;
  readonly ms: number;
  /** The version line of the Icarus Verilog that ran. */
  readonly version: string;
}

export interface TestbenchOptions {
  /** Compare every output with `expected.hex` and end with PASS or `$fatal` (the design folder's testbench). */
  readonly check?: boolean;
}

/** A testbench signal per top port: inputs are registers (reset asserted, the output side ready), outputs wires. */
function declaration(tile: TileInterface, port: TileInterface["ports"][number]): string {
  const roles = portRoles(tile);
  const range = port.width > 1 ? `[${port.width - 1}:0] ` : "";
  if (port.direction === "output") return `wire ${range}${port.name};`;
  const high = (port.name === roles.reset && !roles.resetActiveLow) || port.name === roles.output.ready;
  return `reg ${range}${port.name} = ${high ? "1'b1" : port.width > 1 ? `${port.width}'d0` : "1'b0"};`;
}

/** Stream words per vector on the input side and per result on the output side (1 and 1 for the bare tile). */
export function beatsOf(tile: Pick<TileInterface, "bus">): { readonly input: number; readonly output: number } {
  return tile.bus ? { input: tile.bus.actBeats, output: tile.bus.sumBeats } : { input: 1, output: 1 };
}

/**
 * Renders the plain Verilog-2005 testbench (templates/flow-tb.v.hbs) for a design's top, port names from its
 * roles (`portRoles`): the bare tile or the AXI4-Stream shell. `vectorCount` counts vectors; the files hold
 * one line per stream word (a vector's beats for the shell).
 */
export function renderTestbench(tile: TileInterface, programCount: number, vectorCount: number, drainCycles: number, options: TestbenchOptions = {}): string {
  template ??= Handlebars.compile(readFileSync(join(templatesDir, "flow-tb.v.hbs"), "utf8"), { noEscape: true, strict: true });
  const P = portRoles(tile);
  const programmable = tile.kind === "programmable";
  const beats = beatsOf(tile);
  const words = vectorCount * beats.input;
  const outputs = vectorCount * beats.output;
  const view: Record<string, unknown> = {
    top: tile.name,
    tbName: TESTBENCH_TOP,
    programmable,
    check: options.check === true,
    progError: false,
    beats: tile.bus ? beats.output : false,
    last: P.output.last ?? false,
    clk: P.clock,
    rst: P.reset,
    rstRelease: P.resetActiveLow ? "1'b1" : "1'b0",
    rstInactive: P.resetActiveLow ? P.reset : `!${P.reset}`,
    inValid: P.input.valid,
    inReady: P.input.ready,
    inAct: P.input.data,
    outValid: P.output.valid,
    outReady: P.output.ready,
    outSum: P.output.data,
    outMsb: portWidth(tile, P.output.data) - 1,
    declarations: tile.ports.map((p) => declaration(tile, p)),
    actMsb: portWidth(tile, P.input.data) - 1,
    connections: tile.ports.map((p) => p.name),
    vectorCount: words,
    vectorLast: Math.max(0, words - 1),
    outputCount: outputs,
    outputLast: Math.max(0, outputs - 1),
    drainCycles,
  };
  if (programmable) {
    const word = P.program.data.reduce((w, name) => w + portWidth(tile, name), 0);
    Object.assign(view, {
      progValid: P.program.valid,
      progReady: P.program.ready,
      progFields: P.program.data.join(", "),
      // The tile's sticky out-of-contract flag (design.md §4.5): the design folder's testbench fails on it.
      progError: TILE_PORTS.programError,
      wordMsb: word - 1,
      programCount,
      programLast: Math.max(0, programCount - 1),
    });
  }
  return template(view);
}

/** `vectors.hex`: one line per input stream word (each vector's `in_act`, or its beats for the shell). */
export function vectorsHex(tile: TileInterface, vectors: readonly ArrayLike<number>[]): string {
  const lines: string[] = [];
  for (const x of vectors) {
    const hex = vectorHex(x, tile.params.actBits);
    if (tile.bus) lines.push(...splitBeats(hex, tile.bus.act, tile.bus.actBeats));
    else lines.push(hex);
  }
  return `${lines.join("\n")}\n`;
}

/** `expected.hex`: one line per output stream word, from each result's `out_sum` as hex text. */
export function outputsHex(tile: TileInterface, outSums: readonly string[]): string {
  const lines: string[] = [];
  for (const hex of outSums) {
    if (tile.bus) lines.push(...splitBeats(hex, tile.bus.sum, tile.bus.sumBeats));
    else lines.push(hex);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Simulates a design with Icarus Verilog (`iverilog -g2005`, `vvp`) from the generated plain-Verilog testbench,
 * which reads the program and the vectors with `$readmemh`: an independent check of the Verilator results.
 */
export async function runIcarus(run: IcarusRun): Promise<IcarusResult> {
  const t0 = performance.now();
  const { tile } = run;
  const programCount = run.program?.transfers.length ?? 0;
  const tb = renderTestbench(tile, programCount, run.vectors.length, run.drainCycles ?? 10_000);
  return withTempDir("icarus", async (dir) => {
    const sources = await writeFiles(dir, [...run.files, { name: "tb.v", text: tb }]);
    if (run.program) await writeFile(join(dir, "program.hex"), programImageToHex(run.program));
    await writeFile(join(dir, "vectors.hex"), vectorsHex(tile, run.vectors));
    const sim = await icarusSimulate(dir, sources, { top: TESTBENCH_TOP });
    if (/TIMEOUT/.test(sim.output)) throw new Error(`the Icarus testbench timed out:\n${sim.output}`);
    const text = await readFile(join(dir, "outputs.hex"), "utf8");
    const words = text
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => {
        if (!/^[0-9a-f]+$/i.test(l.trim())) throw new Error(`Icarus output holds unknown bits: ${l.slice(0, 80)}`);
        return l.trim();
      });
    const per = beatsOf(tile).output;
    const outputs: bigint[] = [];
    for (let k = 0; k + per <= words.length; k += per) outputs.push(BigInt(`0x${tile.bus ? joinBeats(words.slice(k, k + per), tile.bus.sum) : words[k]}`));
    return { outputs, testbench: tb, ms: performance.now() - t0, version: sim.version };
  });
}
