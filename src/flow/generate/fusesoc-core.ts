/**
 * The design folder as a FuseSoC core (`<design-name>.core`, CAPI2): the RTL, the self-checking testbench with
 * its data files, and targets to lint, simulate (Icarus Verilog or Verilator) and synthesize (Yosys) it.
 */
import { stringify } from "yaml";
import { CAPI2_HEADER, type Capi2Core, capi2Core } from "./capi2.js";

export interface CoreInputs {
  /** The design name (the VLNV's name part). */
  readonly name: string;
  /** The generator version (the VLNV's version part). */
  readonly version: string;
  /** The design's top module. */
  readonly top: string;
  readonly description: string;
  /** The RTL files, top last. */
  readonly rtl: readonly string[];
  /** The testbench's Verilog file and top module. */
  readonly testbench: { readonly file: string; readonly top: string; readonly drainCycles: number };
  /** Data files the testbench reads with `$readmemh`, by the name it opens them with. */
  readonly data: readonly { readonly file: string; readonly as: string }[];
}

/** `sme-rtl:tile:<design-name>:<generator version>`. */
export function coreVlnv(name: string, version: string): string {
  return `sme-rtl:tile:${name}:${version}`;
}

export function coreFileName(name: string): string {
  return `${name}.core`;
}

/** The core as data, checked against the CAPI2 schema (an invalid core is a generator bug, not bad input). */
export function fusesocCore(c: CoreInputs): Capi2Core {
  const core = {
    name: coreVlnv(c.name, c.version),
    description: c.description,
    filesets: {
      rtl: { file_type: "verilogSource", files: [...c.rtl] },
      tb: {
        files: [
          { [c.testbench.file]: { file_type: "verilogSource" } },
          // The testbench opens its data files by bare name in the simulator's working folder.
          ...c.data.map((d) => ({ [d.file]: { file_type: "user", copyto: d.as } })),
        ],
      },
    },
    parameters: {
      DRAIN_CYCLES: {
        datatype: "int" as const,
        paramtype: "vlogparam" as const,
        default: c.testbench.drainCycles,
        description: "cycles the testbench waits for the last results after the last input",
      },
    },
    targets: {
      default: { filesets: ["rtl"], toplevel: c.top },
      lint: {
        description: "verilator --lint-only -Wall over the RTL",
        default_tool: "verilator",
        filesets: ["rtl"],
        toplevel: c.top,
        tools: { verilator: { mode: "lint-only", verilator_options: ["-Wall"] } },
      },
      sim: {
        description: "program the design, stream the test vectors and compare every output with the golden model's (PASS, or a non-zero exit)",
        default_tool: "icarus",
        filesets: ["rtl", "tb"],
        toplevel: c.testbench.top,
        parameters: ["DRAIN_CYCLES"],
        tools: {
          icarus: { iverilog_options: ["-g2005"] },
          verilator: { mode: "binary", verilator_options: ["--timing", "-Wno-fatal", "-Wno-lint", "-Wno-style"] },
        },
      },
      synth: {
        description: "Yosys synth_ice40 to a JSON netlist (sme synth runs Yosys and nextpnr-ice40 with resource and Fmax figures)",
        default_tool: "yosys",
        filesets: ["rtl"],
        toplevel: c.top,
        tools: { yosys: { arch: "ice40", output_format: "json" } },
      },
    },
  };
  return capi2Core.parse(core);
}

/** The `.core` file text: the `CAPI=2:` line, then the core as YAML. */
export function renderFusesocCore(c: CoreInputs): string {
  return `${CAPI2_HEADER}\n${stringify(fusesocCore(c), { lineWidth: 0 })}`;
}
