/** SME tile generators written in the DSL (design.md §3 and 4), and the host helpers that drive a simulated tile. */
export { buildTile, declaredTilePorts, describeTile, planHash, tileDesignName, type BakedTileHardware, type BakedTilePorts, type ProgrammableTileHardware, type ProgrammableTilePorts, type TileHardware, type TileSpec } from "./build.js";
export {
  buildTileModel,
  openTile,
  programCycleBudget,
  programTile,
  programWhileBusy,
  startVectors,
  streamCycleBudget,
  streamVectors,
  tileSimDesign,
  type OpenTileOptions,
  type ProgrammableTileDut,
  type RawTransfer,
  type StreamVectorsOptions,
  type TileDut,
} from "./host.js";
export { packActivations, programPayloads, type TransferList, resultColumns, signedFieldsFromHex, unpackResults, unpackSigned, vectorHex } from "./payloads.js";
export { rowMapShifts, tileProbes, type EntryField, type RowMapProbe, type TileProbes } from "./probes.js";
export { portMeaning, portWidth, TILE_PORTS, tileInterface, type TileInterface, type TileKind } from "./tile-interface.js";
export { popcount, popcountLeaf, POPCOUNT_CHUNK } from "./popcount.js";
export { programmableCrossbar, bakedCrossbar, countWidth, drivePort, driveVec, rowChunks, rowChunkVec, rowSelectPort } from "./crossbar.js";
export { adcArray } from "./adc.js";
export { dacDriver, dacInputRows, digitWidth, groupWidth, type DacParams, type DacVariant } from "./dac.js";
export { rowMapTable } from "./row-map.js";
export { shiftAdd, type ShiftAddParams } from "./shift-add.js";
export { tileController, type ControllerParams } from "./controller.js";
export { streamPorts, programmingPorts, type BakedTileSpecs, type ProgrammableTileSpecs } from "./ports.js";
