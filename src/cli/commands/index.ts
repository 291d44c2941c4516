import type { Command } from "commander";

/** Each subcommand registers itself on the root program. */
export type RegisterCommand = (program: Command) => void;

/**
 * Subcommands by name, each loaded only when needed: the plotting and simulation stacks take about a second
 * to import, which `sme analyze` or `sme generate` should not pay.
 */
export const commandLoaders: Readonly<Record<string, () => Promise<RegisterCommand>>> = {
  generate: async () => (await import("./generate.js")).registerGenerate,
  verify: async () => (await import("./verify.js")).registerVerify,
  demo: async () => (await import("./demo.js")).registerDemo,
  synth: async () => (await import("./synth.js")).registerSynth,
  analyze: async () => (await import("./analyze.js")).registerAnalyze,
  accuracy: async () => (await import("./accuracy.js")).registerAccuracy,
  sweep: async () => (await import("./sweep.js")).registerSweep,
  report: async () => (await import("./report.js")).registerReport,
  examples: async () => (await import("./examples.js")).registerExamples,
};
