import { describe, expect, it } from "vitest";
import { defineFunction, defineModule, input, lit, type ModuleDef, mux, output, type PortSpecs, sint, uint } from "../../../src/hdl/index.js";
import { checkModule } from "../../../src/hdl/passes/index.js";
import { printed as printDesign } from "./printed.js";

/**
 * The expression printer's exact text for the cases module.test.ts does not reach: where parentheses go and
 * where they do not, selects and extensions of expressions, index padding and widening, temporaries (shared
 * casts, named signed values, memory reads in `always @*`), function calls, and the module's layout (port and
 * declaration order, the intermediate values, logic). Every expected line was read against the DSL's width
 * rules (docs/hdl.md) and the designs pass `verilator --lint-only -Wall`. Location comments are left out
 * (their line numbers are this file's); everything else, blank lines too, is compared.
 */
const printed = (def: ModuleDef<PortSpecs>) => printDesign(def, "test/hdl/printer/expr.test.ts");

const parens = () =>
  defineModule(
    "parens",
    {
      a: input(uint(4)),
      b: input(uint(4)),
      c: input(uint(4)),
      s: input(sint(4)),
      t: input(sint(4)),
      k: input(uint(2)),
      sel: input(),
      y1: output(uint(4)),
      y2: output(uint(4)),
      y3: output(uint(4)),
      y4: output(uint(4)),
      y5: output(),
      y6: output(sint(4)),
      y7: output(uint(6)),
      y8: output(uint(4)),
      y9: output(uint(2)),
      y10: output(),
      y11: output(sint(4)),
      y12: output(uint(6)),
      y13: output(),
      y14: output(uint(4)),
      y15: output(uint(4)),
    },
    (_m, io) => {
      io.y1.set(mux(io.sel, io.a.add(io.b), io.a.sub(io.c)).xor(io.c));
      io.y2.set(io.a.shr(io.k).and(io.b));
      io.y3.set(io.a.add(io.b).shr(io.k.add(1)));
      io.y4.set(io.s.shr(io.k).asUnsigned().or(io.c));
      io.y5.set(io.s.add(io.t).lt(io.t.not()));
      io.y6.set(io.s.add(io.t).shr(io.k));
      io.y7.set(io.a.xor(io.b).shl(2));
      io.y8.set(io.s.shr(1).asUnsigned().zext(4).or(io.a.shr(1).zext(4)));
      io.y9.set(io.a.shr(2).xor(io.b.shr(2)));
      io.y10.set(io.s.eq(io.t).or(io.s.ne(io.t)));
      io.y11.set(io.s.add(io.t).mulw(io.s));
      io.y12.set(io.a.shl(2).xor(io.b.zext(6)));
      io.y13.set(io.a.xor(io.b).andR());
      io.y14.set(io.a.neg().not());
      io.y15.set(io.s.add(io.t).asUnsigned());
    },
  );

describe("parentheses: around nested operators, never at the top or inside braces and $signed", () => {
  it("prints each nesting as Verilog reads it", () => {
    expect(printed(parens()).lines).toEqual([
      "  assign y1 = (sel ? (a + b) : (a - c)) ^ c;",
      "",
      "  assign y2 = (a >> k) & b;",
      "",
      "  assign y3 = (a + b) >> (k + 2'd1);",
      "",
      // An arithmetic shift is already braced (self-determined), so it needs no parentheses.
      "  assign y4 = {$signed(s) >>> k} | c;",
      "",
      "  assign y5 = $signed(s + t) < $signed(~t);",
      "",
      "  assign y6 = {$signed(s + t) >>> k};",
      "",
      "  assign y7 = {a ^ b, 2'd0};",
      "",
      // Constant right shifts are part selects; signed ones too (the result is narrower by the amount).
      "  assign y8 = {1'd0, s[3:1]} | {1'd0, a[3:1]};",
      "",
      "  assign y9 = a[3:2] ^ b[3:2];",
      "",
      // Signed equality needs no $signed: only the order compares depend on the sign.
      "  assign y10 = (s == t) | (s != t);",
      "",
      "  assign y11 = (s + t) * s;",
      "",
      "  assign y12 = {a, 2'd0} ^ {2'd0, b};",
      "",
      "  assign y13 = &(a ^ b);",
      "",
      "  assign y14 = ~(-a);",
      "",
      // A cast is its operand, at the top too.
      "  assign y15 = s + t;",
    ]);
  });
});

