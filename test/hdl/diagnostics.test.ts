import { describe, expect, it } from "vitest";
import {
  bundle,
  bundlePorts,
  connectBundle,
  connectStream,
  defineGenerator,
  defineModule,
  emitVerilog,
  HdlErrorList,
  input,
  lit,
  output,
  sint,
  stream,
  streamIn,
  streamOut,
  uint,
} from "../../src/hdl/index.js";
import { expectErrorAt, hdlErrorOf, lineOf } from "./helpers.js";

const F = "diagnostics.test.ts";

describe("diagnostics carry the TypeScript file:line", () => {
  it("check-widths: implicit truncation", () => {
    const def = defineModule("d_trunc", { a: input(uint(8)), b: input(uint(8)), y: output(uint(8)) }, (_m, io) => {
      io.y.set(io.a.addx(io.b)); // @trunc
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@trunc",
      "assigning a 9-bit value to output 'y' of 8 bits would truncate it; use .trunc(8)",
    );
  });

  it("a module with several errors reports them all, each at its own line (inside when blocks too)", () => {
    const def = defineModule("d_many", { go: input(), a: input(uint(8)), y: output(uint(4)), z: output(uint(4)) }, (m, io) => {
      io.y.set(0);
      m.when(io.go, () => {
        io.y.set(io.a); // @many-first
        io.z.set(io.a.trunc(2)); // @many-second
      }).otherwise(() => io.z.set(0));
    });
    const err = hdlErrorOf(() => def);
    expectErrorAt(err, F, "@many-first", "assigning a 8-bit value to output 'y' of 4 bits would truncate it");
    expect(err).toBeInstanceOf(HdlErrorList);
    const [first, second, ...rest] = err.message.split("\n");
    expect(first).toBe(`test/hdl/${F}:${lineOf(`./${F}`, "@many-first")}: ${err.detail}`);
    expect(second).toBe("1 more design error in module 'd_many':");
    expect(rest).toEqual([
      `  test/hdl/${F}:${lineOf(`./${F}`, "@many-second")}: assigning a 2-bit value to output 'z' of 4 bits would extend it; use .zext(4) or .sext(4)`,
    ]);
  });

  it("check-widths: implicit extension", () => {
    const def = defineModule("d_ext", { a: input(uint(4)), y: output(uint(8)) }, (_m, io) => {
      io.y.set(io.a); // @ext
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@ext",
      "would extend it; use .zext(8) or .sext(8)",
    );
  });

  it("check-widths: an assignment nested in when/switch still points at its own line", () => {
    const def = defineModule("d_nested", { s: input(uint(2)), go: input(), a: input(uint(8)), y: output(uint(4)) }, (m, io) => {
      io.y.set(0);
      m.when(io.go, () => {
        m.switch(io.s)
          .is(1, () => io.y.set(1))
          .is(2, () => {
            io.y.set(io.a); // @nested
          });
      });
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@nested",
      "assigning a 8-bit value to output 'y' of 4 bits would truncate it",
    );
  });

  it("check-widths: signedness change", () => {
    const def = defineModule("d_sign", { a: input(sint(8)), y: output(uint(8)) }, (_m, io) => {
      io.y.set(io.a); // @signchange
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@signchange",
      "assigning a sint(8) value to output 'y' of type uint(8); convert it with .asUnsigned()",
    );
  });

  it("infer-widths: literal too wide for its target", () => {
    const def = defineModule("d_lit", { y: output(uint(4)) }, (_m, io) => {
      io.y.set(16); // @literal
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@literal",
      "literal 16 does not fit in output 'y' of type uint(4)",
    );
  });

  it("operators: mixed signedness", () => {
    const def = defineModule("d_mixed", { a: input(uint(8)), b: input(sint(8)), y: output(uint(8)) }, (_m, io) => {
      io.y.set(io.a.add(io.b)); // @mixed
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@mixed",
      "'add' mixes uint(8) and sint(8)",
    );
  });

  it("operators: literal operand out of range", () => {
    const def = defineModule("d_oprange", { a: input(uint(4)), y: output(uint(4)) }, (_m, io) => {
      io.y.set(io.a.add(20)); // @oprange
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@oprange",
      "literal 20 does not fit in uint(4)",
    );
  });

  it("operators: slice out of range", () => {
    const def = defineModule("d_slice", { a: input(uint(4)), y: output(uint(2)) }, (_m, io) => {
      io.y.set(io.a.slice(5, 4)); // @slice
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@slice",
      "slice(5, 4) is out of range for a 4-bit value",
    );
  });

  it("check-drivers: undriven output points at the module definition", () => {
    // biome-ignore format: the marker stays on the line the error reports
    const def = defineModule("d_undriven_out", { a: input(), y: output(), z: output() }, (_m, io) => { // @undrivenout
      io.y.set(io.a);
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@undrivenout",
      "undriven: output 'z' is never assigned",
    );
  });

  it("check-drivers: undriven wire points at its declaration", () => {
    const def = defineModule("d_undriven_wire", { y: output() }, (m, io) => {
      const floating = m.wire(1); // @undrivenwire
      io.y.set(floating);
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@undrivenwire",
      "undriven: wire 'floating' is never assigned",
    );
  });

  it("check-drivers: register never assigned", () => {
    const def = defineModule("d_undriven_reg", { clk: input(), y: output() }, (m, io) => {
      const stuck = m.reg(1); // @undrivenreg
      io.y.set(stuck);
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@undrivenreg",
      "undriven: register 'stuck' is never assigned",
    );
  });

  it("check-drivers: multiple drivers", () => {
    const def = defineModule("d_multi", { a: input(), b: input(), y: output() }, (_m, io) => {
      io.y.set(io.a);
      io.y.set(io.b); // @multi
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@multi",
      /multiple drivers: output 'y' is already assigned in this block \(at line \d+\)/,
    );
  });

  it("check-drivers: memory never written", () => {
    const def = defineModule("d_mem", { clk: input(), a: input(uint(2)), y: output(uint(8)) }, (m, io) => {
      const rom = m.memory(uint(8), 4); // @memnowrite
      io.y.set(rom.read(io.a));
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@memnowrite",
      "undriven: memory 'rom' is never written",
    );
  });

  it("check-latches: combinational signal not assigned on every path", () => {
    const def = defineModule("d_latch", { en: input(), a: input(uint(4)), y: output(uint(4)) }, (m, io) => {
      m.when(io.en, () => io.y.set(io.a)); // @latch
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@latch",
      "latch: output 'y' is not assigned on every path",
    );
  });

  it("check-usage: an input never read", () => {
    // biome-ignore format: the marker stays on the line the error reports
    const def = defineModule("d_unused_in", { a: input(), spare: input(), y: output() }, (_m, io) => { // @unusedin
      io.y.set(io.a);
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@unusedin",
      "unused: input 'spare' is never read; remove it or call .markUnused() on it",
    );
  });

  it("check-usage: some bits of a wire never read", () => {
    const def = defineModule("d_unused_bits", { a: input(uint(8)), y: output(uint(4)) }, (m, io) => {
      const wide = m.wire(uint(8)); // @unusedbits
      wide.set(io.a);
      io.y.set(wide.slice(5, 2));
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@unusedbits",
      "unused: bits [7:6], [1:0] of wire 'wide' are never read",
    );
  });

  it("check-comb-loops: a loop through two wires", () => {
    const def = defineModule("d_loop", { a: input(), y: output() }, (m, io) => {
      const p = m.wire(1);
      const q = m.wire(1);
      p.set(q.xor(io.a)); // @loop
      q.set(p);
      io.y.set(q);
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@loop",
      /combinational loop: wire '[pq]' -> wire '[pq]' -> wire '[pq]'/,
    );
  });

  it("check-comb-loops: a signal that depends on itself", () => {
    const def = defineModule("d_selfloop", { a: input(uint(4)), y: output(uint(4)) }, (m, io) => {
      const acc = m.wire(uint(4));
      acc.set(acc.add(io.a)); // @selfloop
      io.y.set(acc);
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@selfloop",
      "combinational loop: wire 'acc' -> wire 'acc'; break it with a register",
    );
  });

  it("check-comb-loops: a loop through an instance's combinational path", () => {
    const inv = defineModule("d_inv", { a: input(), y: output() }, (_m, io) => io.y.set(io.a.not()));
    const def = defineModule("d_loop_inst", { y: output() }, (m, io) => {
      const u = m.instance(inv);
      u.io.a.set(u.io.y); // @instloop
      io.y.set(u.io.y);
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@instloop",
      "combinational loop: output 'y' of instance 'u' (module 'd_inv') -> input 'a' of instance 'u'",
    );
  });

  it("instances: unconnected input", () => {
    const child = defineModule("d_child", { a: input(), b: input(), y: output() }, (_m, io) => io.y.set(io.a.and(io.b)));
    const def = defineModule("d_unconnected", { a: input(), y: output() }, (m, io) => {
      const u = m.instance(child, { connect: { a: io.a } }); // @unconnected
      io.y.set(u.io.y);
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@unconnected",
      "input 'b' of instance 'u' (module 'd_child') is not connected",
    );
  });

  it("instances: width-mismatched connection", () => {
    const child = defineModule("d_child8", { a: input(uint(8)), y: output(uint(8)) }, (_m, io) => io.y.set(io.a));
    const def = defineModule("d_mismatch", { a: input(uint(4)), y: output(uint(8)) }, (m, io) => {
      const u = m.instance(child);
      u.io.a.set(io.a); // @instwidth
      io.y.set(u.io.y);
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@instwidth",
      "assigning a 4-bit value to input 'a' of instance 'u' (module 'd_child8') of 8 bits would extend it",
    );
  });

  it("instances: a child's output is read-only", () => {
    const child = defineModule("d_child1", { y: output() }, (_m, io) => io.y.set(lit(1, uint(1))));
    const def = defineModule("d_drive_out", { y: output() }, (m, io) => {
      const u = m.instance(child);
      // @ts-expect-error a child's output is a Signal, which has no set()
      const attempt = (): void => u.io.y.set(0);
      expect(() => attempt()).toThrow(TypeError);
      io.y.set(u.io.y);
    });
    expect(emitVerilog(def).modules.map((x) => x.name)).toEqual(["d_child1", "d_drive_out"]);
  });

  it("builder: assigning an input port", () => {
    const def = defineModule("d_assign_in", { a: input(), y: output() }, (m, io) => {
      const w = m.wire(1);
      w.set(io.a);
      (m as unknown as { assign(t: unknown, v: number): void }).assign(io.a.sig, 0); // @assignin
      io.y.set(w);
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@assignin",
      "cannot assign input port 'a'",
    );
  });

  it("builder: registers need a clock port", () => {
    const def = defineModule("d_noclk", { y: output() }, (m, io) => {
      const r = m.reg(1); // @noclk
      r.set(r.not());
      io.y.set(r);
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@noclk",
      "registers need a clock: declare a 1-bit input port 'clk'",
    );
  });

  it("builder: duplicate switch case", () => {
    const def = defineModule("d_dupcase", { s: input(uint(2)), y: output() }, (m, io) => {
      io.y.set(0);
      m.switch(io.s)
        .is(1, () => io.y.set(1))
        .is(1, () => io.y.set(0)); // @dupcase
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@dupcase",
      "duplicate switch case 1",
    );
  });

  it("builder: memory address of the wrong width", () => {
    const def = defineModule("d_addr", { clk: input(), a: input(uint(3)), y: output(uint(8)) }, (m, io) => {
      const mem = m.memory(uint(8), 4);
      io.y.set(mem.read(io.a)); // @addr
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@addr",
      "memory address must be uint(2) for depth 4, got uint(3)",
    );
  });

  it("builder: signals of another module", () => {
    let leaked: import("../../src/hdl/index.js").Signal | undefined;
    const a = defineModule("d_leak_a", { x: input(), y: output() }, (_m, io) => {
      leaked = io.x;
      io.y.set(io.x);
    });
    emitVerilog(a);
    const b = defineModule("d_leak_b", { y: output() }, (_m, io) => {
      io.y.set(leaked!); // @leak
    });
    expectErrorAt(
      hdlErrorOf(() => b),
      F,
      "@leak",
      "a signal of module 'd_leak_a' assigned in module 'd_leak_b'",
    );
  });

  it("naming: reserved word as a port name", () => {
    const err = hdlErrorOf(() => defineModule("d_reserved", { reg: input(), y: output() }, (_m, io) => io.y.set(io.reg))); // @reserved
    expectErrorAt(err, F, "@reserved", "port name 'reg' of module 'd_reserved' is a reserved word");
  });

  it("emission: two different modules with one name", () => {
    const one = defineModule("d_same", { y: output() }, (_m, io) => io.y.set(1));
    const two = defineModule("d_same", { y: output() }, (_m, io) => io.y.set(0)); // @samename
    const top = defineModule("d_clash", { y: output(uint(2)) }, (m, io) => {
      const u1 = m.instance(one);
      const u2 = m.instance(two);
      io.y.set(u1.io.y.zext(2).add(u2.io.y.zext(2)));
    });
    expectErrorAt(
      hdlErrorOf(() => top),
      F,
      "@samename",
      "two different modules are both named 'd_same'",
    );
  });

  it("streams: connecting data of different types", () => {
    const def = defineModule("d_stream", { ...streamIn("in", uint(4)), ...streamOut("out", uint(8)) }, (_m, io) => {
      connectStream(stream(io, "out"), stream(io, "in")); // @stream
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@stream",
      "connectStream: data types differ: uint(4) into uint(8)",
    );
  });

  it("bundles: a field no side can drive", () => {
    const def = defineModule("d_bundle", { ...bundlePorts("x", { v: input() }), ...bundlePorts("y", { v: input() }) }, (_m, io) => {
      connectBundle(bundle(io, "y"), bundle(io, "x")); // @bundle
    });
    expectErrorAt(
      hdlErrorOf(() => def),
      F,
      "@bundle",
      "connectBundle: field 'v' is read-only on both sides",
    );
  });

  it("generators: parameters must be plain data", () => {
    const gen = defineGenerator(
      "d_gen",
      (_p: { readonly f: number }) => ({ y: output() }),
      (_m, io) => io.y.set(0),
    );
    const err = hdlErrorOf(() => gen({ f: Number.NaN })); // @genparam
    expectErrorAt(err, F, "@genparam", "generator parameter params.f must be a finite number");
  });
});
