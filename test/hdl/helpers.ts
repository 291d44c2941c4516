import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { emitVerilog, HdlError, type ModuleDef, type PortSpecs } from "../../src/hdl/index.js";
import { iverilogCompile, verilatorLint, yosysCheck } from "../../src/tools/index.js";

/** The 1-based line of `file` that carries the comment `// <marker>` (the line a diagnostic must point to). */
export function lineOf(file: string, marker: string): number {
  const lines = readFileSync(new URL(file, import.meta.url), "utf8").split("\n");
  const hits = lines.flatMap((l, i) => (l.includes(`// ${marker}`) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`marker ${marker} found ${hits.length} times in ${file}`);
  return hits[0]!;
}

/** Runs `build` (elaboration and emission) and returns the HdlError it must throw. */
export function hdlErrorOf(build: () => unknown): HdlError {
  try {
    const r = build();
    if (r && typeof r === "object" && "elaborate" in r) emitVerilog(r as ModuleDef<PortSpecs>);
  } catch (err) {
    if (err instanceof HdlError) return err;
    throw err;
  }
  throw new Error("expected an HdlError, but the design was accepted");
}

/** Asserts the error points at `file` (relative to the project root) and the line marked `marker`. */
export function expectErrorAt(err: HdlError, file: string, marker: string, message: RegExp | string): void {
  const line = lineOf(`./${file.split("/").pop()}`, marker);
  expect(err.message.startsWith(`test/hdl/${file.split("/").pop()}:${line}: `), err.message).toBe(true);
  if (typeof message === "string") expect(err.detail).toContain(message);
  else expect(err.detail).toMatch(message);
}

/** Emits `def`, then requires Verilator lint (every module as top), iverilog and yosys to pass cleanly. */
export async function expectToolsClean(def: ModuleDef<PortSpecs>): Promise<string[]> {
  const d = emitVerilog(def);
  const files = d.modules.map((m) => ({ name: m.file, text: m.text }));
  for (const m of d.modules) {
    const lint = await verilatorLint(files, m.name);
    expect(lint.output, m.text).toBe("");
    expect(lint.ok).toBe(true);
    expect(lint.version).toMatch(/^Verilator \d/); // the real tool ran
  }
  const iv = await iverilogCompile(files, d.top);
  expect(iv.output, files.map((f) => f.text).join("\n")).toBe("");
  expect(iv.ok).toBe(true);
  expect(iv.version).toMatch(/^Icarus Verilog version \d/);
  const ys = await yosysCheck(files, d.top);
  expect(ys.output).toBe("");
  expect(ys.ok).toBe(true);
  expect(ys.version).toMatch(/^Yosys \d/);
  return d.modules.map((m) => m.text);
}

/** A seeded xorshift32 stream of numbers in [0, 1), so random designs are reproducible from their seed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}
