import { describe, expect, it } from "vitest";
import { cat, defineFunction, defineModule, input, lit, type ModuleDef, mux, output, type PortSpecs, sint, uint } from "../../../src/hdl/index.js";
import { printed as printDesign } from "./printed.js";

/**
 * The printer's output for small designs, line by line. Each expected text was read against the DSL's width
 * rules (docs/hdl.md): operands of equal width, explicit extensions, signed compares through $signed, hoisted
 * temporaries where Verilog cannot select bits of an expression. Location comments are left out here (their
 * line numbers are this file's); locations.test.ts checks them.
 *
 * Each test elaborates and prints its own copy of a design: printing takes temporaries' names from the
 * module's scope (a second print would number them on), and the test that checks a text must be the one that
 * ran the printer (mutation testing reruns only the tests that reached the mutated code).
 */
const printed = (def: ModuleDef<PortSpecs>) => printDesign(def, "test/hdl/printer/module.test.ts");

describe("expression printer: every operator at its DSL width", () => {
  const ops = () =>
    defineModule(
      "ops",
      {
        a: input(uint(8)),
        b: input(uint(8)),
        s: input(sint(6)),
        t: input(sint(6)),
        k: input(uint(2)),
        i: input(uint(3)),
        j: input(uint(2)),
        sum: output(uint(9)),
        diff: output(uint(8)),
        prod: output(uint(16)),
        bits: output(uint(8)),
        cmp: output(uint(6)),
        red: output(uint(5)),
        lt: output(),
        sh: output(uint(11)),
        shr: output(uint(6)),
        ashr: output(sint(6)),
        cl: output(uint(10)),
        cr: output(uint(5)),
        pick: output(),
        pick2: output(),
        cat: output(uint(10)),
        mx: output(uint(8)),
        sx: output(sint(8)),
        sx1: output(sint(3)),
        zx: output(uint(12)),
        big: output(uint(40)),
        pick3: output(),
        sx7: output(sint(7)),
        ng: output(uint(8)),
        nest: output(uint(11)),
      },
      (_m, io) => {
        io.sum.set(io.a.addx(io.b));
        io.diff.set(io.a.sub(io.b));
        io.prod.set(io.a.mul(io.b));
        io.bits.set(io.a.and(io.b).or(io.a.xor(io.b).not()));
        io.cmp.set(cat(io.a.eq(io.b), io.a.ne(io.b), io.a.lt(io.b), io.a.le(io.b), io.a.gt(io.b), io.a.ge(io.b)));
        io.red.set(cat(io.a.andR(), io.a.orR(), io.a.xorR(), io.s.le(io.t), io.s.gt(io.t)));
        io.lt.set(io.s.lt(io.t));
        io.sh.set(io.a.shl(io.k));
        io.shr.set(io.s.asUnsigned().shr(io.k));
        io.ashr.set(io.s.shr(io.k));
        io.cl.set(io.a.shl(2));
        io.cr.set(io.a.shr(3));
        io.pick.set(io.a.bit(io.i));
        io.pick2.set(io.s.asUnsigned().bit(io.i));
        io.cat.set(cat(io.k, io.a));
        io.mx.set(mux(io.a.lt(io.b), io.a, io.b));
        io.sx.set(io.s.sext(8));
        io.sx1.set(io.t.slice(0, 0).asSigned().sext(3));
        io.zx.set(io.a.zext(12).add(lit(5, uint(12))));
        io.pick3.set(io.a.bit(io.j));
        io.sx7.set(io.s.sext(7));
        io.ng.set(io.a.neg());
        io.nest.set(io.a.shl(io.k).xor(io.b.zext(11)).or(io.a.zext(11).shr(io.j)));
        io.big.set(io.a.zext(40).or(lit(0x123456789an, uint(40))));
      },
    );

  it("declares ports in order with their widths", () => {
    expect(printed(ops()).ports.split("\n")).toEqual([
      "  input  wire [7:0] a,",
      "  input  wire [7:0] b,",
      "  input  wire [5:0] s,",
      "  input  wire [5:0] t,",
      "  input  wire [1:0] k,",
      "  input  wire [2:0] i,",
      "  input  wire [1:0] j,",
      "  output wire [8:0] sum,",
      "  output wire [7:0] diff,",
      "  output wire [15:0] prod,",
      "  output wire [7:0] bits,",
      "  output wire [5:0] cmp,",
      "  output wire [4:0] red,",
      "  output wire lt,",
      "  output wire [10:0] sh,",
      "  output wire [5:0] shr,",
      "  output wire [5:0] ashr,",
      "  output wire [9:0] cl,",
      "  output wire [4:0] cr,",
      "  output wire pick,",
      "  output wire pick2,",
      "  output wire [9:0] cat,",
      "  output wire [7:0] mx,",
      "  output wire [7:0] sx,",
      "  output wire [2:0] sx1,",
      "  output wire [11:0] zx,",
      "  output wire [39:0] big,",
      "  output wire pick3,",
      "  output wire [6:0] sx7,",
      "  output wire [7:0] ng,",
      "  output wire [10:0] nest",
    ]);
  });

  it("prints each operator, extension, select and constant exactly", () => {
    expect(printed(ops()).lines.filter((l) => l !== "")).toEqual([
      // s padded to 2^3 bits for a 3-bit index (its padding bits are never read); t[0] named to be replicated.
      "  /* verilator lint_off UNUSEDSIGNAL */",
      "  wire [7:0] _pad0;",
      "  /* verilator lint_on UNUSEDSIGNAL */",
      "  wire _slice1;",
      "  // Intermediate values",
      "  assign _pad0 = {2'd0, s};",
      "  assign _slice1 = t[0];",
      "  assign sum = {1'd0, a} + {1'd0, b};",
      "  assign diff = a - b;",
      "  assign prod = {8'd0, a} * {8'd0, b};",
      "  assign bits = (a & b) | (~(a ^ b));",
      "  assign cmp = {a == b, a != b, a < b, a <= b, a > b, a >= b};",
      "  assign red = {&a, |a, ^a, $signed(s) <= $signed(t), $signed(s) > $signed(t)};",
      "  assign lt = $signed(s) < $signed(t);",
      "  assign sh = {3'd0, a} << k;",
      "  assign shr = s >> k;",
      "  assign ashr = {$signed(s) >>> k};",
      "  assign cl = {a, 2'd0};",
      "  assign cr = a[7:3];",
      "  assign pick = a[i];",
      "  assign pick2 = _pad0[i];",
      "  assign cat = {k, a};",
      "  assign mx = (a < b) ? a : b;",
      "  assign sx = {{2{s[5]}}, s};",
      "  assign sx1 = {{2{_slice1}}, _slice1};",
      "  assign zx = {4'd0, a} + 12'd5;",
      "  assign big = {32'd0, a} | 40'h123456789a;",
      "  assign pick3 = a[{1'd0, j}];",
      "  assign sx7 = {s[5], s};",
      "  assign ng = -a;",
      "  assign nest = (({3'd0, a} << k) ^ {3'd0, b}) | ({3'd0, a} >> j);",
    ]);
  });
});

