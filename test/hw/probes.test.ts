/** The probe names of `tileProbes` exist in emitted tiles of every mode and kind. */
import { describe, expect, it } from "vitest";
import { resolveFlowConfig } from "../../src/flow/config.js";
import { generateDesign } from "../../src/flow/generate/generate.js";
import { rowMapShifts, tileProbes } from "../../src/hw/probes.js";
import { isRemapMode, MAPPING_MODES } from "../../src/params/index.js";

/** Declared signals of each module, by module name: name -> width. */
function declarations(files: readonly { name: string; text: string }[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const f of files) {
    for (const m of f.text.matchAll(/module (\w+) \(([\s\S]*?)\nendmodule/g)) {
      const decls = new Map<string, number>();
      for (const d of m[2].matchAll(/^\s*(?:input|output)?\s*(?:wire|reg)\s+(?:\[(\d+):0\]\s+)?(\w+)[;,]?$/gm))
        decls.set(d[2], d[1] === undefined ? 1 : Number(d[1]) + 1);
      out.set(m[1], decls);
    }
  }
  return out;
}

/** The module an instance of the top instantiates: `<module> <instance> (`. */
function instanceModule(topText: string, instance: string): string {
  const m = new RegExp(`^\\s*(\\w+) ${instance} \\($`, "m").exec(topText);
  if (!m) throw new Error(`no instance ${instance}`);
  return m[1];
}

/** Checks a probe: `name` or `instance.name` declared in the design, with its width and bit when given. */
function expectDeclared(
  probe: string | { signal: string; width: number; bit?: number },
  top: string,
  topText: string,
  decls: Map<string, Map<string, number>>,
): void {
  const signal = typeof probe === "string" ? probe : probe.signal;
  const m = /^(?:(\w+)\.)?(\w+)$/.exec(signal);
  expect(m, signal).not.toBeNull();
  const [, instance, name] = m!;
  const module = instance ? instanceModule(topText, instance) : top;
  const width = decls.get(module)?.get(name);
  expect(width, `${signal} in ${module}`).toBeDefined();
  if (typeof probe === "string") return;
  expect(width, signal).toBe(probe.width);
  if (probe.bit !== undefined) expect(probe.bit, signal).toBeLessThan(width!);
}

const cases = MAPPING_MODES.flatMap((mode) => (["programmable", "baked"] as const).map((kind) => ({ mode, kind })));

describe("tileProbes", () => {
  it.each(cases)("names only signals that exist: $mode, $kind", async ({ mode, kind }) => {
    // 72 rows: two row chunks (64 + 8) and, with 8-row OU groups, a group counter.
    const g = await generateDesign(
      resolveFlowConfig({ rows: 72, cols: 5, weightBits: 4, window: 2, actBits: 4, squeeze: 2, mode, kind, ouRows: 8, dacBits: 2 }),
    );
    const files = g.tile.design.files;
    const decls = declarations(files);
    const top = g.tile.name;
    const topText = files.find((f) => f.text.includes(`module ${top} (`))!.text;
    const probes = tileProbes(g.tile, g.plan);
    const check = (probe: string | { signal: string; width: number; bit?: number }) => expectDeclared(probe, top, topText, decls);
    for (const port of probes.handshakes) check(port);
    const c = probes.controller;
    for (const s of [c.accept, c.step, c.first, c.newDigit, c.capture, c.digit, c.group!, c.busy, c.last, c.holding]) check(s);
    expect(decls.get(top)!.get(c.digit)).toBe(c.digitWidth);
    const slots = kind === "programmable" ? g.tile.slots : Math.max(1, g.plan.crossbars.length);
    for (let s = 0; s < slots; s++) {
      for (let j = 0; j < 5; j++) {
        check(probes.count(s, j));
        check(probes.code(s, j));
      }
      for (const cell of probes.cells(s) ?? []) check(cell);
      if (probes.descriptors) check(probes.descriptors.descriptor(s));
    }
    if (kind === "programmable") expect(probes.cells(0)).toHaveLength(5 * 2);
    for (let j = 0; j < 5; j++) {
      check(probes.acc(j));
      check(probes.next(j));
    }
    check(probes.result);
    if (probes.descriptors) [probes.descriptors.enable, probes.descriptors.sign].forEach(check);
    for (let r = 0; r < 72; r++) {
      const act = probes.act(r);
      if (act) check(act);
    }
    expect(probes.act(0) === null).toBe(kind === "programmable" && isRemapMode(mode));
    // Row maps: one per sign (squeeze modes), one per crossbar (remap), none for dense and bitslice.
    if (mode === "dense" || mode === "bitslice") expect(probes.rowMaps).toEqual([]);
    else expect(probes.rowMaps.length).toBeGreaterThan(0);
    for (const map of probes.rowMaps) {
      for (const r of [0, 63, 64, 71]) {
        if (map.entry) {
          check(map.entry(r));
          expect(decls.get(top)!.get(map.entry(r))).toBeGreaterThanOrEqual(map.shift.offset + map.shift.width);
        }
        expect(map.drive(r)).toHaveLength(2);
        map.drive(r).forEach(check);
      }
      if (map.fixed) expect(map.fixed.shift).toHaveLength(72);
      if (mode === "remap") expect(map.valid ?? map.fixed).not.toBeNull();
    }
  });

  it("lists the shift values each mode's row maps can hold", () => {
    expect(rowMapShifts({ mode: "squeeze", squeeze: 3, weightBits: 8 })).toEqual([0, 3]);
    expect(rowMapShifts({ mode: "squeeze-min", squeeze: 2, weightBits: 8 })).toEqual([0, 1, 2]);
    expect(rowMapShifts({ mode: "remap", squeeze: 0, weightBits: 4 })).toEqual([0, 1, 2, 3]);
    expect(rowMapShifts({ mode: "dense", squeeze: 0, weightBits: 4 })).toEqual([0]);
  });
});
