import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TRACE_FORMAT, TraceWriter, writeTraceManifest } from "../../../src/accuracy/traces.js";
import { closeAllSimulations } from "../../../src/sim/index.js";
import { seededRandom } from "../../../src/sme/index.js";
import { encodeNpy } from "../../../src/util/npy.js";
import { runSme, SMALL, tempDir } from "../helpers.js";

afterAll(closeAllSimulations);

interface LayerJson {
  name: string;
  kind: string;
  tiles: { rows: number; cols: number; total: number };
  vectors: number;
  passes: number;
  tileVectors: number;
  outputsCompared: number;
  mismatches: number;
  programCycles: number;
  partialSums: { lossless: boolean; equalToProduct: boolean; differing: number };
  outputSqnrDb: number | null;
}
interface LayersJson {
  format: string;
  simulators: number;
  threads: number;
  layers: LayerJson[];
  totals: { tiles: number; tileVectors: number; mismatches: number; productFailures: number; programMsPerTile: number; vectorsPerSecond: number };
  firstMismatch: { layer: string; tile: [number, number]; pass: string; vector: number; column: number; expected: number; observed: number } | null;
}

/** Two real layers of the face ResNet: 147 x 32 (five row tiles of 32) and 256 x 128 (eight row tiles, four column tiles). */
const RESNET_LAYERS = ["--weights", "resnet", "--layers", "conv32_down/conv/filters,fc", "--rows", "32", "--cols", "32"] as const;