const selects = () =>
  defineModule(
    "selects",
    {
      a: input(uint(8)),
      b: input(uint(8)),
      w5: input(uint(5)),
      x6: input(uint(6)),
      z6: input(uint(6)),
      s: input(sint(4)),
      i: input(uint(3)),
      j: input(uint(2)),
      k4: input(uint(4)),
      y1: output(),
      y2: output(),
      y3: output(),
      y4: output(),
      y5: output(uint(4)),
      y6: output(sint(8)),
      y7: output(uint(11)),
      y8: output(sint(4)),
      y9: output(),
      y10: output(uint(4)),
      y11: output(),
      y12: output(),
      y13: output(uint(2)),
      y14: output(),
    },
    (_m, io) => {
      io.y1.set(io.a.bit(io.i.add(1)));
      io.y2.set(io.a.xor(io.b).bit(io.i));
      io.y3.set(io.w5.bit(io.j));
      io.y4.set(io.a.bit(io.k4));
      io.y5.set(io.s.asUnsigned().slice(3, 0).and(io.a.slice(3, 0)));
      const twice = io.s.add(io.s);
      io.y6.set(twice.sext(8));
      io.y7.set(io.a.xor(io.b).zext(11));
      io.y8.set(io.s.shr(2).sext(4).add(io.s));
      io.y9.set(io.a.add(io.b).bit(3));
      io.y10.set(io.a.slice(3, 0).add(io.a.slice(3, 0)).xor(io.a.slice(7, 4)));
      io.y11.set(io.x6.xor(io.z6).bit(io.i));
      io.y12.set(io.x6.and(io.z6).bit(io.j));
      io.y13.set(twice.slice(2, 1));
      io.y14.set(io.j.xor(io.k4.slice(1, 0)).bit(1));
    },
  );

describe("selects, indexes and extensions of names and of expressions", () => {
  it("hoists what Verilog cannot select, pads indexes past the vector and widens narrow ones", () => {
    expect(printed(selects()).lines).toEqual([
      // Read whole by an index or an extension: no lint waiver.
      "  wire [7:0] _xor0;",
      // 2^4 positions for an 8-bit vector: padded, and its padding is never read.
      "  /* verilator lint_off UNUSEDSIGNAL */",
      "  wire [15:0] _pad1;",
      "  /* verilator lint_on UNUSEDSIGNAL */",
      // A slice of it is read, and all of it by the sign extension: no waiver.
      "  wire [3:0] _add2;",
      "  wire [1:0] _shift3;",
      // Only bit 3 is read.
      "  /* verilator lint_off UNUSEDSIGNAL */",
      "  wire [7:0] _add4;",
      "  /* verilator lint_on UNUSEDSIGNAL */",
      "  /* verilator lint_off UNUSEDSIGNAL */",
      "  wire [7:0] _pad5;",
      "  /* verilator lint_on UNUSEDSIGNAL */",
      "  wire [5:0] _and6;",
      "  /* verilator lint_off UNUSEDSIGNAL */",
      "  wire [1:0] _xor7;",
      "  /* verilator lint_on UNUSEDSIGNAL */",
      "",
      "  // Intermediate values",
      "  assign _xor0 = a ^ b;",
      "  assign _pad1 = {8'd0, a};",
      "  assign _add2 = s + s;",
      "  assign _shift3 = s[3:2];",
      "  assign _add4 = a + b;",
      "  assign _pad5 = {2'd0, x6 ^ z6};",
      "  assign _and6 = x6 & z6;",
      "  assign _xor7 = j ^ k4[1:0];",
      "",
      // An index is printed as it is (self-determined, so it wraps like the DSL's add).
      "  assign y1 = a[i + 3'd1];",
      "",
      "  assign y2 = _xor0[i];",
      "",
      // clog2(5) = 3 index bits for 2: widened with zeros.
      "  assign y3 = w5[{1'd0, j}];",
      "",
      "  assign y4 = _pad1[k4];",
      "",
      // The whole of a cast is the signal itself.
      "  assign y5 = s & a[3:0];",
      "",
      "  assign y6 = {{4{_add2[3]}}, _add2};",
      "",
      "  assign y7 = {3'd0, a ^ b};",
      "",
      "  assign y8 = {{2{_shift3[1]}}, _shift3} + s;",
      "",
      "  assign y9 = _add4[3];",
      "",
      // Slices of a name are printed again wherever they are read, and parenthesised like any operand.
      "  assign y10 = (a[3:0] + a[3:0]) ^ a[7:4];",
      "",
      "  assign y11 = _pad5[i];",
      "",
      "  assign y12 = _and6[{1'd0, j}];",
      "",
      "  assign y13 = _add2[2:1];",
      "",
      "  assign y14 = _xor7[1];",
    ]);
  });
});

