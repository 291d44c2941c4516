import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { TileInterface } from "../../hw/tile-interface.js";
import type { VerilogFile } from "../../sim/index.js";
import { applyProgramImage, type MappingPlan, makeTileParams, type ProgramImage, type ProgramImageJson, programImageFromJson } from "../../sme/index.js";
import { UserError } from "../../util/errors.js";
import { type ManifestRead, parseManifest } from "./manifest.js";

/** A generated design read back from its folder (`sme verify --design DIR`). */
export interface DesignFolder {
  readonly dir: string;
  readonly manifest: ManifestRead;
  /** The tile as the manifest describes it. */
  readonly tile: TileInterface;
  /** The Verilog files as read, in manifest order. */
  readonly files: readonly VerilogFile[];
  /** Absolute paths of the same files. */
  readonly verilogPaths: readonly string[];
  /** The programming image (programmable) or the baked constants in image form (baked). */
  readonly image: ProgramImage;
  /** What the tile holds once the image is applied: the golden model's plan. */
  readonly plan: MappingPlan;
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${what} ${path} ${code === "ENOENT" ? "does not exist" : `cannot be read (${code})`}; is this a folder written by sme generate?`);
  }
}

async function readJson(path: string, what: string): Promise<unknown> {
  const text = await readText(path, what);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UserError(`${what} ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

export async function loadDesignFolder(dirArg: string): Promise<DesignFolder> {
  const dir = resolve(dirArg);
  const manifest = parseManifest(await readJson(join(dir, "manifest.json"), "design manifest"), join(dir, "manifest.json"));
  // The design's own Verilog: the testbench in tb/ is not part of it.
  const verilogNames = manifest.files.map((f) => f.name).filter((n) => n.endsWith(".v") && !n.startsWith("tb/"));
  if (verilogNames.length === 0) throw new UserError(`${join(dir, "manifest.json")} lists no Verilog files`);
  const files = await Promise.all(verilogNames.map(async (name) => ({ name, text: await readText(join(dir, name), "Verilog file") })));
  const imageFile = manifest.kind === "programmable" ? "program.json" : "baked-image.json";
  const image = programImageFromJson((await readJson(join(dir, imageFile), "image")) as ProgramImageJson);
  const { rows, cols, weightBits, window, actBits, dacBits, ouRows, adcBits, mode, squeeze } = manifest.params;
  const tile: TileInterface = {
    name: manifest.top,
    kind: manifest.kind,
    params: makeTileParams({ rows, cols, weightBits, window, actBits, dacBits, ouRows, adcBits, mode, squeeze }),
    ports: manifest.ports.map((p) => ({ name: p.name, direction: p.direction, width: p.width, signed: p.signed })),
    outputWidth: manifest.outputWidth,
    slots: manifest.slots,
    digits: manifest.timing.digits,
    cyclesPerVector: manifest.timing.cyclesPerVector,
    latency: manifest.timing.latency,
    layout: manifest.kind === "programmable" ? image.layout : null,
    ...(manifest.bus ? { bus: manifest.bus } : {}),
  };
  return { dir, manifest, tile, files, verilogPaths: verilogNames.map((n) => join(dir, n)), image, plan: applyProgramImage(image) };
}