describe("temporaries: shared and named values, selects of expressions", () => {
  const shared = () =>
    defineModule(
      "shared",
      {
        a: input(uint(8)),
        b: input(uint(8)),
        c: input(uint(4)),
        y: output(uint(8)),
        z: output(uint(8)),
        hi: output(uint(4)),
        one: output(),
        top: output(uint(3)),
        n: output(uint(8)),
      },
      (_m, io) => {
        const s = io.a.add(io.b);
        io.y.set(s.xor(io.a));
        io.z.set(s.and(io.b));
        const named = io.a.sub(io.b).named("delta");
        io.n.set(named.neg());
        io.hi.set(io.a.xor(io.b).slice(7, 4));
        io.one.set(io.a.or(io.b).bit(2));
        io.top.set(io.c.mulw(io.c).shr(1));
      },
    );

  it("hoists a value read twice, a named value and every expression a bit select reads", () => {
    const p = printed(shared());
    expect(p.lines).toEqual([
      "  wire [7:0] _add0;",
      // Only some bits of these are read: declared inside the lint waiver.
      "  /* verilator lint_off UNUSEDSIGNAL */",
      "  wire [7:0] _xor1;",
      "  /* verilator lint_on UNUSEDSIGNAL */",
      "  /* verilator lint_off UNUSEDSIGNAL */",
      "  wire [7:0] _or2;",
      "  /* verilator lint_on UNUSEDSIGNAL */",
      "  /* verilator lint_off UNUSEDSIGNAL */",
      "  wire [3:0] _mul3;",
      "  /* verilator lint_on UNUSEDSIGNAL */",
      "  wire [7:0] delta;",
      "",
      "  // Intermediate values",
      "  assign _add0 = a + b;",
      "  assign _xor1 = a ^ b;",
      "  assign _or2 = a | b;",
      "  assign _mul3 = c * c;",
      "  assign delta = a - b;",
      "",
      "  assign y = _add0 ^ a;",
      "",
      "  assign z = _add0 & b;",
      "",
      "  assign hi = _xor1[7:4];",
      "",
      "  assign one = _or2[2];",
      "",
      "  assign top = _mul3[3:1];",
      "",
      "  assign n = -delta;",
    ]);
    expect(p.named).toEqual([{ name: "delta", width: 8, signed: false }]);
    expect([...p.inlined]).toEqual([]);
  });
});

