/**
 * `sme verify --junit`: a verification run as a JUnit test suite. One suite per design with one test case, the
 * design's check; its properties carry the run's settings and measurements, the functional-coverage bins
 * (`fcov.<bin>` = hits) and the code-coverage totals. A mismatch is the case's failure, with the mismatch report.
 */
import type { VerifyReport } from "../flow/verify/verify.js";
import { mismatchReport } from "../flow/verify/verify.js";
import type { JunitCase, JunitSuite } from "./junit.js";

/** The run of one design as a suite. `started` and `seconds` cover the whole command. */
export function verifyJunitSuite(r: VerifyReport, started: Date, seconds: number): JunitSuite {
  const props: [string, string | number | boolean][] = [
    ["seed", r.seed],
    ["vectors.checked", r.vectors.checked],
    ["vectors.corner", r.vectors.corner],
    ["vectors.random", r.vectors.random],
    ["vectors.layerLike", r.vectors.layerLike],
    ["mismatches", r.mismatches],
    ["simulators", r.jobs],
    ["cycles", r.cycles],
    ["vectorsPerSecond", Math.round(r.vectorsPerSecond)],
    ["checkedPerSecond", Math.round(r.checkedPerSecond)],
    ["build.cached", r.build.cached],
  ];
  for (const w of r.waves) props.push(["waves", w]);
  if (r.replay) props.push(["replay.waves", r.replay.waves], ["replay.saveFile", r.replay.saveFile], ["replay.time", r.replay.time]);
  const fc = r.functionalCoverage;
  if (fc) {
    props.push(["fcov.hit", fc.hit], ["fcov.reachable", fc.reachable], ["fcov.bins", fc.total]);
    for (const b of fc.bins) props.push([`fcov.${b.id}`, b.status === "unreachable" ? `unreachable: ${b.reason}` : b.hits]);
  }
  if (r.closure) props.push(["fcov.rounds", r.closure.rounds], ["fcov.roundVectors", r.closure.vectors], ["fcov.programs", r.closure.programs]);
  const cc = r.codeCoverage;
  if (cc) {
    props.push(["coverage.info", cc.info], ["coverage.lines.hit", cc.total.lines.hit], ["coverage.lines.total", cc.total.lines.total]);
    props.push(["coverage.toggles.hit", cc.total.toggles.hit], ["coverage.toggles.total", cc.total.toggles.total]);
  }
  return {
    name: r.design,
    package: "sme.verify",
    started,
    seconds,
    properties: props,
    cases: [verifyJunitCase(r, seconds)],
  };
}

/** The design's check as a test case; a mismatch fails it with the mismatch report. */
export function verifyJunitCase(r: VerifyReport, seconds: number, classname = "sme.verify"): JunitCase {
  if (r.mismatches === 0) return { name: r.design, classname, seconds };
  const text = mismatchReport(r);
  return { name: r.design, classname, seconds, failure: { message: text.split("\n")[0], type: "mismatch", text } };
}

/**
 * A run that ended before its report (a lint finding, a build or simulator error) as a suite: a lint finding
 * (exit status 1) is a failure, anything else an error.
 */
export function verifyJunitAbort(design: string, err: Error & { exitCode?: number }, started: Date, seconds: number): JunitSuite {
  const outcome = { message: err.message.split("\n")[0], type: err.exitCode === 1 ? "lint" : err.name, text: err.message };
  const c: JunitCase =
    err.exitCode === 1
      ? { name: design, classname: "sme.verify", seconds, failure: outcome }
      : { name: design, classname: "sme.verify", seconds, error: outcome };
  return { name: design, package: "sme.verify", started, seconds, properties: [], cases: [c] };
}
