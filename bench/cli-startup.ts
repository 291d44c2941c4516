/**
 * `sme --help` startup time, from the TypeScript sources (what `bin/sme.mjs` runs in a checkout, through tsx's
 * loader: how every install ran before dist/) against the compiled dist/ (what an installed package runs: the
 * same bin/sme.mjs, in a folder without src/). Bare `node` starting and exiting is the floor. Each variant is a
 * fresh process, timed by GNU time (`/usr/bin/time`: wall, and the CPU seconds the process used, which a loaded
 * machine disturbs far less than the wall time); the variants alternate within each round so that machine load
 * falls on all of them alike. Prints the medians of each and the ratios sources / compiled.
 *
 *   npx tsx bench/cli-startup.ts [--rounds 11] [--skip-build]
 */
import { execa } from "execa";
import { copyFile, mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import Table from "cli-table3";
import { projectRoot } from "../src/util/paths.js";

const { values: args } = parseArgs({ options: { rounds: { type: "string", default: "11" }, "skip-build": { type: "boolean", default: false } } });
const rounds = Number(args.rounds);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

if (!args["skip-build"]) await execa("npm", ["run", "--silent", "build"], { cwd: projectRoot, stdio: "inherit" });

// An installed package's layout: bin/ and dist/ side by side, no src/ (dist/ linked, not copied: Node resolves
// its imports from the real path, so the checkout's node_modules serves the dependencies).
const installed = await mkdtemp(join(tmpdir(), "sme-startup-"));
await mkdir(join(installed, "bin"));
await copyFile(join(projectRoot, "bin", "sme.mjs"), join(installed, "bin", "sme.mjs"));
await copyFile(join(projectRoot, "package.json"), join(installed, "package.json"));
await symlink(join(projectRoot, "dist"), join(installed, "dist"), "dir");

const variants: Record<string, string[]> = {
  "node (empty script)": ["-e", ""],
  "sme --help, sources (tsx)": [join(projectRoot, "bin", "sme.mjs"), "--help"],
  "sme --help, compiled dist/": [join(installed, "bin", "sme.mjs"), "--help"],
};
const wall: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));

try {
  // Round 0 warms the file cache and tsx's transform cache, as any second run of the command has them.
  for (let round = 0; round <= rounds; round++) {
    for (const [name, argv] of Object.entries(variants)) {
      const run = await execa("/usr/bin/time", ["-f", "%e %U %S", "node", ...argv], { cwd: tmpdir() });
      if (name.startsWith("sme") && !run.stdout.includes("Usage: sme")) throw new Error(`${name}: no help text`);
      const [elapsed, user, system] = run.stderr.trim().split("\n").at(-1)!.split(" ").map(Number);
      if (round > 0) {
        wall[name]!.push(elapsed! * 1000);
        cpu[name]!.push((user! + system!) * 1000);
      }
    }
  }
} finally {
  await rm(installed, { recursive: true, force: true });
}

const table = new Table({ head: ["variant", "wall median ms", "wall min..max ms", "CPU median ms", "CPU minus node ms"] });
const cpuFloor = median(cpu["node (empty script)"]!);
for (const name of Object.keys(variants)) {
  const w = wall[name]!;
  table.push([
    name,
    median(w).toFixed(0),
    `${Math.min(...w).toFixed(0)}..${Math.max(...w).toFixed(0)}`,
    median(cpu[name]!).toFixed(0),
    (median(cpu[name]!) - cpuFloor).toFixed(0),
  ]);
}
process.stdout.write(`${table.toString()}\n`);
const ratio = (of: Record<string, number[]>, floor = 0) =>
  ((median(of["sme --help, sources (tsx)"]!) - floor) / (median(of["sme --help, compiled dist/"]!) - floor)).toFixed(2);
process.stdout.write(
  `sources / compiled: ${ratio(wall)}x wall, ${ratio(cpu)}x CPU, ${ratio(cpu, cpuFloor)}x CPU above node's own start ` +
    `(${rounds} rounds, load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)\n`,
);
