import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { applyProgramImage, makeTileParams, programImageFromJson, type MappingPlan, type ProgramImage, type ProgramImageJson, type TileParams } from "../sme/index.js";
import type { SimDesign } from "../sim/index.js";
import { UserError } from "../util/errors.js";
import { parseManifest, type ManifestRead } from "./manifest.js";

/** A generated design read back from its folder (`sme verify --design DIR`). */
export interface DesignFolder {
  readonly dir: string;
  readonly manifest: ManifestRead;
  readonly params: TileParams;
  readonly design: SimDesign;
  /** Absolute paths of the Verilog files, in manifest order. */
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
  const verilogNames = manifest.files.map((f) => f.name).filter((n) => n.endsWith(".v"));
  if (verilogNames.length === 0) throw new UserError(`${join(dir, "manifest.json")} lists no Verilog files`);
  const files = await Promise.all(verilogNames.map(async (name) => ({ name, text: await readText(join(dir, name), "Verilog file") })));
  const design: SimDesign = {
    top: manifest.top,
    files,
    ports: manifest.ports.map((p) => ({ name: p.name, direction: p.direction, width: p.width, signed: p.signed })),
  };
  const imageFile = manifest.kind === "programmable" ? "program.json" : "baked-image.json";
  const image = programImageFromJson((await readJson(join(dir, imageFile), "image")) as ProgramImageJson);
  const { rows, cols, weightBits, window, actBits, dacBits, ouRows, adcBits, mode, squeeze } = manifest.params;
  const params = makeTileParams({ rows, cols, weightBits, window, actBits, dacBits, ouRows, adcBits, mode, squeeze });
  return { dir, manifest, params, design, verilogPaths: verilogNames.map((n) => join(dir, n)), image, plan: applyProgramImage(image) };
}
