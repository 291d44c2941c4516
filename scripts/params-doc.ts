import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { paramsReference } from "../src/params/reference.js";
import { projectRoot } from "../src/util/paths.js";

// Writes docs/params.md, the parameter reference, from the registry.
const file = join(projectRoot, "docs", "params.md");
await writeFile(file, paramsReference());
process.stdout.write(`wrote ${file}\n`);
