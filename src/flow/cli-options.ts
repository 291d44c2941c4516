import type { Command } from "commander";
import { defaultJobs, MAX_JOBS } from "./config.js";

/** The shared tile and design flags of design.md §5, with their defaults in the help text. */
export function addTileOptions(cmd: Command): Command {
  return cmd
    .option("--rows <R>", "crossbar rows R (default 128)")
    .option("--cols <C>", "crossbar columns C (default 128)")
    .option("--weight-bits <N>", "weight magnitude bits N (default 8)")
    .option("--window <S>", "SME window S, 1..N (default 3)")
    .option("--act-bits <A>", "activation bits A (default 8)")
    .option("--dac-bits <bits>", "DAC bits per input cycle (default 1)")
    .option("--ou-rows <rows>", "rows activated together, must divide R (default R)")
    .option("--adc-bits <bits>", "ADC bits (default lossless)")
    .option("--mode <mode>", "dense, bitslice, squeeze, squeeze-min or remap (default squeeze-min)")
    .option("--squeeze <D>", "D of the squeeze modes, 1..N-1 (default 2)")
    .option("--kind <kind>", "programmable or baked (default programmable)")
    .option("--scale <scale>", "weight scale: layer, channel or pow2 (default layer)")
    .option("--config <file>", "JSON or YAML file with the same keys in camelCase (flags win)")
    .option("--out <dir>", "design folder (default rtl-out/<design-name>)")
    .option("--seed <n>", "seed of the synthetic weights and the random vectors (default 1)")
    .option("--json", "print only JSON on stdout");
}

/** Where the weights come from (`generate`, `verify`). */
export function addWeightsOptions(cmd: Command): Command {
  return cmd
    .option("--weights <file>", "TF.js model.json / *-weights_manifest.json, or an .npy matrix")
    .option("--layer <name>", "which kernel of the model (its first tile unless --tile)")
    .option("--tile <row,col>", "which R x C tile of the kernel, e.g. 0,1 (default 0,0)")
    .option("--synthetic", "a seeded random matrix (the default)");
}

/** Vector count and simulator processes (`verify`, `demo`). */
export function addVerifyOptions(cmd: Command, defaultVectors: number): Command {
  return cmd
    .option("--vectors <n>", `random activation vectors (a quarter as many layer-like and 5 corner vectors are added; default ${defaultVectors})`)
    .option("--jobs <n>", `simulator processes to shard the vectors over, 1..${MAX_JOBS} (default: as many as fit the cores beside the host threads driving them, ${defaultJobs()} here)`);
}
