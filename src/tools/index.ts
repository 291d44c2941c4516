/**
 * The external tools (Verilator, Icarus Verilog, Yosys, nextpnr-ice40, FuseSoC): command resolution (`SME_VERILATOR`,
 * `SME_IVERILOG`, `SME_YOSYS`, `SME_NEXTPNR_ICE40`, `SME_FUSESOC`), versions, temporary folders and the runs the project makes. A missing or failing tool is
 * always an error, never an empty result.
 */
export { parentTool, TOOLS, toolCommand, verilatorCoverageCommand, vvpCommand, type CompanionName, type ToolInfo, type ToolName } from "./commands.js";
export { ToolFailedError, ToolNotFoundError } from "./errors.js";
export { fusesoc } from "./fusesoc.js";
export { icarusSimulate, iverilogCompile, type CompileReport, type IcarusSimulation } from "./iverilog.js";
export { nextpnrIce40, type PlaceAndRoute } from "./nextpnr.js";
export { runTool, toolVersion, type RunOptions, type ToolRun } from "./run.js";
export { withTempDir, writeFiles, type TextFile } from "./temp-dir.js";
export { verilatorLint, verilatorLintPaths, type LintReport } from "./verilator.js";
export { coverageToLcov, mergeCoverage } from "./verilator-coverage.js";
export { parseStat, yosysCellCount, yosysCheck, yosysSynth, type CellCount, type FpgaTarget, type StructuralCheck, type SynthRun } from "./yosys.js";