const sq = defineFunction("sq", { x: uint(4) }, ({ x }) => x.mulw(x));

const temps = () =>
  defineModule(
    "temps",
    {
      clk: input(),
      sel: input(),
      ra: input(uint(2)),
      wa: input(uint(2)),
      d: input(uint(4)),
      s: input(sint(4)),
      t: input(sint(4)),
      q: output(uint(4)),
      p: output(uint(4)),
      r: output(uint(4)),
      n: output(sint(4)),
      u: output(uint(4)),
      v: output(uint(4)),
      sq2: output(uint(4)),
      c1: output(uint(4)),
      c2: output(uint(4)),
      c3: output(uint(4)),
      c4: output(uint(4)),
      b1: output(uint(2)),
      b2: output(),
      n1: output(uint(4)),
      n2: output(uint(4)),
      h1: output(uint(2)),
      h2: output(uint(4)),
    },
    (m, io) => {
      const mem = m.memory(uint(4), 4);
      m.when(io.sel, () => mem.write(io.wa.add(1), io.d.xor(io.q)));
      io.q.set(mem.read(io.ra));
      io.p.set(0);
      m.when(io.sel, () => io.p.set(mem.read(io.ra.add(1)).add(sq(io.d))));
      const diff = io.s.sub(io.t).named("diff");
      io.n.set(diff.add(io.s));
      const u = io.s.asUnsigned().add(io.d);
      io.r.set(u.xor(io.d));
      io.u.set(u.and(lit(3, uint(4))));
      io.v.set(io.d.slice(3, 2).zext(4).add(io.d.slice(3, 2).zext(4)));
      io.sq2.set(sq(io.d.add(1)));
      const both = io.s.xor(io.t).asUnsigned();
      io.c1.set(both.or(io.d));
      io.c2.set(both.and(io.d));
      const x = io.s.and(io.t);
      io.c3.set(x.asUnsigned().or(io.d));
      io.c4.set(x.asUnsigned().and(io.d));
      io.b1.set(io.d.bit(0).zext(2).add(io.d.bit(0).zext(2)));
      io.b2.set(io.d.bit(0).xor(io.d.bit(3)));
      const nd = io.d.not();
      io.n1.set(nd.add(1));
      io.n2.set(nd.sub(1));
      const late = io.d.or(io.s.asUnsigned());
      io.h1.set(late.slice(3, 2));
      io.h2.set(late.xor(io.d));
      const dead = m.memory(uint(4), 2, { name: "dead" });
      dead.write(io.wa.slice(0, 0), io.d);
      dead.markUnused();
    },
  );

