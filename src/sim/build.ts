import { existsSync, rmSync, utimesSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { onInterrupt } from "../util/cleanup.js";
import { isOrphaned, ownerTag } from "../util/debris.js";
import { hashParts } from "../util/hash.js";
import { simDir } from "../util/paths.js";
import type { SimDesign } from "./design.js";
import {
  driverFlags,
  driverSourceText,
  modelClass,
  portTableName,
  renderPortTable,
  type CoverageKind,
  type InternalSignal,
  type WaveFormat,
} from "./driver-source.js";
import { SimBuildError, SimulatorNotFoundError } from "./errors.js";
import { hasCcache, verilatorCommand, verilatorVersion } from "./verilator.js";

export interface BuildOptions {
  /** Clock input stepped by the driver; `undefined` for purely combinational designs. */
  readonly clock?: string | undefined;
  /** Build with wave tracing (a separate cached build). */
  readonly waves?: WaveFormat | undefined;
  /** Compile the driver's raw benchmark loop in (for `measureRawStreamLoop`; a separate cached build). */
  readonly benchLoop?: boolean | undefined;
  /** Build with Verilator's coverage of these kinds (a separate cached build; counts written with `writeCoverage`). */
  readonly coverage?: readonly CoverageKind[] | undefined;
  /** Internal signals of the top module to make readable (adds `--public-flat-rw`, a separate cached build). */
  readonly internals?: readonly InternalSignal[];
  /** Extra Verilator flags (part of the cache key). */
  readonly extraFlags?: readonly string[];
  /** Where builds are cached; defaults to `sim/cache` in the project. */
  readonly cacheDir?: string;
  /** Most builds kept in the cache (least recently used go first); default `SME_SIM_CACHE_MAX` or 300. */
  readonly cacheLimit?: number;
}

export interface BuiltSimulator {
  /** Absolute path of the simulator executable. */
  readonly executable: string;
  /** The cache folder of this build (sources, driver, build log, executable). */
  readonly dir: string;
  /** True when an earlier build was reused. */
  readonly cached: boolean;
  /** Wall time of this call in milliseconds. */
  readonly ms: number;
}

/** Verilator flags every build uses (see TOOLCHAIN.md: `OPT_FAST=-O2` makes the model about 3x faster). */
export const baseFlags: readonly string[] = ["--cc", "--exe", "--build", "-O3", "-j", "2", "-MAKEFLAGS", "OPT_FAST=-O2", "-Wno-fatal"];

const inFlight = new Map<string, Promise<BuiltSimulator>>();

/**
 * Compiles a design and the generic driver into a simulator executable, or reuses the cached one. The cache
 * key hashes the Verilog, the port table, the flags (which carry the driver's compile-time switches), the
 * driver source and `verilator --version`. Builds happen in a private temporary folder that is renamed into
 * place, so concurrent builds of the same design (in this or another process) never see each other's
 * half-written files.
 */
export async function buildSimulator(design: SimDesign, options: BuildOptions = {}): Promise<BuiltSimulator> {
  const started = performance.now();
  const command = verilatorCommand();
  const version = await verilatorVersion(command);
  const internals = options.internals ?? [];
  const flags = [
    ...baseFlags,
    ...driverFlags({ waves: options.waves, benchLoop: options.benchLoop, coverage: options.coverage }),
    ...(internals.length ? ["--public-flat-rw"] : []),
    ...(options.extraFlags ?? []),
  ];
  const portTable = renderPortTable(design, options.clock, internals);
  const key = hashParts([
    design.top,
    ...design.files.flatMap((f) => [f.name, f.text]),
    JSON.stringify(design.ports),
    JSON.stringify(internals),
    options.clock ?? "",
    JSON.stringify(flags),
    driverSourceText(),
    portTable,
    version,
  ]);
  const cacheDir = options.cacheDir ?? join(simDir, "cache");
  const dir = join(cacheDir, `${design.top.replace(/[^A-Za-z0-9_]/g, "_")}-${key.slice(0, 16)}`);
  const executable = join(dir, "sim");
  if (existsSync(executable)) {
    touch(dir);
    return { executable, dir, cached: true, ms: performance.now() - started };
  }

  let pending = inFlight.get(dir);
  if (!pending) {
    pending = compile(design, portTable, flags, command, cacheDir, dir).finally(() => inFlight.delete(dir));
    inFlight.set(dir, pending);
  }
  await pending;
  await pruneCache(cacheDir, options.cacheLimit ?? (Number(process.env.SME_SIM_CACHE_MAX) || 300));
  return { executable, dir, cached: false, ms: performance.now() - started };
}

/** Marks a cache entry as used now (the cache drops the least recently used entries first). */
function touch(dir: string): void {
  try {
    const now = new Date();
    utimesSync(dir, now, now);
  } catch {
    // pruned by another process in the meantime: the caller's spawn will report it
  }
}

/**
 * Removes the least recently used builds beyond `keep`. Builds in progress in `.tmp` are left alone; what
 * interrupted builds left there is removed by {@link removeOrphanedBuilds}.
 */
export async function pruneCache(cacheDir: string, keep: number): Promise<string[]> {
  const names = (await readdir(cacheDir)).filter((n) => !n.startsWith("."));
  if (names.length <= keep) return [];
  const entries = await Promise.all(
    names.map(async (name) => ({
      name,
      used: await stat(join(cacheDir, name)).then(
        (s) => s.mtimeMs,
        () => 0,
      ),
    })),
  );
  entries.sort((a, b) => a.used - b.used);
  const victims = entries.slice(0, entries.length - keep).map((e) => e.name);
  await Promise.all(victims.map((name) => rm(join(cacheDir, name), { recursive: true, force: true })));
  return victims;
}

/** GNU Make cannot build in a folder whose path holds whitespace (Verilator's makefiles stop with an error). */
const MAKE_UNSAFE = /\s/;

/** Legacy build folders (`build-XXXXXX`, before they carried their maker) untouched this long are debris. */
const LEGACY_BUILD_AGE_MS = 60 * 60 * 1000;

/**
 * Removes build folders that interrupted builds left: under `<cache>/.tmp` and the system temp folder, those
 * whose maker process is gone (and legacy ones untouched for an hour).
 */
export async function removeOrphanedBuilds(cacheDir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const [root, prefix] of [
    [join(cacheDir, ".tmp"), "build-"],
    [tmpdir(), "sme-build-"],
  ] as const) {
    const names = await readdir(root).catch(() => [] as string[]);
    for (const name of names) {
      if (!name.startsWith(prefix)) continue;
      const path = join(root, name);
      const legacy = root !== tmpdir() && /^build-[A-Za-z0-9]{6}$/.test(name);
      const orphan = legacy
        ? Date.now() -
            (await stat(path).then(
              (s) => s.mtimeMs,
              () => Date.now(),
            )) >
          LEGACY_BUILD_AGE_MS
        : isOrphaned(name);
      if (!orphan) continue;
      await rm(path, { recursive: true, force: true });
      removed.push(path);
    }
  }
  return removed;
}

