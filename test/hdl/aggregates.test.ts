import { describe, expect, expectTypeOf, it } from "vitest";
import {
  bool,
  cat,
  defineGenerator,
  defineModule,
  emitVerilog,
  input,
  interleaved,
  lit,
  mux,
  output,
  sint,
  struct,
  toSimDesign,
  uint,
  vec,
  type Reg,
  type Signal,
  type Wire,
} from "../../src/hdl/index.js";
import { expectErrorAt, expectToolsClean, hdlErrorOf } from "./helpers.js";
import { simulateComb } from "./iverilog-sim.js";

const F = "aggregates.test.ts";

/** Port declarations of a module's Verilog header, in order. */
function portLines(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => /^\s*(input|output) /.test(l))
    .map((l) => l.trim().replace(/,$/, ""));
}

const saturate = defineGenerator(
  "agg_saturate",
  (p: { readonly n: number }) => ({ count: input(vec(uint(6), p.n)), code: output(vec(uint(4), p.n)) }),
  (_m, io) => {
    io.count.forEach((count, j) => {
      io.code[j]?.set(mux(count.gt(lit(15, uint(6))), lit(15, uint(4)), count.trunc(4)));
    });
  },
);

describe("vector ports", () => {
  it("are typed arrays inside the module and flat ports name_<i> in Verilog, in declaration order", async () => {
    const def = defineModule("agg_ports", { a: input(vec(uint(3), 3)), en: input(), y: output(vec(uint(3), 3)) }, (_m, io) => {
      expectTypeOf(io.a).toEqualTypeOf<readonly Signal[]>();
      expectTypeOf(io.y).toEqualTypeOf<readonly Wire[]>();
      expect(io.a).toHaveLength(3);
      io.y.forEach((y, i) => {
        y.set(mux(io.en, io.a[2 - i] ?? 0, lit(0, uint(3))));
      });
    });
    const [text] = await expectToolsClean(def);
    expect(portLines(text ?? "")).toEqual([
      "input  wire [2:0] a_0",
      "input  wire [2:0] a_1",
      "input  wire [2:0] a_2",
      "input  wire en",
      "output wire [2:0] y_0",
      "output wire [2:0] y_1",
      "output wire [2:0] y_2",
    ]);
    const sim = toSimDesign(def);
    const rows = await simulateComb(emitVerilog(def), sim.ports, [{ a_0: 1n, a_1: 2n, a_2: 7n, en: 1n }]);
    expect(rows).toEqual([{ y_0: 7n, y_1: 2n, y_2: 1n }]);
  });

  it("on instances: inst.io.code[j] is the parent's side of child port code_<j>; connect takes arrays", async () => {
    const child = defineModule("agg_child", { a: input(vec(uint(4), 2)), y: output(vec(uint(4), 2)) }, (_m, io) => {
      io.y.forEach((y, i) => {
        y.set(io.a[i]?.add(1) ?? lit(0, uint(4)));
      });
    });
    const def = defineModule("agg_parent", { a: input(uint(4)), b: input(uint(4)), y: output(uint(4)), z: output(uint(4)) }, (m, io) => {
      const u = m.instance(child, { connect: { a: [io.a, io.b] } });
      expectTypeOf(u.io.y).toEqualTypeOf<readonly Signal[]>();
      expectTypeOf(u.io.a).toEqualTypeOf<readonly Wire[]>();
      const [y0, y1] = u.io.y;
      if (!y0 || !y1) throw new Error("two outputs expected");
      io.y.set(y0);
      io.z.set(y1);
    });
    const texts = await expectToolsClean(def);
    expect(texts[1]).toContain(".a_0(a),\n    .a_1(b),\n    .y_0(u_y_0),\n    .y_1(u_y_1)");
    const rows = await simulateComb(emitVerilog(def), toSimDesign(def).ports, [{ a: 3n, b: 15n }]);
    expect(rows).toEqual([{ y: 4n, z: 0n }]);
  });

  it("vectors of vectors, elements of different widths and name suffixes of one's own", async () => {
    const chunks = [
      { lo: 0, width: 3 },
      { lo: 3, width: 2 },
    ];
    const plane = vec((c) => uint(chunks[c]?.width ?? 1), chunks.length, { suffix: (c) => `r${chunks[c]?.lo}` });
    const def = defineModule("agg_nested", { drive: input(vec(plane, 2, { suffix: (b) => `b${b}` })), any: output(vec(bool, 2)) }, (_m, io) => {
      expectTypeOf(io.drive).toEqualTypeOf<readonly (readonly Signal[])[]>();
      io.any.forEach((a, b) => {
        a.set(cat(...(io.drive[b] ?? [])).orR());
      });
    });
    const [text] = await expectToolsClean(def);
    expect(portLines(text ?? "")).toEqual([
      "input  wire [2:0] drive_b0_r0",
      "input  wire [1:0] drive_b0_r3",
      "input  wire [2:0] drive_b1_r0",
      "input  wire [1:0] drive_b1_r3",
      "output wire any_0",
      "output wire any_1",
    ]);
  });

  it("interleaved vectors are declared element by element", () => {
    const def = defineModule(
      "agg_rows",
      { ...interleaved({ x: input(vec(uint(2), 2)), shift: input(vec(bool, 2)) }), y: output(vec(uint(3), 2)) },
      (_m, io) => {
        io.y.forEach((y, r) => {
          const x = io.x[r];
          const s = io.shift[r];
          if (x && s) y.set(x.zext(3).or(s.zext(3).shl(2).trunc(3)));
        });
      },
    );
    expect(portLines(emitVerilog(def).modules[0]?.text ?? "")).toEqual([
      "input  wire [1:0] x_0",
      "input  wire shift_0",
      "input  wire [1:0] x_1",
      "input  wire shift_1",
      "output wire [2:0] y_0",
      "output wire [2:0] y_1",
    ]);
  });

  it("a generator's vector ports follow its parameters", () => {
    const text = emitVerilog(saturate({ n: 3 })).modules[0]?.text ?? "";
    expect(portLines(text)).toHaveLength(6);
    expect(portLines(text)[5]).toBe("output wire [3:0] code_2");
  });
});