describe("temporaries, memory reads and function calls, in the module's layout", () => {
  it("declares signals, memories and temporaries, then functions, intermediate values and logic", () => {
    const p = printed(temps());
    expect(p.ports.split("\n").slice(7)).toEqual([
      "  output wire [3:0] q,",
      "  output reg  [3:0] p,",
      "  output wire [3:0] r,",
      "  output wire [3:0] n,",
      "  output wire [3:0] u,",
      "  output wire [3:0] v,",
      "  output wire [3:0] sq2,",
      "  output wire [3:0] c1,",
      "  output wire [3:0] c2,",
      "  output wire [3:0] c3,",
      "  output wire [3:0] c4,",
      "  output wire [1:0] b1,",
      "  output wire b2,",
      "  output wire [3:0] n1,",
      "  output wire [3:0] n2,",
      "  output wire [1:0] h1,",
      "  output wire [3:0] h2",
    ]);
    expect(p.lines).toEqual([
      "  reg  [3:0] mem [0:3];",
      // Written, never read: declared inside the waiver.
      "  /* verilator lint_off UNUSEDSIGNAL */",
      "  reg  [3:0] dead [0:1];",
      "  /* verilator lint_on UNUSEDSIGNAL */",
      "  wire [3:0] _memread0;",
      "  wire [3:0] _add1;",
      "  wire [3:0] diff;",
      "  wire [3:0] _and3;",
      "  wire [3:0] _not4;",
      // Its first reader takes a slice, a later one all of it: no bit is unread, so no waiver.
      "  wire [3:0] _or5;",
      "",
      "  function [3:0] sq;",
      "    input [3:0] x;",
      "    begin",
      "      sq = x * x;",
      "    end",
      "  endfunction",
      "",
      "  // Intermediate values",
      // Read inside always @*: through a continuous assignment, its address printed in place.
      "  assign _memread0 = mem[ra + 2'd1];",
      "  assign _add1 = s + d;",
      "  assign diff = s - t;",
      "  assign _and3 = s & t;",
      "  assign _not4 = ~d;",
      "  assign _or5 = d | s;",
      "",
      // Outside always @* a memory read is printed where it is used.
      "  assign q = mem[ra];",
      "",
      "  always @* begin",
      "    p = 4'd0;",
      "    if (sel) begin",
      "      p = _memread0 + sq(d);",
      "    end",
      "  end",
      "",
      "  assign r = _add1 ^ d;",
      "",
      "  assign n = diff + s;",
      "",
      "  assign u = _add1 & 4'd3;",
      "",
      "  assign v = {2'd0, d[3:2]} + {2'd0, d[3:2]};",
      "",
      "  assign sq2 = sq(d + 4'd1);",
      "",
      // One cast read twice: the cast counts the two readers, its operand only one, so the operand is
      // printed at each reader (the same bits either way).
      "  assign c1 = (s ^ t) | d;",
      "",
      "  assign c2 = (s ^ t) & d;",
      "",
      // One value read through two casts: each cast counts one reader, the value two, so it is the temporary.
      "  assign c3 = _and3 | d;",
      "",
      "  assign c4 = _and3 & d;",
      "",
      // One bit of a name read in several places is printed at each (a select of a name costs nothing).
      "  assign b1 = {1'd0, d[0]} + {1'd0, d[0]};",
      "",
      "  assign b2 = d[0] ^ d[3];",
      "",
      // A shared unary operator's temporary is named after the operator.
      "  assign n1 = _not4 + 4'd1;",
      "",
      "  assign n2 = _not4 - 4'd1;",
      "",
      "  assign h1 = _or5[3:2];",
      "",
      "  assign h2 = _or5 ^ d;",
      "",
      "  always @(posedge clk) begin",
      "    if (sel) begin",
      "      mem[wa + 2'd1] <= d ^ q;",
      "    end",
      "  end",
      "",
      "  always @(posedge clk) begin",
      "    dead[wa[0]] <= d;",
      "  end",
    ]);
    expect(p.named).toEqual([{ name: "diff", width: 4, signed: true }]);
  });

  it("prints only the logic of a module whose assignments need no declaration", () => {
    const d = defineModule("plain", { a: input(uint(4)), y: output(uint(4)) }, (_m, io) => {
      io.y.set(io.a.not());
      // Meaningless for an output (the module's user reads it): no waiver.
      io.y.markUnused();
    });
    const p = printed(d);
    expect(p.ports.split("\n")).toEqual(["  input  wire [3:0] a,", "  output wire [3:0] y"]);
    expect(p.lines).toEqual(["  assign y = ~a;"]);
  });

  it("gives temporaries and functions names the module does not use", () => {
    const d = defineModule("taken", { a: input(uint(6)), i: input(uint(3)), y: output(), z: output(uint(4)) }, (m, io) => {
      const pad = m.wire(uint(4), { name: "_pad0" });
      pad.set(sq(io.a.slice(3, 0)));
      const fn = m.wire(uint(4), { name: "sq" });
      fn.set(pad);
      io.z.set(fn);
      io.y.set(io.a.bit(io.i));
    });
    expect(printed(d).lines).toEqual([
      "  wire [3:0] _pad0;",
      "  wire [3:0] sq;",
      "  /* verilator lint_off UNUSEDSIGNAL */",
      "  wire [7:0] _pad0_1;",
      "  /* verilator lint_on UNUSEDSIGNAL */",
      "",
      "  function [3:0] sq_1;",
      "    input [3:0] x;",
      "    begin",
      "      sq_1 = x * x;",
      "    end",
      "  endfunction",
      "",
      "  // Intermediate values",
      "  assign _pad0_1 = {2'd0, a};",
      "",
      "  assign y = _pad0_1[i];",
      "",
      "  assign z = sq;",
      "",
      "  assign _pad0 = sq_1(a[3:0]);",
      "",
      "  assign sq = _pad0;",
    ]);
  });

  it("defines a function's padded vector before the result that indexes it", () => {
    const pick = defineFunction("pick", { v: uint(6), at: uint(3) }, ({ v, at }) => v.xor(lit(1, uint(6))).bit(at));
    const d = defineModule("picker", { a: input(uint(6)), i: input(uint(3)), y: output() }, (_m, io) => io.y.set(pick(io.a, io.i)));
    expect(printed(d).lines).toEqual([
      "  function pick;",
      "    input [5:0] v;",
      "    input [2:0] at;",
      "    /* verilator lint_off UNUSEDSIGNAL */",
      "    reg [7:0] _pad0;",
      "    /* verilator lint_on UNUSEDSIGNAL */",
      "    begin",
      "      _pad0 = {2'd0, v ^ 6'd1};",
      "      pick = _pad0[at];",
      "    end",
      "  endfunction",
      "",
      "  assign y = pick(a, i);",
    ]);
  });

  it("connects an instance input marked unused through its own wire, declared without a waiver", () => {
    const child = defineModule("child", { a: input(uint(4)), y: output(uint(4)) }, (_m, io) => io.y.set(io.a.not()));
    const d = defineModule("holder", { x: input(uint(4)), y: output(uint(4)) }, (m, io) => {
      const u = m.instance(child, { connect: { a: io.x.add(1) } });
      u.io.a.markUnused();
      io.y.set(u.io.y);
    });
    checkModule(child.elaborate());
    const p = printed(d);
    expect(p.lines).toEqual([
      "  wire [3:0] u_a;",
      "  wire [3:0] u_y;",
      "",
      "  child u (",
      "    .a(u_a),",
      "    .y(u_y)",
      "  );",
      "",
      "  assign y = u_y;",
      "",
      "  assign u_a = x + 4'd1;",
    ]);
    expect(p.inlined.size).toBe(0);
  });
});

