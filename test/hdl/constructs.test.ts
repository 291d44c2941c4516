import { describe, expect, it } from "vitest";
import {
  bundle,
  bundlePorts,
  cat,
  connectBundle,
  connectStream,
  defineGenerator,
  defineModule,
  emitVerilog,
  flipPorts,
  input,
  lit,
  mux,
  output,
  sint,
  stream,
  streamIn,
  streamOut,
  toSimDesign,
  uint,
} from "../../src/hdl/index.js";
import type { Dut } from "../../src/sim/index.js";
import { expectToolsClean } from "./helpers.js";

describe("constructs emit lint-clean Verilog", () => {
  it("switch (full and with default), when/elsewhen/otherwise and defaults in combinational logic", async () => {
    const def = defineModule(
      "ctl",
      { op: input(uint(2)), a: input(uint(8)), b: input(uint(8)), go: input(), stop: input(), y: output(uint(8)), z: output(uint(8)), s: output(uint(2)) },
      (m, io) => {
        m.switch(io.op)
          .is(0, () => io.y.set(io.a.add(io.b)))
          .is(1, () => io.y.set(io.a.sub(io.b)))
          .is([2, 3], () => io.y.set(io.a.xor(io.b)));
        io.z.set(0);
        m.switch(io.op)
          .is(3, () => io.z.set(io.a))
          .default(() => m.when(io.go, () => io.z.set(io.b)));
        m.when(io.go, () => io.s.set(1))
          .elsewhen(io.stop, () => io.s.set(2))
          .otherwise(() => io.s.set(0));
      },
    );
    const [text] = await expectToolsClean(def);
    expect(text).toContain("case (op)");
    expect(text).toMatch(/2'd2, 2'd3: begin|default: begin\n\s+y = a \^ b;/);
    expect(text).toContain("end else if (stop) begin");
    expect(text).toContain("z = 8'd0;");
  });

  it("a switch case that assigns only other signals still keeps its values out of the default", async () => {
    const def = defineModule("sw_split", { op: input(uint(2)), a: input(uint(4)), y: output(uint(4)), z: output(uint(4)) }, (m, io) => {
      io.y.set(0);
      io.z.set(0);
      m.switch(io.op)
        .is(1, () => io.z.set(io.a))
        .default(() => io.y.set(io.a));
    });
    const [text] = await expectToolsClean(def);
    // For y, op == 1 must not fall into the default.
    expect(text).toMatch(/y = 4'd0;\n\s+case \(op\)\n\s+2'd1: begin\n\s+end\n\s+default: begin\n\s+y = a;/);
  });

  it("memories: synchronous write, combinational and registered reads with enable", async () => {
    const def = defineModule(
      "mem2",
      { clk: input(), we: input(), re: input(), wa: input(uint(3)), wd: input(uint(8)), ra: input(uint(3)), comb: output(uint(8)), sync: output(uint(8)) },
      (m, io) => {
        const store = m.memory(uint(8), 6);
        m.when(io.we, () => store.write(io.wa, io.wd));
        io.comb.set(store.read(io.ra));
        const held = store.readSync(io.ra, { enable: io.re });
        io.sync.set(held);
      },
    );
    const [text] = await expectToolsClean(def);
    expect(text).toContain("reg  [7:0] store [0:5];");
    expect(text).toContain("store[wa] <= wd;");
    expect(text).toMatch(/if \(re\) begin\n\s+held <= store\[ra\];/);
  });

  it("signed arithmetic, dynamic bit index, shifts and explicit casts", async () => {
    const def = defineModule(
      "sgn",
      {
        a: input(sint(8)),
        b: input(sint(6)),
        i: input(uint(3)),
        k: input(uint(2)),
        y: output(sint(14)),
        picked: output(),
        sh: output(uint(11)),
        c: output(uint(1)),
      },
      (_m, io) => {
        io.y.set(io.a.mul(io.b));
        io.picked.set(io.a.asUnsigned().bit(io.i));
        io.sh.set(io.a.asUnsigned().shl(io.k));
        io.c.set(io.a.lt(io.b));
      },
    );
    const [text] = await expectToolsClean(def);
    expect(text).toContain("$signed(a) < $signed({{2{b[5]}}, b})");
  });

  it("unused inputs and instance outputs marked explicitly get a lint pragma, nothing else does", async () => {
    const child = defineModule("two_out", { a: input(uint(4)), lo: output(uint(2)), hi: output(uint(2)) }, (_m, io) => {
      io.lo.set(io.a.slice(1, 0));
      io.hi.set(io.a.slice(3, 2));
    });
    const def = defineModule("uses_part", { a: input(uint(4)), spare: input(uint(3)), y: output(uint(2)) }, (m, io) => {
      io.spare.markUnused();
      const u = m.instance(child, { connect: { a: io.a } });
      u.io.hi.markUnused();
      io.y.set(u.io.lo);
    });
    const texts = await expectToolsClean(def);
    const top = texts[1]!;
    expect(top.match(/lint_off UNUSEDSIGNAL/g)?.length).toBe(2);
    expect(top).toContain("/* verilator lint_off UNUSEDSIGNAL */\n  input  wire [2:0] spare,");
    expect(top).toContain("/* verilator lint_off UNUSEDSIGNAL */\n  wire [1:0] u_hi;");
    expect(top).toContain(".a(a),");
  });

  it("valid/ready streams: declared once, flipped, connected with one checked call", async () => {
    const sinkPorts = streamIn("in", uint(8));
    expect(Object.fromEntries(Object.entries(flipPorts(sinkPorts)).map(([k, p]) => [k, p.dir]))).toEqual({
      in_valid: "output",
      in_ready: "input",
      in_data: "output",
    });
    const passthrough = defineModule("pass", { ...streamIn("in", uint(8)), ...streamOut("out", uint(8), "sum") }, (_m, io) => {
      connectStream(stream(io, "out", "sum"), stream(io, "in"));
    });
    const [text] = await expectToolsClean(passthrough);
    expect(text).toContain("assign out_valid = in_valid;");
    expect(text).toContain("assign in_ready = out_ready;");
    expect(text).toContain("assign out_sum = in_data;");

    const narrow = defineModule("narrow", { ...streamIn("in", uint(4)), ...streamOut("out", uint(8)) }, (_m, io) => {
      connectStream(stream(io, "out"), stream(io, "in"));
    });
    expect(() => emitVerilog(narrow)).toThrow(/connectStream: data types differ: uint\(4\) into uint\(8\)/);
  });

  it("mux, cat and literals of explicit type", async () => {
    const def = defineModule("mx", { s: input(), a: input(uint(3)), y: output(uint(8)) }, (_m, io) => {
      io.y.set(mux(io.s, cat(io.a, lit(5, uint(5))), lit(0xff, uint(8))));
    });
    const [text] = await expectToolsClean(def);
    expect(text).toContain("assign y = s ? {a, 5'd5} : 8'd255;");
  });
});