describe("sme verify on whole layers (Verilator)", () => {
  it("programs every tile of two face ResNet layers into one 32 x 32 build: no mismatch, partial sums equal the integer product", async () => {
    const dir = await tempDir("layers");
    const r = await runSme(["verify", ...RESNET_LAYERS, "--vectors", "24", "--out", join(dir, "d"), "--json"]);
    expect(r.stderr).not.toMatch(/sme: .*error/i);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as LayersJson;
    expect(s.format).toBe("sme-verify-layers/1");
    expect(s.layers.map((l) => [l.name, l.tiles.rows, l.tiles.cols])).toEqual([
      ["conv32_down/conv/filters", 5, 1],
      ["fc", 8, 4],
    ]);
    expect(s.totals.tiles).toBe(37);
    for (const l of s.layers) {
      expect(l).toMatchObject({ vectors: 24, passes: 1, mismatches: 0, tileVectors: l.tiles.total * 24, outputsCompared: l.tiles.total * 24 * 32 });
      expect(l.partialSums).toMatchObject({ lossless: true, equalToProduct: true, differing: 0 });
      expect(l.outputSqnrDb).toBeGreaterThan(15);
      // Every tile was programmed: K = 12 descriptors, 2 x 32 row-map entries and 32 rows of each crossbar in use.
      expect(l.programCycles).toBeGreaterThanOrEqual(l.tiles.total * (12 + 2 * 32));
    }
    expect(s.totals).toMatchObject({ mismatches: 0, productFailures: 0, tileVectors: 37 * 24 });
    expect(s.firstMismatch).toBeNull();
  });

  it("exits 1 with the first mismatch in full when the design has one constant flipped", async () => {
    const dir = await tempDir("layers-tamper");
    const out = join(dir, "d");
    expect((await runSme(["generate", "--rows", "32", "--cols", "32", "--out", out])).code).toBe(0);
    const top = (JSON.parse(await readFile(join(out, "manifest.json"), "utf8")) as { top: string }).top;
    const file = join(out, `${top}.v`);
    const text = await readFile(file, "utf8");
    // Cell row 31 is written when row 30 is: row 31 of every crossbar holds row 30's bits instead of its own.
    const tampered = text.replace(/assign (prog_row_sel\w*) = \{prog_row == 5'd31,/, "assign $1 = {prog_row == 5'd30,");
    expect(tampered).not.toBe(text);
    await writeFile(file, tampered);
    const r = await runSme(["verify", "--design", out, "--weights", "resnet", "--layers", "conv32_down/conv/filters,fc", "--vectors", "8", "--json"]);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout) as LayersJson;
    expect(s.totals.mismatches).toBeGreaterThan(0);
    expect(s.firstMismatch).toMatchObject({ layer: "conv32_down/conv/filters", pass: "positive" });
    expect(s.firstMismatch!.observed).not.toBe(s.firstMismatch!.expected);
    expect(r.stderr).toMatch(
      /sme: .*: \d of 2 layer\(s\) failed; \d+ of \d+ tile vectors differ from the golden tile model; first: layer conv32_down\/conv\/filters, tile \d+,0, positive pass, vector \d+ \(tile vector \d+\), column \d+: expected -?\d+, observed -?\d+/,
    );
  });

  it("runs a depthwise kernel on signed traces over three simulators, one patch per column, both passes subtracted", async () => {
    const dir = await tempDir("layers-dw");
    // A 3 x 3 depthwise kernel over 12 channels: a 9 x 12 matrix, 2 x 2 tiles of 8 x 8.
    const rand = seededRandom(4);
    const kernel = Float32Array.from({ length: 9 * 12 }, () => rand() - 0.5);
    const weights = join(dir, "block_depthwise.npy");
    await writeFile(weights, encodeNpy(kernel, [3, 3, 12, 1]));
    const traces = join(dir, "traces");
    const writer = new TraceWriter(traces, new Map([["block_depthwise", "detector"]]));
    writer.beginImage("p.png");
    const part = (seed: number): Uint8Array => {
      const r = seededRandom(seed);
      return Uint8Array.from({ length: 5 * 12 * 9 }, () => (r() < 0.5 ? 0 : Math.floor(r() * 16)));
    };
    writer.record("block_depthwise", "depthwise", "positive", part(1), [5, 12, 9]);
    writer.record("block_depthwise", "depthwise", "negative", part(2), [5, 12, 9]);
    writeTraceManifest(traces, {
      format: TRACE_FORMAT,
      configuration: { id: "squeeze-min-d1", label: "squeeze-min D=1", tile: {}, scale: "layer" },
      actBits: 4,
      dtype: "uint8",
      images: ["p.png"],
      layers: [
        {
          network: "detector",
          name: "block_depthwise",
          kind: "depthwise",
          kernelShape: [3, 3, 12, 1],
          fanIn: 9,
          fanOut: 12,
          scale: 0.1,
          signed: true,
          files: writer.files,
        },
      ],
    });
    const r = await runSme([
      "verify",
      ...SMALL,
      "--weights",
      weights,
      "--all-tiles",
      "--activations",
      traces,
      "--jobs",
      "3",
      "--out",
      join(dir, "d"),
      "--json",
    ]);
    expect(r.stderr).not.toMatch(/sme: .*error/i);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as LayersJson;
    // Two simulators in this thread, the third in a worker thread.
    expect(s).toMatchObject({ simulators: 3, threads: 2 });
    const [l] = s.layers;
    expect(l).toMatchObject({ kind: "depthwise", vectors: 5, passes: 2, mismatches: 0, tiles: { rows: 2, cols: 2, total: 4 } });
    // Per row tile and pass: 5 positions x 12 patches (8 in the first column tile, 4 in the second).
    expect(l!.tileVectors).toBe(2 * 2 * 5 * 12);
    expect(l!.partialSums).toMatchObject({ equalToProduct: true, differing: 0 });

    // The same kernel's first 3 positions from an .npy of unsigned codes.
    const npy = join(dir, "x.npy");
    await writeFile(npy, encodeNpy(part(3).subarray(0, 3 * 12 * 9), [3, 12, 9]));
    const again = await runSme(["verify", ...SMALL, "--weights", weights, "--all-tiles", "--activations", npy, "--jobs", "1", "--out", join(dir, "d")]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/block_depthwise\s*│\s*depthwise\s*│\s*2x2\s*│\s*3\s*│\s*1\s*│\s*72\s*│\s*0\s*│\s*= product/);
    expect(again.stdout).toMatch(/total\s+1 layer\(s\), 4 tiles, 72 tile vectors, 576 tile outputs compared, 0 mismatches/);
  });

  it("refuses bad input before building anything (exit status 2)", async () => {
    const unknown = await runSme(["verify", "--weights", "resnet", "--layers", "fc,conv_nope", "--rows", "32", "--cols", "32"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/has no kernel named conv_nope; kernels: conv32_down\/conv\/filters/);
    const stray = await runSme(["verify", "--max-vectors", "5"]);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/--max-vectors belong to whole-layer runs/);
    const dir = await tempDir("layers-bad");
    const npy = join(dir, "x.npy");
    await writeFile(npy, encodeNpy(new Uint8Array(2 * 100), [2, 100]));
    const rows = await runSme(["verify", "--weights", "resnet", "--layer", "fc", "--all-tiles", "--activations", npy]);
    expect(rows.code).toBe(2);
    expect(rows.stderr).toMatch(/has shape \[2, 100\] \(100 values per vector, the kernel has 256 rows\)/);
  });
});