describe("vector wires and registers", () => {
  it("are named after the declaration (or their explicit name) plus _<i>; registers share the reset", async () => {
    const def = defineModule("agg_regs", { clk: input(), rst: input(), a: input(uint(4)), y: output(uint(4)) }, (m, io) => {
      const taps = m.reg(vec(uint(4), 3), { reset: 0 });
      expectTypeOf(taps).toEqualTypeOf<readonly Reg[]>();
      const sums = m.wire(vec(uint(4), 2), { name: "partial" });
      taps.forEach((t, i) => {
        t.set(i === 0 ? io.a : (taps[i - 1] ?? io.a));
      });
      sums[0]?.set(io.a.add(taps[0] ?? 0));
      sums[1]?.set((sums[0] ?? io.a).add(taps[1] ?? 0));
      io.y.set((sums[1] ?? io.a).add(taps[2] ?? 0));
    });
    const [text] = await expectToolsClean(def);
    expect(text).toContain("reg  [3:0] taps_0;");
    expect(text).toContain("reg  [3:0] taps_2;");
    expect(text).toContain("wire [3:0] partial_1;");
    expect(text).toMatch(/if \(rst\) begin\n\s+taps_1 <= 4'd0;/);
    expect(toSimDesign(def).signals.map((s) => s.verilogName)).toEqual(["taps_0", "taps_1", "taps_2", "partial_0", "partial_1"]);
  });

  it("report width mismatches of an element by its Verilog name, at the TypeScript line", () => {
    const def = defineModule("agg_width", { a: input(uint(5)), y: output(vec(uint(4), 2)) }, (_m, io) => {
      io.y[0]?.set(io.a.trunc(4));
      io.y[1]?.set(io.a); // @elem-width
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@elem-width",
      "assigning a 5-bit value to output 'y_1' of 4 bits would truncate it; use .trunc(4)",
    );
  });

  it("reject bad element suffixes and array connections of the wrong length", () => {
    expectErrorAt(
      hdlErrorOf(() => vec(bool, 2, { suffix: () => "same" })), // @dup-suffix
      F,
      "@dup-suffix",
      "vector elements share the name suffix 'same'; give each element its own",
    );
    // biome-ignore format: the marker stays on the line the error reports
    expectErrorAt(hdlErrorOf(() => vec(bool, 1, { suffix: () => "a-b" })), F, "@bad-suffix", "vector element 0 has the name suffix 'a-b'"); // @bad-suffix
    const child = defineModule("agg_conn_child", { a: input(vec(bool, 2)), y: output() }, (_m, io) => io.y.set(cat(...io.a).orR()));
    const def = defineModule("agg_conn", { a: input(), y: output() }, (m, io) => {
      const u = m.instance(child, { connect: { a: [io.a] } }); // @conn-length
      io.y.set(u.io.y);
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@conn-length",
      "input 'a' of module 'agg_conn_child' is a vector of 2; connect it with an array of as many values",
    );
    expectErrorAt(
      hdlErrorOf(() => interleaved({ x: input(vec(bool, 2)), s: input(vec(bool, 3)) })), // @interleave
      F,
      "@interleave",
      "interleaved: port 's' has 3 elements, the others 2",
    );
  });
});

describe("structs", () => {
  const Descriptor = struct({ enable: bool, sign: bool, base: uint(3) });

  it("pack fields most significant first and view them by name", async () => {
    expect(Descriptor.width).toBe(5);
    expect(Descriptor.fields.map((f) => [f.name, f.offset, f.type.width])).toEqual([
      ["enable", 4, 1],
      ["sign", 3, 1],
      ["base", 0, 3],
    ]);
    const def = defineModule(
      "agg_struct",
      { clk: input(), rst: input(), we: input(), data: input(uint(5)), d: output(Descriptor), enable: output(), base: output(uint(3)), neg: output(sint(3)) },
      (m, io) => {
        const stored = m.reg(Descriptor, { reset: 0 });
        m.when(io.we, () => stored.set(io.data));
        const f = Descriptor.view(stored);
        io.enable.set(f.enable);
        io.base.set(f.base);
        io.neg.set(f.base.asSigned());
        io.d.set(Descriptor.pack({ enable: f.sign, sign: f.enable, base: f.base }));
      },
    );
    const [text] = await expectToolsClean(def);
    expect(text).toContain("assign enable = stored[4];");
    expect(text).toContain("assign base = stored[2:0];");
    expect(text).toContain("assign d = {stored[3], stored[4], stored[2:0]};");
  });

  it("signed fields read as signed; a view of the wrong width is an error at its line", () => {
    const S = struct({ hi: sint(2), lo: uint(2) });
    const def = defineModule("agg_struct_bad", { a: input(uint(5)), y: output(sint(2)) }, (_m, io) => {
      io.y.set(S.view(io.a.trunc(4)).hi);
      S.view(io.a); // @view-width
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@view-width",
      "a struct of 4 bits cannot view a 5-bit value",
    );
  });

  it("vectors of structs", () => {
    const def = defineModule("agg_struct_vec", { clk: input(), rst: input(), d: input(vec(Descriptor, 2)), on: output(uint(2)) }, (m, io) => {
      const slots = m.reg(vec(Descriptor, 2), { reset: 0, name: "descriptor" });
      slots.forEach((s, i) => {
        s.set(io.d[i] ?? 0);
      });
      io.on.set(cat(...slots.map((s) => Descriptor.view(s).enable).reverse()));
      // Only the enable bits are read.
      for (const s of slots) s.markUnused();
    });
    const text = emitVerilog(def).modules[0]?.text ?? "";
    expect(text).toContain("reg  [4:0] descriptor_1;");
    expect(text).toContain("assign on = {descriptor_1[4], descriptor_0[4]};");
  });
});

describe("shorthands", () => {
  it("wire(value) names a value as a wire assigned once; regNext registers a value (under an enable)", async () => {
    const def = defineModule(
      "agg_short",
      { clk: input(), rst: input(), a: input(uint(4)), b: input(uint(4)), go: input(), y: output(uint(4)), z: output(uint(4)) },
      (m, io) => {
        const sum = m.wire(io.a.add(io.b));
        const masked = m.wire(sum.and(io.b), { name: "keep" });
        m.when(io.go, () => {
          const mixed = m.wire(io.a.xor(io.b)); // assigned unconditionally all the same
          io.z.set(mixed);
        }).otherwise(() => io.z.set(0));
        const held = m.regNext(masked, { enable: io.go, reset: 0 });
        const last = m.regNext(held);
        io.y.set(last);
      },
    );
    const [text] = await expectToolsClean(def);
    expect(text).toContain("assign sum = a + b;");
    expect(text).toContain("assign keep = sum & b;");
    expect(text).toContain("assign mixed = a ^ b;");
    expect(text).toMatch(/if \(rst\) begin\n\s+held <= 4'd0;\n\s+end else begin\n\s+if \(go\) begin\n\s+held <= keep;/);
    expect(text).toMatch(/always @\(posedge clk\) begin\n\s+last <= held;/);
  });
});