describe("statement printer: combinational blocks, registers, memories", () => {
  const seq = () =>
    defineModule(
      "seq",
      {
        clk: input(),
        rst: input(),
        op: input(uint(2)),
        go: input(),
        stop: input(),
        d: input(uint(4)),
        wa: input(uint(2)),
        ra: input(uint(2)),
        y: output(uint(4)),
        q: output(uint(4)),
        p: output(uint(4)),
        m: output(uint(4)),
        w: output(uint(4)),
        f: output(uint(4)),
        h: output(uint(4)),
      },
      (m, io) => {
        m.switch(io.op)
          .is(0, () => io.y.set(io.d))
          .is(1, () => io.y.set(io.d.not()))
          .is([2, 3], () => io.y.set(0));
        io.w.set(0);
        m.switch(io.op)
          .is(1, () => io.w.set(io.d))
          .is(2, () => {});
        m.when(io.go, () => io.m.set(1))
          .elsewhen(io.stop, () => io.m.set(2))
          .otherwise(() => io.m.set(io.d));
        const r = m.reg(uint(4), { reset: 5 });
        m.when(io.go, () => r.set(io.d));
        io.q.set(r);
        const free = m.reg(uint(4));
        free.set(io.d.add(1));
        io.f.set(free);
        const mem = m.memory(uint(4), 4);
        m.when(io.stop, () => mem.write(io.wa, io.d));
        io.p.set(0);
        m.when(io.go, () => io.p.set(mem.read(io.ra)));
        const held = mem.readSync(io.ra);
        io.h.set(held);
      },
    );

  it("makes outputs assigned in always blocks regs", () => {
    expect(printed(seq()).ports.split("\n").slice(8)).toEqual([
      "  output reg  [3:0] y,",
      "  output wire [3:0] q,",
      "  output reg  [3:0] p,",
      "  output reg  [3:0] m,",
      "  output reg  [3:0] w,",
      "  output wire [3:0] f,",
      "  output wire [3:0] h",
    ]);
  });

  it("prints switches (full: last case as default; partial: an empty default), when chains, resets and write ports", () => {
    expect(printed(seq()).lines).toEqual([
      "  reg  [3:0] r;",
      "  reg  [3:0] free;",
      "  reg  [3:0] held;",
      "  reg  [3:0] mem [0:3];",
      // A memory read inside always @* goes through a continuous assignment.
      "  wire [3:0] _memread0;",
      "",
      "  // Intermediate values",
      "  assign _memread0 = mem[ra];",
      "",
      "  always @* begin",
      "    case (op)",
      "      2'd0: begin",
      "        y = d;",
      "      end",
      "      2'd1: begin",
      "        y = ~d;",
      "      end",
      "      default: begin",
      "        y = 4'd0;",
      "      end",
      "    endcase",
      "  end",
      "",
      "  assign q = r;",
      "",
      "  always @* begin",
      "    p = 4'd0;",
      "    if (go) begin",
      "      p = _memread0;",
      "    end",
      "  end",
      "",
      "  always @* begin",
      "    if (go) begin",
      "      m = 4'd1;",
      "    end else if (stop) begin",
      "      m = 4'd2;",
      "    end else begin",
      "      m = d;",
      "    end",
      "  end",
      "",
      "  always @* begin",
      "    w = 4'd0;",
      "    case (op)",
      "      2'd1: begin",
      "        w = d;",
      "      end",
      "      default: begin",
      "      end",
      "    endcase",
      "  end",
      "",
      "  assign f = free;",
      "",
      "  assign h = held;",
      "",
      "  always @(posedge clk) begin",
      "    if (rst) begin",
      "      r <= 4'd5;",
      "    end else begin",
      "      if (go) begin",
      "        r <= d;",
      "      end",
      "    end",
      "  end",
      "",
      "  always @(posedge clk) begin",
      "    free <= d + 4'd1;",
      "  end",
      "",
      "  always @(posedge clk) begin",
      "    held <= mem[ra];",
      "  end",
      "",
      "  always @(posedge clk) begin",
      "    if (stop) begin",
      "      mem[wa] <= d;",
      "    end",
      "  end",
    ]);
  });
});

describe("switch with a default, signed greater-or-equal", () => {
  const chooser = () =>
    defineModule("chooser", { op: input(uint(2)), d: input(uint(4)), s: input(sint(6)), t: input(sint(6)), y: output(uint(4)), ge: output() }, (m, io) => {
      m.switch(io.op)
        .is(1, () => io.y.set(io.d))
        .default(() => io.y.set(0));
      io.ge.set(io.s.ge(io.t));
    });

  it("prints the default branch of a partial switch and compares signed values through $signed", () => {
    expect(printed(chooser()).lines).toEqual([
      "  always @* begin",
      "    case (op)",
      "      2'd1: begin",
      "        y = d;",
      "      end",
      "      default: begin",
      "        y = 4'd0;",
      "      end",
      "    endcase",
      "  end",
      "",
      "  assign ge = $signed(s) >= $signed(t);",
    ]);
  });
});

