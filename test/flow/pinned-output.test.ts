import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { resolveFlowConfig } from "../../src/flow/config.js";
import { generateDesign } from "../../src/flow/generate/generate.js";

/**
 * Pins what `sme generate` writes for the default design and for one small design of every mode and kind:
 * the design name (it carries the inputs hash), every file's name and the SHA-256 of its content. Verilog is
 * hashed without its comment lines: they quote generator source lines, which move when the generators are
 * edited; the logic must not. For the same reason the manifest is hashed with the SHA-256 it records for each
 * Verilog file left out (those files are pinned above without their comments). A change that alters any of
 * these changes the product's output, and must say so by updating the snapshot deliberately.
 */
const sha = (text: string): string => createHash("sha256").update(text).digest("hex").slice(0, 16);
const withoutComments = (verilog: string): string =>
  verilog
    .split("\n")
    .filter((line) => !/^\s*\/\//.test(line))
    .join("\n");

/** The manifest without the hashes of the Verilog files (they cover the comment lines). */
const manifestWithoutVerilogHashes = (text: string): string => {
  const m = JSON.parse(text) as { files: { name: string; sha256?: string }[] };
  for (const f of m.files) if (f.name.endsWith(".v")) delete f.sha256;
  return JSON.stringify(m, null, 2);
};

const SMALL = { rows: 16, cols: 12, weightBits: 6, window: 3, actBits: 5, dacBits: 2, ouRows: 8, seed: 3 } as const;
const CASES: Record<string, Record<string, unknown>> = {
  default: {},
  "dense-programmable": { ...SMALL, mode: "dense" },
  "dense-baked": { ...SMALL, mode: "dense", kind: "baked" },
  "bitslice-programmable": { ...SMALL, mode: "bitslice" },
  "bitslice-baked": { ...SMALL, mode: "bitslice", kind: "baked", adcBits: 3 },
  "squeeze-programmable": { ...SMALL, mode: "squeeze", squeeze: 2 },
  "squeeze-baked": { ...SMALL, mode: "squeeze", squeeze: 1, kind: "baked" },
  "squeeze-min-programmable": { ...SMALL, mode: "squeeze-min", squeeze: 3, adcBits: 4 },
  "squeeze-min-baked": { ...SMALL, mode: "squeeze-min", squeeze: 2, kind: "baked" },
  "remap-programmable": { ...SMALL, mode: "remap" },
  "remap-baked": { ...SMALL, mode: "remap", kind: "baked", scale: "pow2" },
  "budget-programmable": { ...SMALL, mode: "budget", targetSqnr: 20 },
  "budget-baked": { ...SMALL, mode: "budget", kind: "baked", targetSqnr: 16, adcBits: 4 },
};

describe("generated designs are pinned", () => {
  for (const [label, input] of Object.entries(CASES)) {
    it(label, async () => {
      const g = await generateDesign(resolveFlowConfig(input));
      const files: Record<string, string> = {};
      for (const [name, text] of [...g.files].sort(([a], [b]) => a.localeCompare(b))) {
        files[name] = sha(name.endsWith(".v") ? withoutComments(text) : name === "manifest.json" ? manifestWithoutVerilogHashes(text) : text);
      }
      expect({ name: g.name, files }).toMatchSnapshot();
    });
  }
});
