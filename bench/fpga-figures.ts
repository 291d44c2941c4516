/**
 * FPGA figures of generated tiles: iCE40 (hx8k) and Xilinx 7-series resources, and the iCE40 Fmax after place
 * and route where the design fits, for R x R tiles in every mapping mode, each in its AXI4-Stream shell (32-bit
 * beats: the bare tile's buses need more pins than an iCE40 has); at the largest size also the bare tile in the
 * default mode, for the shell's overhead, and at every size the shell alone around its tile as a black box
 * (`--buses shell`: seconds, where the whole tile takes minutes). Baked tiles by default (the weights of seed 1 as constants, as
 * `sme sweep --rtl --target` synthesizes them); `--kind programmable` for tiles that take their weights at run
 * time. One synthesis at a time; CPU-heavy, so not part of `npm run bench`. Resumable: finished runs are read
 * back from the results file.
 *
 *   nice -n 10 npx tsx bench/fpga-figures.ts [--sizes 8,16,32] [--modes dense,...] [--kind baked|programmable]
 *     [--buses shell,axis,bare] [--targets ice40,xilinx] [--budget 900] [--out out/fpga-figures.jsonl] [--report]
 *
 * `--report` prints the table from the results file without synthesizing anything.
 */
import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { resolveFlowConfig } from "../src/flow/config.js";
import { generateDesign } from "../src/flow/generate/generate.js";
import { type FpgaResources, fpgaResources } from "../src/flow/synth/resources.js";
import { ice40Misfit, type SynthFigures, synthesize } from "../src/flow/synth/synth.js";
import { tileInterface } from "../src/hw/index.js";
import { type DesignKind, ICE40_DEVICES, MAPPING_MODES, type MappingMode } from "../src/params/index.js";
import { yosysSynth } from "../src/tools/index.js";

const arg = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};
const sizes = arg("--sizes", "8,16,32").split(",").map(Number);
const modes = arg("--modes", MAPPING_MODES.join(",")).split(",") as MappingMode[];
const kind = arg("--kind", "baked") as DesignKind;
const buses = arg("--buses", "shell,axis,bare").split(",");
const targets = arg("--targets", "ice40,xilinx").split(",");
const reportOnly = process.argv.includes("--report");
const budgetS = Number(arg("--budget", "900"));
const out = resolve(arg("--out", "out/fpga-figures.jsonl"));

interface Run {
  readonly key: string;
  readonly size: number;
  readonly mode: MappingMode;
  readonly kind: DesignKind;
  /** `shell`: the AXI4-Stream shell alone, its tile a black box. */
  readonly bus: "axis" | "bare" | "shell";
  readonly target: "ice40" | "xilinx";
}

const runs: Run[] = [];
for (const size of sizes) {
  for (const target of ["ice40", "xilinx"] as const)
    runs.push({ key: `${size}/squeeze-min/${kind}/shell/${target}`, size, mode: "squeeze-min", kind, bus: "shell", target });
  for (const target of ["ice40", "xilinx"] as const) {
    for (const mode of modes) runs.push({ key: `${size}/${mode}/${kind}/axis/${target}`, size, mode, kind, bus: "axis", target });
    if (size === Math.max(...sizes) || reportOnly)
      runs.push({ key: `${size}/squeeze-min/${kind}/bare/${target}`, size, mode: "squeeze-min", kind, bus: "bare", target });
  }
}

type Line = Run & { readonly figures?: SynthFigures; readonly shell?: FpgaResources; readonly error?: string; readonly wallS: number };

const done = new Map<string, Line>();
for (const line of (await readFile(out, "utf8").catch(() => "")).split("\n").filter(Boolean)) {
  const l = JSON.parse(line) as Line;
  done.set(l.key, l);
}
await mkdir(dirname(out), { recursive: true });

