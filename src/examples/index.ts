/** The example designs, as the `sme examples` command and the tests emit them. */
import type { ModuleDef, PortSpecs } from "../hdl/index.js";
import { Counter } from "./counter.js";
import { fifo } from "./fifo.js";
import { twoStagePipeline } from "./pipeline.js";
import { popcount } from "./popcount.js";
import { regFile } from "./regfile.js";

export { Counter, fifo, popcount, regFile, twoStagePipeline };

/** Every example top module with default parameters. */
export function exampleDesigns(): ModuleDef<PortSpecs>[] {
  return [Counter, popcount({ width: 16 }), fifo({ depth: 4, width: 8 }), regFile({ words: 8, width: 16 }), twoStagePipeline({ width: 8 })];
}
