import { outputWidth } from "../sme/index.js";
import type { DesignFolder } from "./design-folder.js";
import type { GeneratedDesign } from "./generate.js";
import type { VerifyTarget } from "./verify.js";
import { join } from "node:path";

/** A freshly generated (and written) design; the golden model runs the plan mapped from the weights. */
export function targetFromGenerated(g: GeneratedDesign): VerifyTarget {
  return {
    name: g.name,
    design: g.tile.design,
    verilogPaths: g.tile.files.map((f) => join(g.dir, f.name)),
    params: g.config.params,
    outputWidth: outputWidth(g.config.params),
    program: g.config.kind === "programmable" ? g.image : null,
    plan: g.plan,
    cyclesPerVector: g.tile.cyclesPerVector,
    latency: g.tile.latency,
  };
}

/** A design folder read back; the golden model runs what its image loads into the tile. */
export function targetFromFolder(f: DesignFolder): VerifyTarget {
  return {
    name: f.manifest.name,
    design: f.design,
    verilogPaths: f.verilogPaths,
    params: f.params,
    outputWidth: f.manifest.outputWidth,
    program: f.manifest.kind === "programmable" ? f.image : null,
    plan: f.plan,
    cyclesPerVector: f.manifest.timing.cyclesPerVector,
    latency: f.manifest.timing.latency,
  };
}
