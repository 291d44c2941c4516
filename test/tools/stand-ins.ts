/** Executable stand-ins for the external tools, for tests of how the project reacts to a broken installation. */
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execa } from "execa";
import type { ToolName } from "../../src/tools/index.js";
import { TOOLS } from "../../src/tools/index.js";

/** A folder for stand-in scripts, removed by the returned function. */
export async function standInDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "sme-stand-in-"));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes an executable `#!/bin/sh` script `name` (a path relative to `dir`) into `dir`; returns its path. */
export async function writeScript(dir: string, name: string, body: string): Promise<string> {
  const path = join(dir, name);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

/** The real tool's path on the PATH (the stand-ins wrap or imitate it). */
export async function realTool(tool: ToolName): Promise<string> {
  return (await execa("sh", ["-c", `command -v ${TOOLS[tool].command}`])).stdout.trim();
}

/** Runs `body` with `SME_*` (and any other) environment variables set, restoring them afterwards. */
export async function withEnv<T>(vars: Readonly<Record<string, string>>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await body();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
