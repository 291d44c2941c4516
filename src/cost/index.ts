export { estimateCost, addEstimates, adcScale, dacScale, readTimeNs } from "./estimate.js";
export type { CostEstimate, MappedWorkload, Breakdown } from "./estimate.js";
export { costPresets, smePreset, isaacPreset } from "./presets.js";
export { loadCostTable, parseCostTable } from "./load-table.js";
export { componentTableSchema, componentNames } from "./table.js";
export type { ComponentTable, ComponentName, Component } from "./table.js";
