/**
 * Bad input and hostile use of the commands that start no tool: each case asserts the exit status, the one-line
 * message and the files left behind (design.md §5.5, §5.6). Cases that simulate live in test/flow/verify.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ownerTag } from "../../src/util/debris.js";
import { type CliRun, runSme, tempDir } from "../flow/helpers.js";
import { writeNpy } from "../sweep/helpers.js";

const NOT_OURS = "choose a new or empty folder: sme never deletes or overwrites files it did not write";
const TILE = ["--rows", "8", "--cols", "8", "--weight-bits", "4", "--window", "2", "--act-bits", "4", "--squeeze", "1"];

/** One line on stderr (and its newline), nothing on stdout. */
function oneLine(r: CliRun, code: number): string {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stdout).toBe("");
  expect(r.stderr.split("\n")).toHaveLength(2);
  return r.stderr.trim();
}

async function model(
  dir: string,
  name = "w.npy",
  rows: number[][] = Array.from({ length: 8 }, (_, i) => Array.from({ length: 6 }, (_, j) => Math.sin(i * 7 + j * 3) * (j + 1))),
): Promise<string> {
  const path = join(dir, name);
  await writeNpy(path, rows);
  return path;
}

const sweep = (m: string, out: string, ...more: string[]) =>
  runSme(["sweep", m, "--rows", "4", "--cols", "4", "--mode", "dense", "--out", out, "--no-progress", ...more]);

describe("a folder holding the user's files is refused, and nothing in it changes", () => {
  it("sme examples: a user's file in a subfolder it would write, or anywhere in --out", async () => {
    const dir = await tempDir("hard-examples");
    await mkdir(join(dir, "ex", "counter"), { recursive: true });
    await writeFile(join(dir, "ex", "counter", "notes.txt"), "keep me");
    const msg = oneLine(await runSme(["examples", "--out", join(dir, "ex")]), 2);
    expect(msg).toBe(`sme: --out ${join(dir, "ex")} is not a folder sme wrote (it holds counter); ${NOT_OURS}`);
    expect(await readdir(join(dir, "ex", "counter"))).toEqual(["notes.txt"]);
    expect(await readFile(join(dir, "ex", "counter", "notes.txt"), "utf8")).toBe("keep me");
    expect(await readdir(dir)).toEqual(["ex"]); // no temporary folder left
  });

  it("sme sweep: a user's results.csv in --out", async () => {
    const dir = await tempDir("hard-sweep-csv");
    const m = await model(dir);
    await mkdir(join(dir, "out"));
    await writeFile(join(dir, "out", "results.csv"), "mine");
    expect(oneLine(await sweep(m, join(dir, "out")), 2)).toBe(`sme: --out ${join(dir, "out")} is not a folder sme wrote (it holds results.csv); ${NOT_OURS}`);
    expect(await readdir(join(dir, "out"))).toEqual(["results.csv"]);
    expect(await readFile(join(dir, "out", "results.csv"), "utf8")).toBe("mine");
  });
});

