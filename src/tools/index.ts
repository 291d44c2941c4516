/**
 * The external tools (Verilator, Icarus Verilog, Yosys): command resolution (`SME_VERILATOR`, `SME_IVERILOG`,
 * `SME_YOSYS`), versions, temporary folders and the runs the project makes. A missing or failing tool is
 * always an error, never an empty result.
 */
export { parentTool, TOOLS, toolCommand, verilatorCoverageCommand, vvpCommand, type CompanionName, type ToolInfo, type ToolName } from "./commands.js";
export { ToolFailedError, ToolNotFoundError } from "./errors.js";
export { runTool, toolVersion, type RunOptions, type ToolRun } from "./run.js";
export { withTempDir, writeFiles, type TextFile } from "./temp-dir.js";
export { verilatorLint, verilatorLintPaths, type LintReport } from "./verilator.js";
export { coverageToLcov, mergeCoverage } from "./verilator-coverage.js";
export { icarusSimulate, iverilogCompile, type CompileReport, type IcarusSimulation } from "./iverilog.js";
export { parseStat, yosysCellCount, yosysCheck, type CellCount, type StructuralCheck } from "./yosys.js";
