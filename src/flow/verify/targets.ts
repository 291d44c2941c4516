import { join } from "node:path";
import { tileInterface } from "../../hw/tile-interface.js";
import type { DesignFolder } from "../generate/design-folder.js";
import type { GeneratedDesign } from "../generate/generate.js";
import type { VerifyTarget } from "./verify.js";

/** A freshly generated (and written) design; the golden model runs the plan mapped from the weights. */
export function targetFromGenerated(g: GeneratedDesign): VerifyTarget {
  const files = g.tile.design.files;
  return {
    name: g.name,
    tile: tileInterface(g.tile),
    files,
    verilogPaths: files.map((f) => join(g.dir, f.name)),
    program: g.tile.kind === "programmable" ? g.image : null,
    plan: g.plan,
  };
}

/** A design folder read back; the golden model runs what its image loads into the tile. */
export function targetFromFolder(f: DesignFolder): VerifyTarget {
  return {
    name: f.manifest.name,
    tile: f.tile,
    files: f.files,
    verilogPaths: f.verilogPaths,
    program: f.tile.kind === "programmable" ? f.image : null,
    plan: f.plan,
  };
}
