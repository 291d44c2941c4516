import type { EmittedDesign } from "../../src/hdl/index.js";
import type { PortInfo } from "../../src/sim/design.js";
import { icarusSimulate, withTempDir, writeFiles } from "../../src/tools/index.js";

/**
 * Applies input vectors to a combinational design in Icarus Verilog and returns every output's value per
 * vector (as unsigned bit patterns). A small, dependency-free check of emitted semantics for the DSL tests.
 */
export async function simulateComb(
  design: EmittedDesign,
  ports: readonly PortInfo[],
  vectors: readonly Record<string, bigint>[],
): Promise<Record<string, bigint>[]> {
  const inputs = ports.filter((p) => p.direction === "input");
  const outputs = ports.filter((p) => p.direction === "output");
  const decl = (p: PortInfo, kind: string): string => `  ${kind} ${p.width > 1 ? `[${p.width - 1}:0] ` : ""}${p.name};`;
  const lines = [
    "`timescale 1ns/1ps",
    "module tb;",
    ...inputs.map((p) => decl(p, "reg")),
    ...outputs.map((p) => decl(p, "wire")),
    `  ${design.top} dut (${ports.map((p) => `.${p.name}(${p.name})`).join(", ")});`,
    "  initial begin",
  ];
  for (const v of vectors) {
    for (const p of inputs) lines.push(`    ${p.name} = ${p.width}'h${BigInt.asUintN(p.width, v[p.name] ?? 0n).toString(16)};`);
    lines.push("    #1;", `    $display("${outputs.map(() => "%h").join(" ")}", ${outputs.map((p) => p.name).join(", ")});`);
  }
  lines.push("    $finish;", "  end", "endmodule", "");
  return withTempDir("hdl-sim", async (dir) => {
    const files = [...design.modules.map((m) => ({ name: m.file, text: m.text })), { name: "tb.v", text: lines.join("\n") }];
    const run = await icarusSimulate(dir, await writeFiles(dir, files));
    const rows = run.output.split("\n").filter((l) => /^[0-9a-fxz ]+$/i.test(l.trim()) && l.trim() !== "");
    return rows.map((row) => {
      const fields = row.trim().split(/\s+/);
      const out: Record<string, bigint> = {};
      outputs.forEach((p, i) => {
        const f = fields[i]!;
        if (/[xz]/i.test(f)) throw new Error(`output ${p.name} is ${f} (undefined) in simulation`);
        out[p.name] = BigInt(`0x${f}`);
      });
      return out;
    });
  });
}

/** A small deterministic generator of test vectors (xorshift), biased toward edge values. */
export function vectorSource(seed: number): (width: number) => bigint {
  let s = BigInt(seed) | 1n;
  const next = (): bigint => {
    s ^= (s << 13n) & 0xffffffffffffffffn;
    s ^= s >> 7n;
    s ^= (s << 17n) & 0xffffffffffffffffn;
    return s;
  };
  return (width) => {
    const r = next();
    const mask = (1n << BigInt(width)) - 1n;
    const pick = r % 8n;
    if (pick === 0n) return 0n;
    if (pick === 1n) return mask;
    if (pick === 2n) return 1n << BigInt(width - 1);
    if (pick === 3n) return mask >> 1n;
    return (r >> 3n) & mask;
  };
}
