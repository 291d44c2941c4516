/** The hardware DSL: describe hardware in TypeScript, emit checked, lint-clean Verilog-2005. */
export { bool, clog2, sint, uint, typeName, type HdlType } from "./types.js";
export { Expr, cat, lit, mux, rep, sumTree, type Operand } from "./expr.js";
export { Signal, Wire, Reg } from "./signal.js";
export {
  input,
  interleaved,
  output,
  type ConnectionsOf,
  type IoOf,
  type InstanceIoOf,
  type PortShapeOf,
  type PortSpec,
  type PortSpecs,
  type PortType,
} from "./ports.js";
export { vec, type Aggregate, type ElementType, type VecOptions, type VecType } from "./vec.js";
export { struct, StructType, type StructField, type StructView } from "./struct.js";
export {
  defineModule,
  Instance,
  Memory,
  ModuleBuilder,
  ModuleDef,
  SwitchChain,
  WhenChain,
  type InstanceOptions,
  type MemoryOptions,
  type ModuleBody,
  type RegNextOptions,
  type RegOptions,
  type WireOptions,
} from "./module.js";
export {
  emitVerilog,
  toSimDesign,
  writeVerilog,
  hierarchy,
  generatorVersion,
  type EmittedDesign,
  type EmittedModule,
  type HdlSimDesign,
  type SignalInfo,
} from "./emit.js";
export { HdlError, HdlErrorList } from "./errors.js";
export { defineFunction, type HdlFunction } from "./function.js";
export { PASSES, type Pass, type PassName } from "./passes/index.js";
export type { SourceLoc } from "./source-location.js";
export { connectStream, fire, flipPorts, stream, streamIn, streamOut, type StreamEnd, type StreamSink, type StreamSource } from "./stream.js";
export { canonicalParams, defineGenerator, moduleNameFor, type Generator, type GeneratorBody, type GeneratorParams, type ParamValue } from "./generator.js";
export { bundle, bundlePorts, connectBundle } from "./bundle.js";
