/**
 * JUnit XML reports, in the shape of the Apache Ant JUnit schema that CI servers read (`<testsuites>` of
 * `<testsuite>` with `<properties>`, `<testcase>` elements with an optional `<failure>` or `<error>`, then
 * `<system-out>` and `<system-err>`). Any number of suites and cases: `sme verify` writes one suite per design,
 * and a run over many tiles can write a case (or a suite) per tile.
 */
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join, resolve } from "node:path";

export interface JunitOutcome {
  /** One line: what went wrong. */
  readonly message: string;
  /** A short class of the outcome, e.g. `mismatch`, `lint`. */
  readonly type: string;
  /** The full text (the report a person reads). */
  readonly text: string;
}

export interface JunitCase {
  readonly name: string;
  readonly classname: string;
  readonly seconds: number;
  /** The check found the design wrong. */
  readonly failure?: JunitOutcome;
  /** The check could not run to the end. */
  readonly error?: JunitOutcome;
  readonly skipped?: boolean;
}

export interface JunitSuite {
  readonly name: string;
  /** Dotted package name (the schema requires one for suites in a `<testsuites>` document). */
  readonly package: string;
  readonly started: Date;
  readonly seconds: number;
  /** Name/value pairs: settings and measurements of the run (coverage bins, seeds, speeds). */
  readonly properties: readonly (readonly [string, string | number | boolean])[];
  readonly cases: readonly JunitCase[];
  readonly systemOut?: string;
  readonly systemErr?: string;
}

/** XML-escapes text for content and attribute values; drops characters XML 1.0 cannot hold. */
export function xmlEscape(s: string): string {
  return (
    s
      // biome-ignore lint: the control characters are what this removes
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/\n/g, "&#10;")
  );
}

/** Content text keeps its line breaks (attributes encode them). */
const content = (s: string): string => xmlEscape(s).replace(/&#10;/g, "\n");

/** Seconds with millisecond precision, as the schema's decimal. */
const seconds = (s: number): string => Math.max(0, s).toFixed(3);

/** Local time without a zone, `YYYY-MM-DDTHH:MM:SS` (the schema's timestamp pattern). */
export function junitTimestamp(d: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** The XML document. */
export function renderJunit(suites: readonly JunitSuite[], host = hostname() || "localhost"): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', "<testsuites>"];
  suites.forEach((s, id) => {
    const failures = s.cases.filter((c) => c.failure).length;
    const errors = s.cases.filter((c) => !c.failure && c.error).length;
    const skipped = s.cases.filter((c) => !c.failure && !c.error && c.skipped).length;
    out.push(
      `  <testsuite name="${xmlEscape(s.name)}" package="${xmlEscape(s.package)}" id="${id}" timestamp="${junitTimestamp(s.started)}" ` +
        `hostname="${xmlEscape(host)}" tests="${s.cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(s.seconds)}">`,
    );
    out.push("    <properties>");
    for (const [name, value] of s.properties) out.push(`      <property name="${xmlEscape(name)}" value="${xmlEscape(String(value))}"/>`);
    out.push("    </properties>");
    for (const c of s.cases) {
      const head = `    <testcase name="${xmlEscape(c.name)}" classname="${xmlEscape(c.classname)}" time="${seconds(c.seconds)}"`;
      const outcome = c.failure ? ["failure", c.failure] : c.error ? ["error", c.error] : null;
      if (outcome) {
        const [tag, o] = outcome as [string, JunitOutcome];
        out.push(`${head}>`, `      <${tag} message="${xmlEscape(o.message)}" type="${xmlEscape(o.type)}">${content(o.text)}</${tag}>`, "    </testcase>");
      } else if (c.skipped) out.push(`${head}>`, "      <skipped/>", "    </testcase>");
      else out.push(`${head}/>`);
    }
    out.push(`    <system-out>${content(s.systemOut ?? "")}</system-out>`, `    <system-err>${content(s.systemErr ?? "")}</system-err>`, "  </testsuite>");
  });
  out.push("</testsuites>", "");
  return out.join("\n");
}

/** Writes the report to `file` through a temporary name in the same folder, so readers never see half of it. */
export async function writeJunit(file: string, suites: readonly JunitSuite[]): Promise<string> {
  const path = resolve(file);
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    await writeFile(tmp, renderJunit(suites));
    await rename(tmp, path);
  } finally {
    await rm(tmp, { force: true });
  }
  return path;
}
