/**
 * Builds the package's dist/: `tsc -p tsconfig.build.json` (TypeScript 7, the native compiler, emits the ES2022
 * JavaScript and the .d.ts files; ES2022 modules run on Node 20 as they are), then copies next to the compiled
 * code the files it reads by path relative to itself: the Verilator driver's C++ source (src/sim/driver/).
 * Templates, data and schemas are read from the package root and ship from there. The new dist/ is written
 * in a temporary folder and replaces the old one only when complete.
 *
 *   npm run build        # also run by npm pack / npm publish (prepack)
 */
import { cp, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { projectRoot } from "../src/util/paths.js";

const dist = join(projectRoot, "dist");
const tmp = join(projectRoot, `.dist.tmp-${process.pid}`);
const started = performance.now();
try {
  // The compiler's diagnostics go to stderr: stdout belongs to the command that runs the build (`npm pack --json`).
  const tsc = await execa("tsc", ["-p", "tsconfig.build.json", "--outDir", tmp], { cwd: projectRoot, preferLocal: true, all: true, reject: false });
  if (tsc.exitCode !== 0) {
    process.stderr.write(`${tsc.all}\nbuild failed: tsc exited with status ${tsc.exitCode}\n`);
    process.exitCode = 1;
  } else {
    await cp(join(projectRoot, "src", "sim", "driver"), join(tmp, "sim", "driver"), { recursive: true });
    await rm(dist, { recursive: true, force: true });
    await rename(tmp, dist);
    process.stderr.write(`built ${dist} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
} finally {
  await rm(tmp, { recursive: true, force: true });
}
