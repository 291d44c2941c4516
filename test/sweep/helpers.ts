import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A temporary folder with a placeholder `.npy` the sweep spec accepts as a model path. */
export async function tempModel(): Promise<{ dir: string; model: string }> {
  const dir = await mkdtemp(join(tmpdir(), "sweep-test-"));
  const model = join(dir, "m.npy");
  await writeFile(model, "not read by the fake evaluator");
  return { dir, model };
}

export const fakeEvaluatorUrl = new URL("./fixtures/fake-evaluator.ts", import.meta.url).href;
