import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { jsonSchemaFiles } from "../src/formats/json-schemas.js";
import { projectRoot } from "../src/util/paths.js";

// Writes schemas/*.schema.json, the JSON Schemas of the files sme writes, from their zod schemas.
const dir = join(projectRoot, "schemas");
await mkdir(dir, { recursive: true });
for (const [file, text] of jsonSchemaFiles()) {
  await writeFile(join(dir, file), text);
  process.stdout.write(`wrote ${join(dir, file)}\n`);
}
