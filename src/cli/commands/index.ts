import type { Command } from "commander";
import { registerAnalyze } from "./analyze.js";
import { registerDemo } from "./demo.js";
import { registerExamples } from "./examples.js";
import { registerGenerate } from "./generate.js";
import { registerReport } from "./report.js";
import { registerSweep } from "./sweep.js";
import { registerVerify } from "./verify.js";

/** Each subcommand registers itself on the root program; add new ones to this list. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [registerGenerate, registerVerify, registerDemo, registerAnalyze, registerSweep, registerReport, registerExamples];
