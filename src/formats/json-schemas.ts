import { z } from "zod";
import { designManifestSchema } from "../flow/generate/manifest.js";
import { programImageSchema } from "../sme/program-image-schema.js";
import { pointResultSchema } from "../sweep/result-schema.js";

/** The files sme writes that other tools read, with the zod schema each is checked against. */
export const FILE_FORMATS = [
  { file: "manifest.schema.json", title: "sme design manifest (manifest.json)", schema: designManifestSchema },
  { file: "program-image.schema.json", title: "sme programming image (program.json, baked-image.json)", schema: programImageSchema },
  { file: "sweep-result.schema.json", title: "sme sweep result (one line of results.jsonl)", schema: pointResultSchema },
] as const;

/** The JSON Schema (draft 2020-12) of each format, generated from its zod schema, as the text shipped in schemas/. */
export function jsonSchemaFiles(): Map<string, string> {
  return new Map(
    FILE_FORMATS.map((f) => {
      const { $schema, ...schema } = z.toJSONSchema(f.schema);
      return [f.file, `${JSON.stringify({ $schema, title: f.title, ...schema }, null, 2)}\n`];
    }),
  );
}
