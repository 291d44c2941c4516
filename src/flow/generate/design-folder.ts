import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { describeAxisTile, describeTile } from "../../hw/build.js";
import type { TileInterface } from "../../hw/tile-interface.js";
import { makeTileParams, type TileParamsInput } from "../../params/index.js";
import { applyProgramImage, type MappingPlan, type ProgramImage, type TileParams } from "../../sme/index.js";
import type { VerilogFile } from "../../sim/index.js";
import { isUserError, UserError } from "../../util/errors.js";
import { sha256 } from "../../util/output-folder.js";
import { checkHexAgrees, checkImageStructure, checkManifestAgrees, checkRtlPorts, parseImageJson } from "./design-check.js";
import { parseManifest, type ManifestRead } from "./manifest.js";

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
  /** Files whose content differs from what `sme generate` wrote (by the hashes in the manifest). */
  readonly edited: readonly string[];
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${what} ${path} ${code === "ENOENT" ? "does not exist" : `cannot be read (${code})`}; is this a folder written by sme generate?`);
  }
}

function parseJsonText(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UserError(
      `${path} is not valid JSON (${(err as Error).message.split("\n")[0]}): it is truncated or edited; regenerate the folder with sme generate`,
    );
  }
}

async function readJson(path: string, what: string): Promise<unknown> {
  return parseJsonText(await readText(path, what), path);
}

/** The SHA-256 of a file's text as read (the manifest records what `sme generate` wrote). */
const textHash = (text: string): string => sha256(text);

/**
 * Reads a design folder back and checks it before anything is simulated (see `design-check.ts`): the manifest
 * against its parameters, the RTL's ports against both, the programming image (and `program.hex`) against
 * itself and the manifest. Files changed since `sme generate` wrote them are listed in `edited`.
 */
export async function loadDesignFolder(dirArg: string): Promise<DesignFolder> {
  const dir = resolve(dirArg);
  if (!existsSync(dir)) throw new UserError(`design folder ${dir} does not exist; give a folder written by sme generate to --design`);
  if (!statSync(dir).isDirectory()) throw new UserError(`--design ${dir} is a file; give the folder sme generate wrote`);
  const manifestPath = join(dir, "manifest.json");
  const manifest = parseManifest(await readJson(manifestPath, "design manifest"), manifestPath);
  let params: TileParams;
  try {
    params = makeTileParams(manifest.params as TileParamsInput);
  } catch (err) {
    if (!isUserError(err)) throw err;
    throw new UserError(`${manifestPath}: params: ${err.message}; the manifest was edited: regenerate the folder with sme generate`);
  }
  // The design's own Verilog: the testbench in tb/ is not part of it.
  const verilogNames = manifest.files.map((f) => f.name).filter((n) => n.endsWith(".v") && !n.startsWith("tb/"));
  if (verilogNames.length === 0) throw new UserError(`${manifestPath} lists no Verilog files`);
  const files = await Promise.all(verilogNames.map(async (name) => ({ name, text: await readText(join(dir, name), "Verilog file") })));

  const imageFile = manifest.kind === "programmable" ? "program.json" : "baked-image.json";
  const imagePath = join(dir, imageFile);
  const imageText = await readText(imagePath, "programming image");
  const image = parseImageJson(parseJsonText(imageText, imagePath), imagePath);
  let plan: MappingPlan;
  try {
    plan = applyProgramImage(image, { strict: true });
  } catch (err) {
    if (!isUserError(err)) throw err;
    throw new UserError(`${imagePath}: ${err.message}; regenerate the folder with sme generate`);
  }
  const core = describeTile(params, manifest.kind === "programmable" ? { kind: "programmable" } : { kind: "baked", plan });
  const tile = manifest.bus ? describeAxisTile(core, { act: manifest.bus.act, sum: manifest.bus.sum }) : core;
  if (manifest.bus && !isDeepStrictEqual(manifest.bus, tile.bus)) {
    throw new UserError(
      `${manifestPath}: bus is ${JSON.stringify(manifest.bus)}, but the shell of its widths has ${JSON.stringify(tile.bus)}; the manifest was edited: regenerate the folder with sme generate`,
    );
  }
  checkRtlPorts(
    files.map((f) => ({ name: join(dir, f.name), text: f.text })),
    manifest.top,
    tile,
    manifestPath,
  );
  checkManifestAgrees(manifest, tile, manifestPath);
  if (tile.layout && !isDeepStrictEqual(image.layout, tile.layout)) {
    throw new UserError(
      `${imagePath}: its layout differs from the one of the tile in ${manifestPath}; the image belongs to another design: regenerate the folder with sme generate`,
    );
  }
  checkImageStructure(image, imagePath);
  const hexText = manifest.kind === "programmable" ? await readText(join(dir, "program.hex"), "programming image") : null;
  if (manifest.kind === "programmable") {
    const transfers = manifest.programming?.transfers;
    if (transfers !== image.transfers.length) {
      throw new UserError(
        `${imagePath} holds ${image.transfers.length} transfers, but ${manifestPath} says ${String(transfers)}: the image is truncated or edited; regenerate the folder with sme generate`,
      );
    }
    checkHexAgrees(hexText!, image, join(dir, "program.hex"), imagePath);
  }

  const read = new Map<string, string>([...files.map((f) => [f.name, f.text] as const), [imageFile, imageText]]);
  if (hexText !== null) read.set("program.hex", hexText);
  const edited = manifest.files.filter((f) => typeof f.sha256 === "string" && read.has(f.name) && textHash(read.get(f.name)!) !== f.sha256).map((f) => f.name);
  return { dir, manifest, tile, files, verilogPaths: verilogNames.map((n) => join(dir, n)), image, plan, edited };
}
