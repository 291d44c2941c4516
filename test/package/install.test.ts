import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listFiles } from "../../src/util/output-folder.js";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveFlowConfig } from "../../src/flow/config.js";
import { generateDesign } from "../../src/flow/generate/generate.js";
import { projectRoot } from "../../src/util/paths.js";
import { SMALL } from "../flow/helpers.js";

/**
 * The package as users get it: `npm pack` (which builds dist/), then the tarball installed into an empty folder
 * and its `sme` run from there. The install is offline: the folder's lockfile pins every dependency to the
 * version and tarball the repository's own lockfile records (npm's cache holds them after `npm ci`), so the
 * test needs no registry and installs exactly the tree the other tests ran against.
 */
interface Lockfile {
  packages: Record<string, { dev?: boolean }>;
}

const pkg = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  bin: Record<string, string>;
  engines: Record<string, string>;
};

let work: string;
let app: string;
const sme = (args: string[]) => execa(join(app, "node_modules", ".bin", "sme"), args, { cwd: app, reject: false, env: { SME_CACHE_DIR: join(work, "cache") } });

async function installTarball(tarball: string): Promise<void> {
  const lock = JSON.parse(readFileSync(join(projectRoot, "package-lock.json"), "utf8")) as Lockfile;
  const spec = `file:${tarball}`;
  const packages: Record<string, unknown> = {
    "": { name: "sme-install-check", dependencies: { [pkg.name]: spec } },
    [`node_modules/${pkg.name}`]: { version: pkg.version, resolved: spec, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path !== "" && !entry.dev) packages[path] = entry;
  await writeFile(join(app, "package.json"), JSON.stringify({ name: "sme-install-check", private: true, dependencies: { [pkg.name]: spec } }));
  await writeFile(join(app, "package-lock.json"), JSON.stringify({ name: "sme-install-check", lockfileVersion: 3, requires: true, packages }));
  await execa("npm", ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: app });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "sme-package-"));
  app = join(work, "app");
  await execa("mkdir", [app]);
  const packed = await execa("npm", ["pack", "--json", "--pack-destination", work], { cwd: projectRoot });
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  await installTarball(join(work, filename));
}, 600_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("the packed package installed into an empty folder", () => {
  it("ships the compiled CLI and library, not the TypeScript sources, and needs no TypeScript at run time", async () => {
    const installed = join(app, "node_modules", pkg.name);
    expect(existsSync(join(installed, "dist", "cli", "main.js"))).toBe(true);
    expect(existsSync(join(installed, "dist", "hdl", "index.d.ts"))).toBe(true);
    expect(existsSync(join(installed, "dist", "sim", "driver", "driver.cpp"))).toBe(true);
    expect(existsSync(join(installed, "schemas", "manifest.schema.json"))).toBe(true);
    expect(existsSync(join(installed, "src"))).toBe(false);
    const modules = await readdir(join(app, "node_modules"));
    expect(modules).not.toContain("tsx");
    expect(modules).not.toContain("typescript");
  });

  it("sme --version and sme --help", async () => {
    const version = await sme(["--version"]);
    expect(version.exitCode).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);
    const help = await sme(["--help"]);
    expect(help.exitCode).toBe(0);
    for (const command of ["generate", "verify", "demo", "sweep", "accuracy"]) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
  });

  it("the library entry points resolve by their exported names", async () => {
    const run = await execa(
      "node",
      [
        "--input-type=module",
        "-e",
        "const h = await import('sme-rtl/hdl'); const s = await import('sme-rtl/sme'); console.log(typeof h.defineModule, typeof s.makeTileParams);",
      ],
      { cwd: app },
    );
    expect(run.stdout.trim()).toBe("function function");
  });

  it("sme generate writes the same design as the sources, and sme verify passes it", async () => {
    const out = join(work, "design");
    const generated = await sme(["generate", ...SMALL, "--out", out, "--json"]);
    expect(generated.stderr).toBe("");
    expect(generated.exitCode).toBe(0);
    const fromSources = await generateDesign(resolveFlowConfig({ rows: 8, cols: 8, weightBits: 4, window: 2, actBits: 4, squeeze: 1 }));
    const logic = (verilog: string) => verilog.replace(/^\s*\/\/.*\n/gm, "");
    // The Verilog's comment lines name the generator's own files (dist/*.js installed, src/*.ts here), and the
    // manifest records each file's SHA-256: compare the manifest with those hashes of Verilog files left out.
    const manifestLogic = (text: string) => {
      const m = JSON.parse(text) as { files: Array<{ name: string; sha256?: string }> };
      return { ...m, files: m.files.map((f) => (f.name.endsWith(".v") ? { ...f, sha256: "" } : f)) };
    };
    const written = listFiles(out);
    expect(written.sort()).toEqual([...fromSources.files.keys()].sort());
    for (const [name, text] of fromSources.files) {
      const written = readFileSync(join(out, name), "utf8");
      if (name === "manifest.json") expect(manifestLogic(written), name).toEqual(manifestLogic(text));
      else expect(name.endsWith(".v") ? logic(written) : written, name).toBe(name.endsWith(".v") ? logic(text) : text);
    }
    const verified = await sme(["verify", "--design", out, "--vectors", "200", "--jobs", "1", "--json"]);
    expect(verified.exitCode, verified.stderr).toBe(0);
    const report = JSON.parse(verified.stdout) as { lint: string; mismatches: number; vectors: { checked: number } };
    expect(report).toMatchObject({ lint: "clean", mismatches: 0 });
    expect(report.vectors.checked).toBeGreaterThan(200);
  });
});
