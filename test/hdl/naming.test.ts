import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { defineModule, emitVerilog, input, output, toSimDesign, uint } from "../../src/hdl/index.js";
import { NameScope, toIdentifier } from "../../src/hdl/naming.js";
import { projectRoot } from "../../src/util/paths.js";
import { NamedDesign } from "./fixtures/named-design.js";
import { expectToolsClean, lineOf } from "./helpers.js";

function declaredNames(text: string): string[] {
  // Declared signals, without the printer's temporaries.
  return [...text.matchAll(/^\s+(?:reg|wire)\s+(?:\[\d+:0\] )?(\w+);/gm)].map((m) => m[1]!).filter((n) => !n.startsWith("_"));
}

const EXPECTED = ["acc", "sum", "carry", "taps", "taps_1", "taps_2", "total", "later", "reg_", "chosen", "acc_1"];

describe("names from declarations", () => {
  it("reads variables, properties, class fields, assignments and map callbacks; escapes keywords; suffixes clashes", async () => {
    const [text] = await expectToolsClean(NamedDesign);
    expect(declaredNames(text!)).toEqual(EXPECTED);
    expect(text!).toContain("assign acc_1 = chosen;");
  });

  it("emits byte-identical Verilog under tsx in a fresh process (same names, same source lines)", async () => {
    const run = await execa("npx", ["tsx", "test/hdl/fixtures/named-design.ts"], { cwd: projectRoot, stripFinalNewline: false });
    const here = emitVerilog(NamedDesign).modules[0]!.text;
    expect(declaredNames(run.stdout)).toEqual(EXPECTED);
    expect(run.stdout).toBe(here);
    expect(emitVerilog(NamedDesign).modules[0]!.text).toBe(here);
  }, 60_000);

  it("points comments at the TypeScript lines that produced each block", () => {
    const text = emitVerilog(NamedDesign).modules[0]!.text;
    const src = "test/hdl/fixtures/named-design.ts";
    expect(text).toContain(`// ${src}:${lineOf("./fixtures/named-design.ts", "@sum")}\n  assign sum = a + acc;`);
    // A register's block names its declaration and the line that assigns it.
    expect(text).toContain(
      `// ${src}:${lineOf("./fixtures/named-design.ts", "@acc-decl")}, ${lineOf("./fixtures/named-design.ts", "@acc-set")}\n  always @(posedge clk) begin`,
    );
  });

  it("publishes the signal -> Verilog name map", () => {
    const d = toSimDesign(NamedDesign);
    expect(d.signals.map((s) => s.verilogName)).toEqual(EXPECTED);
    const later = d.signals.find((s) => s.verilogName === "later")!;
    expect(later).toMatchObject({ kind: "reg", width: 4, signed: false });
    expect(later.declaredAt).toBe(`test/hdl/fixtures/named-design.ts:${lineOf("./fixtures/named-design.ts", "@later")}`);
  });

  it("escapes reserved words and illegal characters in one place", () => {
    expect(toIdentifier("module")).toBe("module_");
    expect(toIdentifier("logic")).toBe("logic_");
    expect(toIdentifier("class")).toBe("class_");
    expect(toIdentifier("3rd-lane")).toBe("n_3rd_lane");
    expect(toIdentifier("__x")).toBe("_x");
    const scope = new NameScope();
    expect(["w", "w", "w_1", "w"].map((n) => scope.unique(n))).toEqual(["w", "w_1", "w_1_1", "w_2"]);
  });

  it("names intermediate values on request, from the declaration or explicitly", async () => {
    const def = defineModule("named_values", { a: input(uint(4)), b: input(uint(4)), y: output(uint(4)), z: output(uint(1)) }, (_m, io) => {
      const total = io.a.add(io.b).named();
      const wide = io.a.addx(io.b).named("carry_sum");
      io.y.set(total);
      io.z.set(wide.bit(4));
    });
    const [text] = await expectToolsClean(def);
    expect(text).toContain("assign total = a + b;");
    expect(text).toContain("assign carry_sum = {1'd0, a} + {1'd0, b};");
    expect(text).toContain("assign y = total;");
    expect(text).toContain("assign z = carry_sum[4];");
    expect(
      toSimDesign(def)
        .signals.filter((s) => s.kind === "named")
        .map((s) => [s.verilogName, s.width]),
    ).toEqual([
      ["total", 4],
      ["carry_sum", 5],
    ]);
  });

  it("names temporaries structurally and stably", async () => {
    const def = defineModule("temps", { a: input(uint(8)), b: input(uint(8)), y: output(uint(4)), z: output(uint(8)) }, (_m, io) => {
      const s = io.a.add(io.b);
      io.y.set(s.slice(7, 4));
      io.z.set(s.xor(io.a));
    });
    const [text] = await expectToolsClean(def);
    expect(text).toContain("assign _add0 = a + b;");
    expect(text).toContain("assign y = _add0[7:4];");
    expect(text).toContain("assign z = _add0 ^ a;");
  });
});