async function compile(
  design: SimDesign,
  portTable: string,
  flags: readonly string[],
  command: string,
  cacheDir: string,
  dir: string,
): Promise<BuiltSimulator> {
  const tmpRoot = join(cacheDir, ".tmp");
  await mkdir(tmpRoot, { recursive: true });
  await removeOrphanedBuilds(cacheDir);
  const tmp = await mkdtemp(join(tmpRoot, `build-${ownerTag()}-`));
  // Verilator runs in `work`: the staging folder itself, or one in the system temp folder when the cache's path
  // holds whitespace (a project checked out in `/home/me/my designs`), copied back when the build is done.
  const work = MAKE_UNSAFE.test(tmp) && !MAKE_UNSAFE.test(tmpdir()) ? await mkdtemp(join(tmpdir(), `sme-build-${ownerTag()}-`)) : tmp;
  let running: { kill(): void } | undefined;
  const forget = onInterrupt(() => {
    running?.kill();
    rmSync(tmp, { recursive: true, force: true });
    if (work !== tmp) rmSync(work, { recursive: true, force: true });
  });
  try {
    const srcDir = join(work, "src");
    await mkdir(srcDir);
    const sources: string[] = [];
    for (const file of design.files) {
      await writeFile(join(srcDir, file.name), file.text);
      // Headers (.vh, .svh) are only included by other files, found through -I.
      if (/\.s?v$/.test(file.name)) sources.push(`src/${file.name}`);
    }
    // The static driver and its generated port table, side by side (the driver includes the table by name).
    await writeFile(join(srcDir, "driver.cpp"), driverSourceText());
    await writeFile(join(srcDir, portTableName), portTable);
    // Names relative to the build folder, where Verilator runs: its 5.006 wrapper splits absolute paths at
    // spaces and quotes. `-o` is relative to `-Mdir`.
    const args = [...flags, "--prefix", modelClass, "--top-module", design.top, "-Isrc", "-Mdir", "obj", "-o", "../sim", ...sources, "src/driver.cpp"];
    const env: Record<string, string> = {};
    if (await hasCcache()) env.OBJCACHE = "ccache";
    const child = execa(command, args, { cwd: work, env, all: true, reject: false });
    running = child;
    const result = await child;
    running = undefined;
    const log = `$ ${command} ${args.join(" ")}\n${result.all ?? ""}`;
    await writeFile(join(work, "build.log"), log);
    if ((result as { code?: string }).code === "ENOENT") throw new SimulatorNotFoundError(command);
    if (result.exitCode !== 0 || !existsSync(join(work, "sim"))) {
      throw new SimBuildError(`Verilator could not build ${design.top} (exit status ${result.exitCode ?? "none"})`, log);
    }
    await rm(join(work, "obj"), { recursive: true, force: true });
    if (work !== tmp) await cp(work, tmp, { recursive: true });
    try {
      await rename(tmp, dir);
    } catch (err) {
      // Another build of the same design won the race; its result is identical, so keep it.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOTEMPTY" && code !== "EEXIST") throw err;
    }
    return { executable: join(dir, "sim"), dir, cached: false, ms: 0 };
  } finally {
    await rm(tmp, { recursive: true, force: true });
    if (work !== tmp) await rm(work, { recursive: true, force: true });
    forget();
  }
}