describe("generators", () => {
  const adder = defineGenerator(
    "adder",
    (p: { readonly width: number; readonly tag?: string; readonly taps?: readonly number[] }) => ({
      a: input(uint(p.width)),
      b: input(uint(p.width)),
      y: output(uint(p.width + 1)),
    }),
    (_m, io) => io.y.set(io.a.addx(io.b)),
  );

  it("derives readable names from parameters and hashes long or structured ones", () => {
    expect(adder({ width: 8 }).name).toBe("adder_width8");
    expect(adder({ width: 8, tag: "fast" }).name).toBe("adder_tagfast_width8");
    expect(adder({ width: 8, taps: [1, 2, 3] }).name).toMatch(/^adder_[0-9a-f]{8}$/);
    expect(adder({ width: 8, tag: "x".repeat(60) }).name).toMatch(/^adder_[0-9a-f]{8}$/);
  });

  it("returns the same definition for the same parameters, with frozen parameters", () => {
    const params = { width: 4, taps: [1, 2] };
    const a = adder(params);
    params.taps.push(3);
    expect(adder({ taps: [1, 2], width: 4 })).toBe(a);
    expect(Object.isFrozen(a.params)).toBe(true);
    expect(Object.isFrozen((a.params as { taps: number[] }).taps)).toBe(true);
  });

  it("emits a module instantiated many times exactly once", async () => {
    const top = defineModule("sum4", { a: input(uint(4)), b: input(uint(4)), c: input(uint(4)), d: input(uint(4)), y: output(uint(6)) }, (m, io) => {
      const left = m.instance(adder({ width: 4 }), { connect: { a: io.a, b: io.b } });
      const right = m.instance(adder({ width: 4 }), { connect: { a: io.c, b: io.d } });
      const total = m.instance(adder({ width: 5 }), { connect: { a: left.io.y, b: right.io.y } });
      io.y.set(total.io.y);
    });
    const d = toSimDesign(top);
    expect(d.files.map((f) => f.name)).toEqual(["adder_width4.v", "adder_width5.v", "sum4.v"]);
    expect(d.files[0]!.text).toContain("// Parameter width = 4");
    await expectToolsClean(top);
  });
});

