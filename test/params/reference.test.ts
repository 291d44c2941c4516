import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PARAM_KEYS, paramSpec } from "../../src/params/index.js";
import { paramsReference } from "../../src/params/reference.js";
import { projectRoot } from "../../src/util/paths.js";

describe("docs/params.md", () => {
  it("is the registry's reference table as it stands (run npm run docs:params after changing the registry)", async () => {
    expect(await readFile(join(projectRoot, "docs", "params.md"), "utf8")).toBe(paramsReference());
  });

  it("has one row per key, with its flag", () => {
    const rows = paramsReference()
      .split("\n")
      .filter((l) => /^\| (`|—)/.test(l));
    expect(rows).toHaveLength(PARAM_KEYS.length);
    for (const key of PARAM_KEYS) {
      const flag = paramSpec(key).flag;
      if (flag !== undefined)
        expect(
          rows.some((r) => r.includes(`\`${flag}`)),
          key,
        ).toBe(true);
    }
  });
});
