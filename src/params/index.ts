/** The parameter registry and everything derived from it; see docs/params.md. */
export * from "./modes.js";
export * from "./registry.js";
export * from "./values.js";
export * from "./parse.js";
export * from "./grid.js";
export * from "./nearest.js";
export * from "./config-file.js";
export * from "./load.js";
export * from "./tile.js";
export * from "./reference.js";
