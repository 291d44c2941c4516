import { readFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import Handlebars from "handlebars";
import { vectorHex } from "../../hw/payloads.js";
import { portWidth, TILE_PORTS, type TileInterface } from "../../hw/tile-interface.js";
import type { VerilogFile } from "../../sim/index.js";
import { programImageToHex, type ProgramImage } from "../../sme/index.js";
import { icarusSimulate, withTempDir, writeFiles } from "../../tools/index.js";
import { templatesDir } from "../../util/paths.js";

let template: Handlebars.TemplateDelegate | undefined;

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
  /** Packed `out_sum` values in order. */
  readonly outputs: bigint[];
  readonly testbench: string;
  readonly ms: number;
  /** The version line of the Icarus Verilog that ran. */
  readonly version: string;
}

/** A testbench signal per tile port: inputs are registers (reset and the output side start high), outputs wires. */
function declaration(port: TileInterface["ports"][number]): string {
  const range = port.width > 1 ? `[${port.width - 1}:0] ` : "";
  if (port.direction === "output") return `wire ${range}${port.name};`;
  const high = port.name === TILE_PORTS.reset || port.name === TILE_PORTS.output.ready;
  return `reg ${range}${port.name} = ${high ? "1'b1" : port.width > 1 ? `${port.width}'d0` : "1'b0"};`;
}

/** Renders the plain Verilog-2005 testbench (templates/flow-tb.v.hbs) for a tile, port names from its interface. */
export function renderTestbench(tile: TileInterface, programCount: number, vectorCount: number, drainCycles: number): string {
  template ??= Handlebars.compile(readFileSync(join(templatesDir, "flow-tb.v.hbs"), "utf8"), { noEscape: true, strict: true });
  const P = TILE_PORTS;
  const programmable = tile.kind === "programmable";
  const view: Record<string, unknown> = {
    top: tile.name,
    tbName: "sme_flow_tb",
    programmable,
    clk: P.clock,
    rst: P.reset,
    inValid: P.input.valid,
    inReady: P.input.ready,
    inAct: P.input.data,
    outValid: P.output.valid,
    outReady: P.output.ready,
    outSum: P.output.data,
    declarations: tile.ports.map(declaration),
    actMsb: portWidth(tile, P.input.data) - 1,
    connections: tile.ports.map((p) => p.name),
    vectorCount,
    vectorLast: Math.max(0, vectorCount - 1),
    drainCycles,
  };
  if (programmable) {
    const word = P.program.data.reduce((w, name) => w + portWidth(tile, name), 0);
    Object.assign(view, {
      progValid: P.program.valid,
      progReady: P.program.ready,
      progFields: P.program.data.join(", "),
      wordMsb: word - 1,
      programCount,
      programLast: Math.max(0, programCount - 1),
    });
  }
  return template(view);
}

/**
 * Simulates a tile with Icarus Verilog (`iverilog -g2005`, `vvp`) from the generated plain-Verilog testbench,
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
    await writeFile(join(dir, "vectors.hex"), `${run.vectors.map((x) => vectorHex(x, tile.params.actBits)).join("\n")}\n`);
    const sim = await icarusSimulate(dir, sources, { top: "sme_flow_tb" });
    if (/TIMEOUT/.test(sim.output)) throw new Error(`the Icarus testbench timed out:\n${sim.output}`);
    const text = await readFile(join(dir, "outputs.hex"), "utf8");
    const outputs = text
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => {
        if (!/^[0-9a-f]+$/i.test(l.trim())) throw new Error(`Icarus output holds unknown bits: ${l.slice(0, 80)}`);
        return BigInt(`0x${l.trim()}`);
      });
    return { outputs, testbench: tb, ms: performance.now() - t0, version: sim.version };
  });
}
