import { describe, expect, it } from "vitest";
import { defineModule, input, lit, output, uint } from "../../../src/hdl/index.js";
import { checkModule } from "../../../src/hdl/passes/index.js";
import { printModule } from "../../../src/hdl/printer/module.js";
import { lineOf } from "../helpers.js";

/**
 * The location comment above each printed block: the user lines that produced it (pieces.test.ts checks how
 * one comment is written; this checks which lines each block of a printed module collects).
 */
describe("location comments of a printed module", () => {
  const at = (...markers: string[]): string =>
    `  // test/hdl/printer/locations.test.ts:${markers.map((m) => lineOf("./printer/locations.test.ts", m)).join(", ")}`;

  it("name the lines of an instance's port-map inputs, each block's statements and a register's declaration", () => {
    const leaf = defineModule("leaf", { a: input(uint(4)), b: input(uint(4)), y: output(uint(4)) }, (_m, io) => io.y.set(io.a.xor(io.b)));
    const source = defineModule("source", { y: output(uint(4)) }, (_m, io) => io.y.set(lit(3, uint(4))));
    const located = defineModule(
      "located",
      { clk: input(), rst: input(), go: input(), d: input(uint(4)), y: output(uint(4)), z: output(uint(4)), q: output(uint(4)), w: output(uint(4)) },
      (m, io) => {
        io.y.set(io.d.not()); // y-assign
        io.z.set(0); // z-default
        m.when(io.go, () => io.z.set(io.d)); // z-when
        const r = m.reg(uint(4), { reset: 1 }); // r-decl
        m.when(io.go, () => r.set(io.d)); // r-set
        io.q.set(r); // q-assign
        const mem = m.memory(uint(4), 2);
        mem.write(io.go, io.d); // mem-write
        const u = m.instance(leaf, { connect: { a: io.d } }); // inst-decl
        u.io.b.set(mem.read(io.go)); // inst-b
        const v = m.instance(source); // source-decl
        io.w.set(u.io.y.xor(v.io.y)); // w-assign
      },
    );
    checkModule(leaf.elaborate());
    checkModule(source.elaborate());
    const ir = located.elaborate();
    expect(printModule(ir, checkModule(ir)).body.split("\n")).toEqual([
      "  reg  [3:0] r;",
      "  wire [3:0] u_y;",
      "  wire [3:0] v_y;",
      "  reg  [3:0] mem [0:1];",
      "",
      at("inst-decl", "inst-b"),
      "  leaf u (",
      "    .a(d),",
      "    .b(mem[go]),",
      "    .y(u_y)",
      "  );",
      "",
      // No input: the instance's own line.
      at("source-decl"),
      "  source v (",
      "    .y(v_y)",
      "  );",
      "",
      at("y-assign"),
      "  assign y = ~d;",
      "",
      at("z-default", "z-when"),
      "  always @* begin",
      "    z = 4'd0;",
      "    if (go) begin",
      "      z = d;",
      "    end",
      "  end",
      "",
      at("q-assign"),
      "  assign q = r;",
      "",
      at("w-assign"),
      "  assign w = u_y ^ v_y;",
      "",
      at("r-decl", "r-set"),
      "  always @(posedge clk) begin",
      "    if (rst) begin",
      "      r <= 4'd1;",
      "    end else begin",
      "      if (go) begin",
      "        r <= d;",
      "      end",
      "    end",
      "  end",
      "",
      at("mem-write"),
      "  always @(posedge clk) begin",
      "    mem[go] <= d;",
      "  end",
    ]);
  });
});
