import type { Command } from "commander";
import { registerAnalyze } from "./analyze.js";
import { registerReport } from "./report.js";
import { registerSweep } from "./sweep.js";

/** Each subcommand registers itself on the root program; add new ones to this list. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [registerAnalyze, registerSweep, registerReport];
