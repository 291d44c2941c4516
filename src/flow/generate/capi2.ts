/**
 * The part of FuseSoC's CAPI2 core format (`CAPI=2:` YAML) a design folder's `.core` file uses, as a strict zod
 * schema written from FuseSoC's CAPI2 reference: unknown keys are errors at every level, as in FuseSoC's own
 * JSON schema. It checks the file `sme generate` writes where FuseSoC itself is not installed.
 */
import { z } from "zod";

const stringList = z.array(z.string());
const scalar = z.union([z.string(), z.number(), z.boolean()]);

const fileEntry = z.union([
  z.string().min(1),
  z
    .record(
      z.string().min(1),
      z.strictObject({
        file_type: z.string().optional(),
        logical_name: z.string().optional(),
        is_include_file: z.boolean().optional(),
        include_path: z.string().optional(),
        tags: stringList.optional(),
        copyto: z.string().optional(),
        define: z.record(z.string(), scalar).optional(),
      }),
    )
    .refine((r) => Object.keys(r).length === 1, "a file with options is a map of exactly one path"),
]);

const fileset = z.strictObject({
  file_type: z.string().optional(),
  logical_name: z.string().optional(),
  tags: stringList.optional(),
  files: z.array(fileEntry).min(1),
  depend: stringList.optional(),
});

const parameter = z.strictObject({
  datatype: z.enum(["bool", "file", "int", "real", "str"]),
  paramtype: z.enum(["cmdlinearg", "generic", "plusarg", "vlogdefine", "vlogparam"]),
  default: scalar.optional(),
  description: z.string().optional(),
  scope: z.enum(["private", "public"]).optional(),
});

const target = z.strictObject({
  description: z.string().optional(),
  default_tool: z.string().optional(),
  filesets: stringList.optional(),
  toplevel: z.union([z.string(), stringList]).optional(),
  parameters: stringList.optional(),
  tools: z.record(z.string(), z.record(z.string(), z.union([scalar, z.array(z.unknown()), z.record(z.string(), z.unknown())]))).optional(),
  flow: z.string().optional(),
  flow_options: z.record(z.string(), z.unknown()).optional(),
  generate: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).optional(),
});

/** VLNV `vendor:library:name:version`; FuseSoC reads the name part as the core's name. */
const vlnv = z.string().regex(/^[A-Za-z0-9_.+-]*:[A-Za-z0-9_.+-]*:[A-Za-z0-9_.+-]+:[A-Za-z0-9_.+-]*$/, "must be a VLNV vendor:library:name:version");

export const capi2Core = z
  .strictObject({
    name: vlnv,
    description: z.string().optional(),
    license: z.string().optional(),
    filesets: z.record(z.string().min(1), fileset).optional(),
    parameters: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), parameter).optional(),
    targets: z.record(z.string().min(1), target),
  })
  .superRefine((core, ctx) => {
    // Cross references FuseSoC resolves by name: a target's filesets and parameters must exist.
    for (const [name, t] of Object.entries(core.targets)) {
      for (const fs of t.filesets ?? []) {
        if (!core.filesets?.[fs]) ctx.addIssue({ code: "custom", path: ["targets", name, "filesets"], message: `fileset ${fs} is not defined` });
      }
      for (const p of t.parameters ?? []) {
        const key = p.split("=")[0];
        if (!core.parameters?.[key]) ctx.addIssue({ code: "custom", path: ["targets", name, "parameters"], message: `parameter ${key} is not defined` });
      }
    }
  });

export type Capi2Core = z.infer<typeof capi2Core>;

/** The first line of every CAPI2 core file. */
export const CAPI2_HEADER = "CAPI=2:";
