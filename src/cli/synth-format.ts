import Table from "cli-table3";
import type { SynthFigures } from "../flow/synth/synth.js";

const int = (x: number): string => Math.round(x).toLocaleString("en-US");

/** Human-readable result of `sme synth`: the resources by kind, the fit and Fmax, and where the time went. */
export function formatSynth(f: SynthFigures): string {
  const generic = f.target === "generic";
  const t = new Table({
    head: ["design", "target", generic ? "gates" : "LUTs", "FFs", "carry", "BRAM", "DSP", "other", "I/O bits", "Fmax"],
    style: { head: [], border: [] },
  });
  const r = f.resources;
  t.push([
    f.design,
    f.device ? `${f.target} ${f.device}` : f.target,
    int(r.luts),
    int(r.ffs),
    int(r.carry),
    int(r.bram),
    int(r.dsp),
    int(r.other),
    int(f.ioBits),
    f.fmaxMhz === null ? "-" : `${f.fmaxMhz.toFixed(1)} MHz`,
  ]);
  const lines = [t.toString()];
  if (f.utilization?.ICESTORM_LC) lines.push(`logic cells: ${int(f.utilization.ICESTORM_LC.used)} of ${int(f.utilization.ICESTORM_LC.available)}`);
  if (f.note) lines.push(f.note);
  lines.push(
    `time: ${f.synthSeconds} s synthesis${f.placeSeconds === null ? "" : `, ${f.placeSeconds} s place and route`} (${f.tools.yosys}${f.tools.nextpnr ? `; ${f.tools.nextpnr}` : ""})`,
  );
  return `${lines.join("\n")}\n`;
}
