/** The simulation bridge: Verilator builds, the driver protocol and the cocotb-style DUT handle. */
export type { PortDirection, PortInfo, PortShape, SimDesign, VerilogFile } from "./design.js";
export { simulate, closeAllSimulations, simulatorPid, measureRawStreamLoop, writeCoverage, wavesFromEnvironment, type SimulateOptions } from "./simulate.js";
export type {
  BatchRequest,
  Clock,
  Dut,
  DutControl,
  EdgeSample,
  InputName,
  InputPort,
  PortName,
  OutputPort,
  PortHandles,
  ResetOptions,
  StreamFormat,
  StreamRequest,
  StreamResult,
  StreamRun,
  StreamValue,
} from "./dut.js";
export type { Task } from "./scheduler.js";
export type { CyclePattern } from "./simulator.js";
export { buildSimulator, type BuildOptions, type BuiltSimulator } from "./build.js";
export type { CoverageKind, InternalSignal, WaveFormat } from "./driver-source.js";
export { SimError, SimTimeoutError, SimCrashError, SimulatorNotFoundError, SimBuildError } from "./errors.js";
export { liveProcessCount } from "./process-registry.js";
export { rising } from "./rising.js";
export { StreamDriver, StreamMonitor, Scoreboard, describeDiff, type StreamDriverPorts, type StreamMonitorPorts, type ScoreboardOptions } from "./stream.js";
export { patternSource } from "./pattern.js";
export { packFields, unpackFields } from "./fields.js";
