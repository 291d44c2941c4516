/** JUnit XML from sme verify: valid against the Ant JUnit schema CI servers read, whatever the text holds. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { type JunitSuite, junitTimestamp, renderJunit, xmlEscape } from "../../src/cli/junit.js";

const schema = readFile(join(import.meta.dirname, "fixtures", "JUnit.xsd"), "utf8");

async function validate(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const r = await validateXML({ xml: [{ fileName: "report.xml", contents: xml }], schema: [await schema] });
  return { valid: r.valid, errors: r.errors.map((e) => e.rawMessage) };
}

const started = new Date(2026, 10, 30, 14, 5, 9);

const suites: JunitSuite[] = [
  {
    name: "squeeze-min2-128x128-n8s3a8-programmable-469b4ddc",
    package: "sme.verify",
    started,
    seconds: 12.3456,
    properties: [
      ["seed", 1],
      ["fcov.step_group_0_digit_9", 2505],
      ["fcov.adc_saturation_0", "unreachable: the ADC (8 bits) is at least as wide as a bit-line count (8 bits)"],
      ["build.cached", true],
    ],
    cases: [{ name: "squeeze-min2-128x128-n8s3a8-programmable-469b4ddc", classname: "sme.verify", seconds: 12.3 }],
  },
  {
    name: "a layer & its <tiles>",
    package: "sme.verify",
    started,
    seconds: 2,
    properties: [],
    cases: [
      {
        name: 'tile "0,0"',
        classname: "sme.verify",
        seconds: 1,
        failure: {
          message: "1 of 30 vectors differ: expected < 0 & observed > 0",
          type: "mismatch",
          text: "line one\n  waves: /tmp/x/first-mismatch.fst\u0007",
        },
      },
      { name: "tile 0,1", classname: "sme.verify", seconds: 0.5, error: { message: "verilator crashed", type: "ToolFailedError", text: "signal 11" } },
      { name: "tile 0,2", classname: "sme.verify", seconds: 0, skipped: true },
    ],
    systemErr: "stderr ]]> text",
  },
];

describe("renderJunit", () => {
  it("writes documents the Ant JUnit schema accepts: suites with properties, passing, failing, erroring and skipped cases", async () => {
    const xml = renderJunit(suites, "ci-host");
    const r = await validate(xml);
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
    expect(xml).toContain(
      '<testsuite name="a layer &amp; its &lt;tiles&gt;" package="sme.verify" id="1" timestamp="2026-11-30T14:05:09" hostname="ci-host" tests="3" failures="1" errors="1" skipped="1" time="2.000">',
    );
    expect(xml).toContain('<property name="fcov.step_group_0_digit_9" value="2505"/>');
    // The failure keeps its text's line breaks; the message attribute encodes them; a control character is dropped.
    expect(xml).toContain(
      '<failure message="1 of 30 vectors differ: expected &lt; 0 &amp; observed &gt; 0" type="mismatch">line one\n  waves: /tmp/x/first-mismatch.fst</failure>',
    );
    expect(xml).toContain('<testcase name="tile 0,2" classname="sme.verify" time="0.000">\n      <skipped/>');
  });

  it("is checked by a validator that does reject what the schema forbids", async () => {
    const good = renderJunit(suites, "ci-host");
    // Properties are required, and a timestamp has no time zone.
    expect((await validate(good.replace(/<properties>[\s\S]*?<\/properties>/, ""))).valid).toBe(false);
    expect((await validate(good.replace('timestamp="2026-11-30T14:05:09"', 'timestamp="2026-11-30T14:05:09Z"'))).valid).toBe(false);
    expect((await validate(good.replace('type="mismatch"', ""))).valid).toBe(false);
  });

  it("escapes markup and drops characters XML cannot hold", () => {
    expect(xmlEscape('a<b>&"c"\n\u0000d')).toBe("a&lt;b&gt;&amp;&quot;c&quot;&#10;d");
    expect(junitTimestamp(new Date(2026, 0, 2, 3, 4, 5))).toBe("2026-01-02T03:04:05");
  });
});
