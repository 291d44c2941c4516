import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The project's root folder (where package.json, templates/, sim/ and rtl-out/ live). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const templatesDir = resolve(projectRoot, "templates");
export const simDir = resolve(projectRoot, "sim");
export const rtlOutDir = resolve(projectRoot, "rtl-out");
