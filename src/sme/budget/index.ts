/** The budget mapping mode: per-group squeeze-min depths under an SQNR target, packed remap-style. */
export * from "./options.js";
export * from "./permute.js";
export * from "./plan.js";
export * from "./tables.js";
export * from "./solver.js";
export * from "./analyze.js";
