import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The package's root folder (where package.json, templates/ and data/ live): the checkout, or the installed
 * package's folder. From the sources this file is src/util/paths.ts, from the compiled package dist/util/paths.js.
 */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const templatesDir = resolve(projectRoot, "templates");

/** Running from a source checkout (the TypeScript sources are there), not from an installed package. */
export const isCheckout = existsSync(join(projectRoot, "src", "cli", "main.ts"));

/**
 * Verilator build area and caches: `sim/` of a checkout; for an installed package (whose folder may not be
 * writable) `$SME_CACHE_DIR`, else `$XDG_CACHE_HOME/sme-rtl` or `~/.cache/sme-rtl`.
 */
export const simDir = isCheckout
  ? resolve(projectRoot, "sim")
  : resolve(process.env.SME_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "sme-rtl"));

/** Default folder of generated designs: `rtl-out/` of a checkout, or of the working directory for an installed package. */
export const rtlOutDir = resolve(isCheckout ? projectRoot : process.cwd(), "rtl-out");

const requireHere = createRequire(join(projectRoot, "package.json"));

/** The folder of an installed dependency (found the way Node finds it: hoisted or nested). */
export function packageDir(name: string): string {
  return dirname(requireHere.resolve(`${name}/package.json`));
}

let version: string | undefined;

/** This package's version, from its package.json. */
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { version: string }).version;
  return version;
}
