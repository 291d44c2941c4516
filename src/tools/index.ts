/**
 * The external tools (Verilator, Icarus Verilog, Yosys, nextpnr-ice40, FuseSoC): command resolution (`SME_VERILATOR`,
 * `SME_IVERILOG`, `SME_YOSYS`, `SME_NEXTPNR_ICE40`, `SME_FUSESOC`), versions, temporary folders and the runs the project makes. A missing or failing tool is
 * always an error, never an empty result.
 */
export { TOOLS, type ToolInfo, type ToolName, toolCommand, vvpCommand } from "./commands.js";
export { ToolFailedError, ToolNotFoundError } from "./errors.js";
export { fusesoc } from "./fusesoc.js";
export { type CompileReport, type IcarusSimulation, icarusSimulate, iverilogCompile } from "./iverilog.js";
export { nextpnrIce40, type PlaceAndRoute } from "./nextpnr.js";
export { type RunOptions, runTool, type ToolRun, toolVersion } from "./run.js";
export { type TextFile, withTempDir, writeFiles } from "./temp-dir.js";
export { type LintReport, verilatorLint, verilatorLintPaths } from "./verilator.js";
export { type CellCount, type FpgaTarget, parseStat, type StructuralCheck, type SynthRun, yosysCellCount, yosysCheck, yosysSynth } from "./yosys.js";
