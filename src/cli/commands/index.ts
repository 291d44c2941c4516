import type { Command } from "commander";

/** Each subcommand registers itself on the root program; add new ones to this list. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [];
