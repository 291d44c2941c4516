import { UserError } from "../util/errors.js";
import { loadEvaluatorModule } from "./evaluator.js";
import { sweepIdentity } from "./identity.js";
import { pointKey } from "./params.js";
import type { PointResult } from "./result.js";
import { defaultEvaluatorUrl } from "./runner.js";
import { evaluatorSetup, parseSweepSpec, type RawSpec } from "./spec.js";

/**
 * `sme sweep point`: one point of a sweep, for a queue that hands out points itself. `raw` holds sweep keys
 * with one value each (a list or range is an error); the result is the line `sme sweep` would append to its
 * results file for that point, key included, so such lines collected into a file merge with `sme sweep merge`.
 */
export async function evaluateOnePoint(raw: RawSpec, where: string, evaluatorUrl = defaultEvaluatorUrl): Promise<PointResult> {
  const spec = parseSweepSpec(raw, where);
  if (spec.points.length !== 1) {
    throw new UserError(
      `${where}: sme sweep point runs one point, these keys give ${spec.points.length} (${spec.points.slice(0, 2).map(pointKey).join("; ")}${spec.points.length > 2 ? "; ..." : ""}); give one value per key`,
    );
  }
  const point = spec.points[0]!;
  const evaluate = await (await loadEvaluatorModule(evaluatorUrl)).createPointEvaluator(evaluatorSetup(spec));
  return sweepIdentity(spec).stamp(await evaluate(point), point);
}

/** Reads the `--json` text of `sme sweep point`: one JSON object of sweep keys. */
export function parsePointJson(text: string): RawSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UserError(
      `--json is not valid JSON (${(err as Error).message.split("\n")[0]}); give one object, e.g. '{"model":"resnet","rows":64,"mode":"remap"}'`,
    );
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new UserError(
      `--json must be a JSON object of sweep keys, e.g. '{"model":"resnet","rows":64,"mode":"remap"}', not ${Array.isArray(raw) ? "a list" : JSON.stringify(raw)}`,
    );
  }
  return raw as RawSpec;
}
