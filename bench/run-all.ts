/**
 * Runs every benchmark script one after another, each in its own process so that one's memory and JIT state
 * do not colour the next. Extra arguments are passed to every script.
 *
 *   npm run bench                 # all of them (several minutes: Verilator builds, Yosys, face-api analyses)
 *   npm run bench -- --only sim   # those whose name contains "sim"
 */
import { execa } from "execa";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../src/util/paths.js";

const scripts = [
  "cli-startup.ts",
  "hdl-emit.ts",
  "sim-throughput.ts",
  "sme-model.ts",
  "budget.ts",
  "hw-tile.ts",
  "flow-tile.ts",
  "verify-debug.ts",
  "sweep-throughput.ts",
  "accuracy.ts",
];

const args = process.argv.slice(2);
const onlyAt = args.indexOf("--only");
const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
const passThrough = onlyAt >= 0 ? [...args.slice(0, onlyAt), ...args.slice(onlyAt + 2)] : args;

let failed = 0;
for (const script of scripts) {
  if (only !== undefined && !script.includes(only)) continue;
  const path = join(projectRoot, "bench", script);
  if (!existsSync(path)) continue;
  process.stdout.write(`\n=== bench/${script}\n`);
  const run = await execa("npx", ["tsx", path, ...passThrough], { cwd: projectRoot, stdio: "inherit", reject: false });
  if (run.exitCode !== 0) {
    failed += 1;
    process.stdout.write(`bench/${script} exited with status ${run.exitCode}\n`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