const stmts = () =>
  defineModule(
    "stmts",
    {
      clk: input(),
      rst: input(),
      op: input(uint(2)),
      go: input(),
      d: input(uint(4)),
      y: output(uint(4)),
      z: output(uint(4)),
      w: output(uint(4)),
      q: output(uint(4)),
    },
    (m, io) => {
      io.y.set(0);
      m.switch(io.op)
        .is([0, 1], () => io.y.set(io.d))
        .is(2, () => {})
        .is(3, () => io.y.set(1));
      io.z.set(io.d.not());
      m.switch(io.op)
        .is(0, () => {})
        .is(1, () => io.z.set(io.d))
        .default(() => io.z.set(2));
      m.when(io.go, () => {
        m.switch(io.op.slice(0, 0))
          .is(0, () => io.w.set(io.d))
          .is(1, () => io.w.set(io.d.not()));
      }).otherwise(() => io.w.set(3));
      const r = m.reg(uint(4), { reset: 9 });
      m.when(io.go, () => {
        m.switch(io.op)
          .is(1, () => r.set(io.d))
          .is(2, () => r.set(r.add(1)));
      }).elsewhen(io.op.eq(3), () => r.set(0));
      io.q.set(r);
    },
  );

describe("statement printer: case labels, empty cases and nesting", () => {
  it("lists several values in one label, drops empty cases only without a default, and indents nested blocks", () => {
    const p = printed(stmts());
    expect(p.ports.split("\n").slice(5)).toEqual(["  output reg  [3:0] y,", "  output reg  [3:0] z,", "  output reg  [3:0] w,", "  output wire [3:0] q"]);
    expect(p.lines).toEqual([
      "  reg  [3:0] r;",
      "",
      "  always @* begin",
      "    y = 4'd0;",
      "    case (op)",
      "      2'd0, 2'd1: begin",
      "        y = d;",
      "      end",
      // The empty case 2 is dropped, so the switch is no longer full: 3 keeps its label, the default is empty.
      "      2'd3: begin",
      "        y = 4'd1;",
      "      end",
      "      default: begin",
      "      end",
      "    endcase",
      "  end",
      "",
      "  always @* begin",
      "    z = ~d;",
      "    case (op)",
      // With a default, an empty case must stay: the default would otherwise catch 0.
      "      2'd0: begin",
      "      end",
      "      2'd1: begin",
      "        z = d;",
      "      end",
      "      default: begin",
      "        z = 4'd2;",
      "      end",
      "    endcase",
      "  end",
      "",
      "  always @* begin",
      "    if (go) begin",
      "      case (op[0])",
      "        1'd0: begin",
      "          w = d;",
      "        end",
      "        default: begin",
      "          w = ~d;",
      "        end",
      "      endcase",
      "    end else begin",
      "      w = 4'd3;",
      "    end",
      "  end",
      "",
      "  assign q = r;",
      "",
      "  always @(posedge clk) begin",
      "    if (rst) begin",
      "      r <= 4'd9;",
      "    end else begin",
      "      if (go) begin",
      "        case (op)",
      "          2'd1: begin",
      "            r <= d;",
      "          end",
      "          2'd2: begin",
      "            r <= r + 4'd1;",
      "          end",
      "          default: begin",
      "          end",
      "        endcase",
      "      end else if (op == 2'd3) begin",
      "        r <= 4'd0;",
      "      end",
      "    end",
      "  end",
    ]);
  });
});