describe("instances and functions", () => {
  const mix = defineFunction("mix", { x: uint(4), y: uint(4) }, ({ x, y }) => {
    const t = x.xor(y);
    return t.add(t.and(x)).slice(3, 1);
  });
  const twice = defineFunction("twice", { v: uint(3) }, ({ v }) => mix(v.zext(4), v.zext(4)).zext(4));
  const child = () =>
    defineModule("child", { a: input(uint(4)), b: input(uint(4)), lo: output(uint(2)), hi: output(uint(2)) }, (_m, io) => {
      io.lo.set(io.a.slice(1, 0).xor(io.b.slice(1, 0)));
      io.hi.set(io.a.slice(3, 2).and(io.b.slice(3, 2)));
    });
  const top = () =>
    defineModule("top", { clk: input(), x: input(uint(4)), sel: input(), y: output(uint(2)), z: output(uint(3)), v: output(uint(4)) }, (m, io) => {
      io.clk.markUnused();
      const u = m.instance(child(), { connect: { a: io.x } });
      m.when(io.sel, () => u.io.b.set(io.x.not())).otherwise(() => u.io.b.set(io.x));
      u.io.hi.markUnused();
      io.y.set(u.io.lo);
      io.z.set(mix(io.x, io.x.not()));
      io.v.set(twice(io.x.slice(2, 0)));
      const w = m.wire(uint(4), { name: "spare" });
      w.set(io.x);
      w.markUnused();
    });

  it("connects an input assigned once in the port map, and declares the other instance ports", () => {
    const p = printed(top());
    expect(p.ports.split("\n").slice(0, 4)).toEqual([
      "  /* verilator lint_off UNUSEDSIGNAL */",
      "  input  wire clk,",
      "  /* verilator lint_on UNUSEDSIGNAL */",
      "  input  wire [3:0] x,",
    ]);
    expect([...p.inlined].map((s) => s.name)).toEqual(["u_a"]);
    expect(p.lines).toEqual([
      "  reg  [3:0] u_b;",
      "  wire [1:0] u_lo;",
      "  /* verilator lint_off UNUSEDSIGNAL */",
      "  wire [1:0] u_hi;",
      "  /* verilator lint_on UNUSEDSIGNAL */",
      "  /* verilator lint_off UNUSEDSIGNAL */",
      "  wire [3:0] spare;",
      "  /* verilator lint_on UNUSEDSIGNAL */",
      "",
      // Locals are declared in creation order and assigned in dependency order; arguments take names
      // that hide nothing of the module.
      "  function [2:0] mix;",
      "    input [3:0] x_1;",
      "    input [3:0] y_1;",
      "    /* verilator lint_off UNUSEDSIGNAL */",
      "    reg [3:0] _add0;",
      "    /* verilator lint_on UNUSEDSIGNAL */",
      "    reg [3:0] _xor1;",
      "    begin",
      "      _xor1 = x_1 ^ y_1;",
      "      _add0 = _xor1 + (_xor1 & x_1);",
      "      mix = _add0[3:1];",
      "    end",
      "  endfunction",
      "",
      "  function [3:0] twice;",
      "    input [2:0] v_1;",
      "    begin",
      "      twice = {1'd0, mix({1'd0, v_1}, {1'd0, v_1})};",
      "    end",
      "  endfunction",
      "",
      "  child u (",
      "    .a(x),",
      "    .b(u_b),",
      "    .lo(u_lo),",
      "    .hi(u_hi)",
      "  );",
      "",
      "  assign y = u_lo;",
      "",
      "  assign z = mix(x, ~x);",
      "",
      "  assign v = twice(x[2:0]);",
      "",
      "  always @* begin",
      "    if (sel) begin",
      "      u_b = ~x;",
      "    end else begin",
      "      u_b = x;",
      "    end",
      "  end",
      "",
      "  assign spare = x;",
    ]);
  });

  it("prints a module without declarations or logic beyond its assignments", () => {
    expect(printed(child()).body.split("\n")).toEqual([
      expect.stringMatching(/^ {2}\/\/ test\/hdl\/printer\/module\.test\.ts:\d+$/),
      "  assign lo = a[1:0] ^ b[1:0];",
      "",
      expect.stringMatching(/^ {2}\/\/ test\/hdl\/printer\/module\.test\.ts:\d+$/),
      "  assign hi = a[3:2] & b[3:2];",
    ]);
  });
});