describe("a sweep whose input is wrong writes nothing", () => {
  it.each([
    ["an unknown --layer", () => ["--layer", "nope"], (m: string) => `sme: ${m} has no kernel named nope; kernels: w`],
    ["an unknown --cost", () => ["--cost", "bogus"], () => 'sme: unknown cost table "bogus": use a preset (sme, isaac) or a .json file'],
  ])("%s", async (_label, extra, message) => {
    const dir = await tempDir("hard-sweep-input");
    const m = await model(dir);
    expect(oneLine(await sweep(m, join(dir, "out"), ...extra()), 2)).toBe(message(m));
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("a model holding NaN", async () => {
    const dir = await tempDir("hard-sweep-nan");
    const m = await model(dir, "nan.npy", [
      [Number.NaN, 1],
      [2, 3],
    ]);
    expect(oneLine(await sweep(m, join(dir, "out")), 2)).toBe(`sme: ${m}: tensor nan holds NaN at element 0; weights must be finite numbers`);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("a grid of 16.7 million points is counted, not listed, and refused above --max-points", async () => {
    const dir = await tempDir("hard-sweep-grid");
    const m = await model(dir);
    const r = await runSme(["sweep", m, "--rows", "1..4096", "--cols", "1..4096", "--out", join(dir, "out"), "--no-progress"]);
    expect(oneLine(r, 2)).toBe(
      "sme: the grid has 16,777,216 points (--rows 4096 x --cols 4096 values), more than --max-points 100,000; narrow the ranges (a..b:step, a..b*factor), split the sweep, or raise --max-points",
    );
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("sweep merge and report of an empty results file both exit 2", async () => {
    const dir = await tempDir("hard-empty");
    await writeFile(join(dir, "empty.jsonl"), "");
    const message = `sme: no sweep results in ${join(dir, "empty.jsonl")}; run sme sweep first (or check the file names)`;
    expect(oneLine(await runSme(["sweep", "merge", join(dir, "empty.jsonl"), "--out", join(dir, "m")]), 2)).toBe(message);
    expect(oneLine(await runSme(["report", join(dir, "empty.jsonl"), "--out", join(dir, "r")]), 2)).toBe(message);
    expect((await readdir(dir)).sort()).toEqual(["empty.jsonl"]);
  });
});

describe("a run that cannot complete exits 3 with one line, no stack", () => {
  it.each([
    ["generate", () => ["generate", ...TILE, "--out", "/proc/sme-hardening/d"]],
    [
      "sweep (Node's recursive mkdir loops forever there)",
      (m: string) => ["sweep", m, "--rows", "4", "--cols", "4", "--mode", "dense", "--out", "/proc/sme-hardening/s", "--no-progress"],
    ],
    ["examples", () => ["examples", "--out", "/proc/sme-hardening/e"]],
  ])("--out under /proc: %s", async (_label, args) => {
    const dir = await tempDir("hard-proc");
    const m = await model(dir);
    const msg = oneLine(await runSme(args(m)), 3);
    expect(msg).toMatch(
      /^sme: cannot create (the folder|a temporary folder in) \/proc\/.*: a folder on the way does not exist or cannot hold files; choose a path on an ordinary disk \(ENOENT\)$/,
    );
  });

  it("a folder given as a results file (EISDIR), to report and to sweep merge", async () => {
    const dir = await tempDir("hard-eisdir");
    await mkdir(join(dir, "r.jsonl"));
    for (const args of [
      ["report", join(dir, "r.jsonl"), "--out", join(dir, "rep")],
      ["sweep", "merge", join(dir, "r.jsonl"), "--out", join(dir, "m")],
    ]) {
      expect(oneLine(await runSme(args), 3)).toBe(
        "sme: cannot read: a folder is in the way where a file belongs; move it away or choose another path (EISDIR)",
      );
    }
    expect(await readdir(dir)).toEqual(["r.jsonl"]);
  });
});

describe("any path works", () => {
  it("generate, sweep and report in a folder whose name holds a space, non-ASCII letters and quotes", async () => {
    const dir = join(await tempDir("hard-path"), `with space ü'q"x`);
    await mkdir(dir);
    const m = await model(dir);
    expect((await runSme(["generate", ...TILE, "--out", join(dir, "d"), "--json"])).code).toBe(0);
    expect(existsSync(join(dir, "d", "manifest.json"))).toBe(true);
    expect((await sweep(m, join(dir, "s"), "--json")).code).toBe(0);
    expect((await runSme(["report", join(dir, "s", "results.jsonl"), "--out", join(dir, "r"), "--json"])).code).toBe(0);
    expect(existsSync(join(dir, "r", "index.html"))).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(["d", "r", "s", "w.npy"]);
  });
});

describe("debris of a killed run is removed by the next run", () => {
  it("generate removes the temporary and swapped-out folders of a maker that is gone, and keeps a live one's", async () => {
    const dir = await tempDir("hard-debris");
    expect((await runSme(["generate", ...TILE, "--out", join(dir, "d"), "--json"])).code).toBe(0); // the design the old folders would restore
    const dead = 4_194_000 + (process.pid % 300); // above Linux's default pid_max: never a live process
    const host = ownerTag().slice(0, ownerTag().lastIndexOf("-"));
    const debris = [`.d.tmp-${host}-${dead}-AbC123`, `.d.old-${host}-${dead}-1700000000000`, `d.old-${dead}-1700000000000`];
    const live = `.d.tmp-${host}-${process.ppid}-ZzZ999`; // the test runner's parent is running
    for (const name of [...debris, live]) {
      await mkdir(join(dir, name));
      await writeFile(join(dir, name, "x.v"), "// partial");
    }
    expect((await runSme(["generate", ...TILE, "--out", join(dir, "d"), "--json"])).code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual([live, "d"].sort());
  });
});