for (const run of reportOnly ? [] : runs.filter((r) => buses.includes(r.bus) && targets.includes(r.target))) {
  if (done.has(run.key)) continue;
  const t0 = performance.now();
  let line: Line;
  try {
    const g = await generateDesign(
      resolveFlowConfig({ rows: run.size, cols: run.size, mode: run.mode, kind: run.kind, bus: run.bus === "bare" ? "bare" : "axis", seed: 1 }),
    );
    const top = tileInterface(g.tile).name;
    const files = g.tile.design.files;
    if (run.bus === "shell") {
      if (!files.some((f) => f.name === `${top}.v`)) throw new Error(`the shell ${top} is not in ${top}.v`);
      const boxes = files.map((f) => f.name).filter((n) => n !== `${top}.v`);
      const synth = await yosysSynth(files, top, run.target, { timeoutMs: budgetS * 1000, blackBoxes: boxes });
      line = { ...run, shell: fpgaResources(run.target, synth.byType), wallS: (performance.now() - t0) / 1000 };
    } else {
      const figures = await synthesize({ name: g.name, tile: tileInterface(g.tile), files }, { target: run.target, device: "hx8k", budgetS });
      line = { ...run, figures, wallS: (performance.now() - t0) / 1000 };
    }
  } catch (err) {
    line = { ...run, error: (err as Error).message.split("\n")[0]!, wallS: (performance.now() - t0) / 1000 };
  }
  done.set(run.key, line);
  await appendFile(out, `${JSON.stringify(line)}\n`);
  const f = line.figures;
  if (line.shell) process.stderr.write(`${run.key}: ${line.shell.luts} LUTs, ${line.shell.ffs} FFs (${line.wallS.toFixed(0)} s)\n`);
  else
    process.stderr.write(
      `${run.key}: ${f ? `${f.resources.luts} LUTs, ${f.resources.ffs} FFs, ${f.fmaxMhz === null ? (f.note ?? "") : `${f.fmaxMhz.toFixed(1)} MHz`}` : line.error} (${line.wallS.toFixed(0)} s)\n`,
    );
}

// The table docs/ip.md quotes.
const cell = (l: Line | undefined): string => {
  if (!l) return "not run";
  if (!l.figures) return l.error ?? "";
  const r = l.figures.resources;
  return `${r.luts} / ${r.ffs} / ${r.carry}${r.bram || r.dsp ? ` / ${r.bram} BRAM / ${r.dsp} DSP` : ""}`;
};
// The iCE40 devices the design fits by logic cells, RAM, DSP and pins: the check sme synth makes before placing,
// with the logic cells nextpnr used on the hx8k where it placed the design (packing needs more cells than the
// largest of LUTs, flip-flops and carries, the estimate before placement).
const fitsOn = (l: Line | undefined): string => {
  const f = l?.figures;
  if (!f) return "";
  const r = { ...f.resources, luts: Math.max(f.resources.luts, f.utilization?.ICESTORM_LC?.used ?? 0) };
  return ICE40_DEVICES.filter((d) => ice40Misfit(d, r, f.ioBits) === null).join(", ") || "none";
};
console.log("| tile | mode | iCE40 LUTs / FFs / carry | iCE40 hx8k: placed and routed, Fmax | fits (cells, pins) | Xilinx LUTs / FFs / CARRY4 |");
console.log("|---|---|---|---|---|---|");
for (const run of runs.filter((r) => r.target === "ice40" && r.bus !== "shell")) {
  const ice = done.get(run.key);
  const xil = done.get(run.key.replace(/ice40$/, "xilinx"));
  const fit = ice?.figures
    ? ice.figures.fmaxMhz !== null
      ? `${ice.figures.fmaxMhz.toFixed(1)} MHz (${ice.figures.utilization?.ICESTORM_LC?.used} LCs)`
      : (ice.figures.note ?? "")
    : "";
  console.log(`| ${run.size}x${run.size}${run.bus === "bare" ? " bare" : ""} | ${run.mode} | ${cell(ice)} | ${fit} | ${fitsOn(ice)} | ${cell(xil)} |`);
}

// The shell's overhead: the same tile with and without its AXI4-Stream shell.
for (const size of sizes) {
  for (const target of ["ice40", "xilinx"] as const) {
    const shell = done.get(`${size}/squeeze-min/${kind}/axis/${target}`)?.figures?.resources;
    const bare = done.get(`${size}/squeeze-min/${kind}/bare/${target}`)?.figures?.resources;
    if (shell && bare) {
      console.log(
        `Tile in its AXI4-Stream shell against the bare tile at ${size}x${size} squeeze-min ${kind}, ${target}: ${shell.luts - bare.luts} LUTs (${bare.luts} -> ${shell.luts}, ${((100 * (shell.luts - bare.luts)) / bare.luts).toFixed(1)} %), ${shell.ffs - bare.ffs} FFs`,
      );
    }
  }
}

// The shell alone (the tile a black box): its own LUTs and flip-flops at each size.
for (const size of sizes) {
  const parts = (["ice40", "xilinx"] as const).map((target) => {
    const r = done.get(`${size}/squeeze-min/${kind}/shell/${target}`)?.shell;
    return r ? `${target} ${r.luts} LUTs, ${r.ffs} FFs` : `${target} not run`;
  });
  console.log(`AXI4-Stream shell alone (32-bit beats) at ${size}x${size} squeeze-min ${kind}: ${parts.join("; ")}`);
}
