/** SME tile generators written in the DSL (design.md §3 and 4), and the host helpers that drive a simulated tile. */

export { adcArray } from "./adc.js";
export { type AxisGeometry, type AxisWidths, axisGeometry, axisPorts, axisShellModule, axisShellName, defaultAxisWidth } from "./axis-shell.js";
export {
  type AxisTileHardware,
  type BakedTileHardware,
  type BakedTilePorts,
  buildAxisShell,
  buildTile,
  declaredTilePorts,
  describeTile,
  type DesignHardware,
  type ProgrammableTileHardware,
  type ProgrammableTilePorts,
  planHash,
  type TileHardware,
  type TileSpec,
  tileDesignName,
} from "./build.js";
export { type ControllerParams, tileController } from "./controller.js";
export { bakedCrossbar, countWidth, drivePort, driveVec, programmableCrossbar, rowChunks, rowChunkVec, rowSelectPort } from "./crossbar.js";
export { type DacParams, type DacVariant, dacDriver, dacInputRows, digitWidth, groupWidth } from "./dac.js";
export {
  buildTileModel,
  type OpenTileOptions,
  openTile,
  type ProgrammableTileDut,
  programCycleBudget,
  programTile,
  programWhileBusy,
  type RawTransfer,
  type StreamVectorsOptions,
  startVectors,
  streamCycleBudget,
  streamVectors,
  type TileDut,
  tileSimDesign,
} from "./host.js";
export {
  joinBeats,
  packActivations,
  programPayloads,
  programWords,
  resultColumns,
  signedFieldsFromHex,
  splitBeats,
  type TransferList,
  unpackResults,
  unpackSigned,
  vectorHex,
} from "./payloads.js";
export { POPCOUNT_CHUNK, popcount, popcountLeaf } from "./popcount.js";
export { type BakedTileSpecs, type ProgrammableTileSpecs, programmingPorts, streamPorts } from "./ports.js";
export { type EntryField, type RowMapProbe, rowMapShifts, type TileProbes, tileProbes } from "./probes.js";
export { rowMapTable } from "./row-map.js";
export { type ShiftAddParams, shiftAdd } from "./shift-add.js";
export {
  AXIS_PORTS,
  type AxisBus,
  type PortRoles,
  portMeaning,
  portRoles,
  portWidth,
  TILE_PORTS,
  type TileInterface,
  type TileKind,
  tileInterface,
} from "./tile-interface.js";
