import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Stmt } from "../../../src/hdl/ir.js";
import { checkModule } from "../../../src/hdl/passes/index.js";
import { declaration, range } from "../../../src/hdl/printer/declaration.js";
import { constText, mayHaveUnreadBits, type Temp } from "../../../src/hdl/printer/expr.js";
import { locComment, printModule } from "../../../src/hdl/printer/module.js";
import { projectRoot } from "../../../src/util/paths.js";
import { at, Fixture, sint } from "../passes/ir-fixture.js";

describe("printer pieces", () => {
  it("ranges, declarations and the lint waiver", () => {
    expect([range(1), range(2), range(16)]).toEqual(["", "[1:0] ", "[15:0] "]);
    expect(declaration("  ", "wire w;", false)).toBe("  wire w;");
    expect(declaration("    ", "reg r;", true)).toBe("    /* verilator lint_off UNUSEDSIGNAL */\n    reg r;\n    /* verilator lint_on UNUSEDSIGNAL */");
  });

  it("constants: decimal up to 32 bits, hex above", () => {
    expect([constText(1, 0n), constText(8, 255n), constText(32, 4294967295n), constText(33, 4294967296n), constText(64, 0xdeadbeefn)]).toEqual([
      "1'd0",
      "8'd255",
      "32'd4294967295",
      "33'h100000000",
      "64'hdeadbeef",
    ]);
  });

  it("a temporary may have unread bits only when part of it is read and none of it is read whole", () => {
    const t = (partlyRead: boolean, readWhole: boolean): Temp => ({ name: "t", width: 4, named: false, signed: false, text: "", partlyRead, readWhole });
    expect([t(false, false), t(true, false), t(false, true), t(true, true)].map(mayHaveUnreadBits)).toEqual([false, true, false, false]);
  });
});

describe("location comments", () => {
  const other = (line: number) => ({ file: join(projectRoot, "src", "other.ts"), line, column: 1 });
  const assign = (loc: ReturnType<typeof at> | undefined): Stmt => {
    const f = new Fixture("loc");
    const y = f.output("y");
    return { kind: "assign", target: y, value: f.lit(0n, 1), loc };
  };

  it("list every line of one file once, in order, with the extra location first in the search", () => {
    expect(locComment([])).toBe("");
    expect(locComment([assign(undefined)])).toBe("");
    expect(locComment([assign(at(9)), assign(at(3)), assign(at(9))])).toBe("// fixture.ts:3, 9");
    expect(locComment([assign(at(9))], at(2))).toBe("// fixture.ts:2, 9");
    expect(locComment([], at(4))).toBe("// fixture.ts:4");
  });

  it("group lines by file in the order files first appear", () => {
    expect(locComment([assign(other(7)), assign(at(5)), assign(other(2))])).toBe("// src/other.ts:2, 7; fixture.ts:5");
    expect(locComment([assign(at(5))], other(1))).toBe("// src/other.ts:1; fixture.ts:5");
  });

  it("reach the statements inside when and switch branches and their otherwise", () => {
    const f = new Fixture("nested");
    const sel = f.ref(f.input("sel"));
    const y = f.output("y");
    const one = f.lit(1n, 1);
    const when: Stmt = {
      kind: "when",
      branches: [{ cond: sel, body: [{ kind: "assign", target: y, value: one, loc: at(11) }], loc: at(10) }],
      otherwise: [{ kind: "assign", target: y, value: one, loc: at(13) }],
      loc: at(10),
    };
    const sw: Stmt = {
      kind: "switch",
      sel,
      cases: [{ values: [0n], body: [{ kind: "assign", target: y, value: one, loc: at(21) }], loc: at(21) }],
      otherwise: [{ kind: "assign", target: y, value: one, loc: at(23) }],
      loc: at(20),
    };
    expect(locComment([when])).toBe("// fixture.ts:10, 11, 13");
    expect(locComment([sw])).toBe("// fixture.ts:20, 21, 23");
    expect(
      locComment([
        { ...sw, otherwise: undefined },
        { ...when, otherwise: undefined },
      ]),
    ).toBe("// fixture.ts:10, 11, 20, 21");
  });
});

describe("printing IR the builder folds away", () => {
  it("a 1-bit slice of a 1-bit value and a cast print as their operand", () => {
    const f = new Fixture("narrow");
    const a = f.input("a");
    const b = f.input("b");
    const s = f.input("s", sint(4));
    const y = f.output("y");
    const u = f.output("u", 4);
    const z = f.output("z");
    const v = f.output("v");
    f.assign(y, f.slice(f.ref(a), 0, 0), 2);
    f.assign(u, { id: f.ref(s).id + 1_000_000, kind: "cast", type: { width: 4, signed: false }, a: f.ref(s) }, 3);
    // At the top of an assignment the operand needs no parentheses; inside an operator it does.
    f.assign(z, f.slice(f.binary("and", f.ref(a), f.ref(b)), 0, 0), 4);
    f.assign(v, f.binary("or", f.slice(f.binary("xor", f.ref(a), f.ref(b)), 0, 0), f.ref(a)), 5);
    const ir = f.done();
    const body = printModule(ir, checkModule(ir))
      .body.split("\n")
      .filter((l) => l.startsWith("  assign"));
    expect(body).toEqual(["  assign y = a;", "  assign u = s;", "  assign z = a & b;", "  assign v = (a ^ b) | a;"]);
  });
});