describe("typed simulation designs", () => {
  it("carries the port shape in the type and lists the ports", () => {
    const def = defineModule("typed", { clk: input(), en: input(), q: output(uint(3)) }, (m, io) => {
      const r = m.reg(uint(3));
      m.when(io.en, () => r.set(r.add(1)));
      io.q.set(r);
    });
    const d = toSimDesign(def);
    type P = NonNullable<typeof d.__ports>;
    const dirs: { [K in keyof P]: P[K] } = { clk: "input", en: "input", q: "output" };
    // @ts-expect-error the port names are exactly the declared ones (no index signature)
    const unknownPort: keyof P = "no_such_port";
    void unknownPort;
    expect(d.ports.map((p) => [p.name, p.direction, p.width])).toEqual([
      ["clk", "input", 1],
      ["en", "input", 1],
      ["q", "output", 3],
    ]);
    expect(Object.keys(dirs)).toEqual(["clk", "en", "q"]);
    // Compile-time checks (this function is never called): unknown ports and writes to outputs are errors.
    const typing = (dut: Dut<P>): void => {
      dut.en.value = 1n;
      void dut.q.value;
      // @ts-expect-error no such port on this design
      void dut.no_such_port;
    };
    expect(typeof typing).toBe("function");
  });
});

describe("constant folding", () => {
  it("folds operators on constants, keeping signed values through extensions", () => {
    const folded = lit(-2, sint(5))
      .sext(6)
      .add(lit(1, sint(8)));
    expect(folded.literal).toBe(-1n);
    expect(folded.type).toEqual({ width: 8, signed: true });
    expect(lit(5, uint(4)).mul(lit(3, uint(4))).literal).toBe(15n);
    expect(cat(lit(1, uint(1)), lit(2, uint(3))).literal).toBe(10n);
  });

  it("folds comparisons whose result never changes (Verilator's lint rejects them)", async () => {
    const def = defineModule("cmp_fold", { a: input(uint(4)), b: input(uint(4)), y: output(uint(3)) }, (_m, io) => {
      io.y.set(cat(io.a.ge(0), io.a.le(15), io.a.lt(io.b)));
    });
    const [text] = await expectToolsClean(def);
    expect(text).toContain("assign y = {1'd1, 1'd1, a < b};");
  });
});

describe("general bundles", () => {
  const prog = { valid: input(), ready: output(), target: input(uint(2)), data: input(uint(8)) };

  it("declare prefixed ports once, flip them for the other end, and connect with one checked call", async () => {
    const sink = defineModule("prog_sink", { ...bundlePorts("prog", prog), seen: output(uint(8)) }, (_m, io) => {
      io.prog_ready.set(io.prog_target.ne(3));
      io.seen.set(mux(io.prog_valid, io.prog_data, 0));
    });
    const top = defineModule("prog_top", { ...bundlePorts("host", prog), seen: output(uint(8)) }, (m, io) => {
      const u = m.instance(sink);
      connectBundle(bundle(u.io, "prog"), bundle(io, "host"));
      io.seen.set(u.io.seen);
    });
    expect(Object.keys(flipPorts(bundlePorts("prog", prog)))).toEqual(["prog_valid", "prog_ready", "prog_target", "prog_data"]);
    const texts = await expectToolsClean(top);
    expect(texts[1]).toContain(".prog_valid(host_valid),");
    expect(texts[1]).toContain("assign host_ready = u_prog_ready;");
  });

  it("rejects bundles whose fields differ in type or both drive a field", () => {
    const a = defineModule(
      "bundle_a",
      { ...bundlePorts("x", { v: input(), d: input(uint(4)) }), ...bundlePorts("y", { v: output(), d: output(uint(5)) }) },
      (_m, io) => {
        connectBundle(bundle(io, "y"), bundle(io, "x"));
      },
    );
    expect(() => emitVerilog(a)).toThrow(/connectBundle: field 'd' is uint\(5\) on one side and uint\(4\) on the other/);
    const b = defineModule("bundle_b", { ...bundlePorts("x", { v: input() }), ...bundlePorts("y", { v: input() }) }, (_m, io) => {
      connectBundle(bundle(io, "y"), bundle(io, "x"));
    });
    expect(() => emitVerilog(b)).toThrow(/field 'v' is read-only on both sides/);
  });
});
