import { describe, expect, it } from "vitest";
import { definitelyAssigned, switchIsFull } from "../../../src/hdl/analysis/coverage.js";
import { NodeCounts, NodeTable, Visits } from "../../../src/hdl/analysis/node-tables.js";
import { isMemory, projectByTarget } from "../../../src/hdl/analysis/project.js";
import { BitUse, bitsRead, moduleReads } from "../../../src/hdl/analysis/reads.js";
import { children, forEachStmt, pushChildren, stmtExprs } from "../../../src/hdl/analysis/walk.js";
import { type ExprNode, exprId, type Stmt } from "../../../src/hdl/ir.js";
import { uint } from "../../../src/hdl/types.js";
import { at, Fixture } from "../passes/ir-fixture.js";

/** One node of every kind over the fixture's signals, with the operands each must report. */
function everyKind() {
  const f = new Fixture("kinds");
  const a = f.ref(f.input("a", 4));
  const b = f.ref(f.input("b", 4));
  const i = f.ref(f.input("i", 2));
  const m = f.memory("m", 4, 4, 2, f.input("clk"));
  const t = uint(4);
  const fn = { id: 1, name: "g", args: [], result: a, loc: undefined, exprIds: { first: 0, end: 0 } };
  const nodes: Array<[ExprNode, ExprNode[]]> = [
    [a, []],
    [f.lit(3n, 4), []],
    [{ id: exprId(), kind: "unary", type: t, op: "not", a }, [a]],
    [f.binary("add", a, b), [a, b]],
    [{ id: exprId(), kind: "shift", type: uint(6), dir: "left", a, amount: 2, arith: false }, [a]],
    [{ id: exprId(), kind: "shift", type: t, dir: "right", a, amount: i, arith: false }, [a, i]],
    [f.slice(a, 2, 1), [a]],
    [{ id: exprId(), kind: "index", type: uint(1), a, index: i }, [a, i]],
    [{ id: exprId(), kind: "cat", type: uint(10), parts: [i, a, b] }, [i, a, b]],
    [{ id: exprId(), kind: "mux", type: t, sel: i, whenTrue: a, whenFalse: b }, [i, a, b]],
    [{ id: exprId(), kind: "ext", type: uint(6), a, sign: false }, [a]],
    [{ id: exprId(), kind: "cast", type: { width: 4, signed: true }, a }, [a]],
    [f.read(m, i), [i]],
    [{ id: exprId(), kind: "call", type: t, fn, args: [b, a] }, [b, a]],
  ];
  return { f, a, b, i, nodes };
}

describe("walk", () => {
  it("children and pushChildren give every kind's operands in the same order", () => {
    for (const [node, operands] of everyKind().nodes) {
      expect(children(node), node.kind).toEqual(operands);
      const stack: ExprNode[] = [];
      pushChildren(node, stack);
      expect(stack, node.kind).toEqual(operands);
    }
  });

  it("stmtExprs visits conditions, selectors, values, addresses and data; forEachStmt every statement in pre-order", () => {
    const f = new Fixture("walk");
    const c = f.ref(f.input("c"));
    const y = f.output("y");
    const m = f.memory("m", 1, 2, 2, f.input("clk"));
    const v = (n: bigint) => f.lit(n, 1);
    const inner: Stmt = { kind: "assign", target: y, value: v(1n), loc: at(3) };
    const stmts: Stmt[] = [
      { kind: "when", branches: [{ cond: c, body: [inner], loc: at(2) }], otherwise: [{ kind: "assign", target: y, value: v(0n), loc: at(4) }], loc: at(2) },
      {
        kind: "switch",
        sel: c,
        cases: [{ values: [0n], body: [{ kind: "memwrite", memory: m, addr: c, data: v(1n), loc: at(6) }], loc: at(6) }],
        otherwise: [{ kind: "assign", target: y, value: v(1n), loc: at(7) }],
        loc: at(5),
      },
    ];
    const seen: string[] = [];
    stmtExprs(stmts, (e, s) => seen.push(`${e.kind}@${s.loc?.line}`));
    expect(seen).toEqual(["ref@2", "const@3", "const@4", "ref@5", "ref@6", "const@6", "const@7"]);
    const order: number[] = [];
    forEachStmt(stmts, (s) => order.push(s.loc!.line));
    expect(order).toEqual([2, 3, 4, 5, 6, 7]);
  });
});

describe("node tables", () => {
  const range = { first: 100, end: 103 };
  const node = (id: number): ExprNode => ({ id, kind: "const", type: uint(1), value: 0n, sized: true });
  const inside = [node(100), node(102)];
  const outside = [node(99), node(103)];

  it("Visits: the first sight of a node per traversal, inside the range and outside it", () => {
    const v = new Visits(range);
    v.start();
    expect([...inside, ...outside].map((e) => v.first(e))).toEqual([true, true, true, true]);
    expect([...inside, ...outside].map((e) => v.first(e))).toEqual([false, false, false, false]);
    v.start();
    expect([inside[0]!, outside[1]!].map((e) => v.first(e))).toEqual([true, true]);
    expect(new Visits({ first: 5, end: 3 }).first(node(5))).toBe(true);
  });

  it("NodeCounts counts per node, 0 when never counted", () => {
    const c = new NodeCounts(range);
    expect([c.increment(inside[0]!), c.increment(inside[0]!), c.increment(outside[0]!), c.increment(outside[0]!), c.increment(outside[0]!)]).toEqual([
      1, 2, 1, 2, 3,
    ]);
    expect([...inside, ...outside].map((e) => c.get(e))).toEqual([2, 0, 3, 0]);
  });

  it("NodeTable keeps a value per node", () => {
    const t = new NodeTable<string>(range);
    t.set(inside[1]!, "x");
    t.set(outside[1]!, "y");
    t.set(inside[0]!, "z");
    expect([...inside, ...outside].map((e) => t.get(e))).toEqual(["z", "x", undefined, "y"]);
  });
});

describe("reads", () => {
  it("BitUse lists the unread ranges, most significant first", () => {
    const u = new BitUse(8);
    expect(u.unread()).toEqual(["[7:0]"]);
    u.mark(2, 3);
    u.mark(5, 5);
    expect(u.unread()).toEqual(["[7:6]", "[4]", "[1:0]"]);
    u.mark(0, 1);
    u.mark(4, 4);
    u.mark(6, 7);
    expect(u.unread()).toEqual([]);
    expect(u.full).toBe(true);
    const all = new BitUse(3);
    all.mark(0, 2);
    expect([all.full, all.unread()]).toEqual([true, []]);
    all.mark(1, 1);
    expect(all.unread()).toEqual([]);
    const one = new BitUse(1);
    expect(one.unread()).toEqual(["[0]"]);
  });

  it("a module reads its expressions' signals and slices, its memories, and its registers' clocks and resets", () => {
    const f = new Fixture("reads");
    const clk = f.input("clk");
    const rst = f.input("rst");
    const a = f.input("a", 8);
    const b = f.input("b", 8);
    const r = f.reg("r", 8, 2, clk, { signal: rst, value: 0n });
    const m = f.memory("m", 8, 4, 3, clk);
    const y = f.output("y", 8);
    f.assign(r, f.binary("add", f.ref(a), f.read(m, f.slice(f.ref(b), 1, 0))), 4);
    f.assign(y, f.binary("xor", f.ref(r), f.lit(1n, 8)), 5);
    const ir = f.done();
    const reads = moduleReads(ir);
    expect([...reads.memories]).toEqual([m]);
    expect(new Map([...reads.signals].map(([s, u]) => [s.explicitName, u.unread()]))).toEqual(
      new Map([
        ["a", []],
        ["b", ["[7:2]"]],
        ["r", []],
        ["clk", []],
        ["rst", []],
      ]),
    );
    expect(isMemory(m)).toBe(true);
    expect(isMemory(r)).toBe(false);
  });

  it("bitsRead of one expression", () => {
    const f = new Fixture("bits");
    const a = f.ref(f.input("a", 6));
    const shared = f.slice(a, 5, 4);
    const e = f.binary("and", shared, f.binary("or", shared, f.slice(a, 1, 0)));
    const ir = f.done();
    const read = bitsRead(e, ir.exprIds);
    expect([...read.values()].map((u) => u.unread())).toEqual([["[3:2]"]]);
  });
});

describe("paths through a target's statements", () => {
  const build = () => {
    const f = new Fixture("paths");
    const c = f.ref(f.input("c", 2));
    const y = f.output("y");
    const z = f.output("z");
    return { f, c, y, z, set: (t: typeof y, line: number): Stmt => ({ kind: "assign", target: t, value: f.lit(1n, 1), loc: at(line) }) };
  };

  it("when: assigned only when every branch and an otherwise assign", () => {
    const { c, y, set } = build();
    const when = (body: Stmt[], otherwise?: Stmt[]): Stmt => ({ kind: "when", branches: [{ cond: c, body, loc: at(1) }], otherwise, loc: at(1) });
    expect(definitelyAssigned([when([set(y, 2)])])).toBe(false);
    expect(definitelyAssigned([when([set(y, 2)], [])])).toBe(false);
    expect(definitelyAssigned([when([], [set(y, 2)])])).toBe(false);
    expect(definitelyAssigned([when([set(y, 2)], [set(y, 3)])])).toBe(true);
    expect(definitelyAssigned([when([set(y, 2)]), set(y, 3)])).toBe(true);
    expect(definitelyAssigned([])).toBe(false);
  });

  it("switch: assigned when every case assigns and a default does, or the cases cover every value", () => {
    const { c, y, set } = build();
    const sw = (cases: Array<[bigint[], Stmt[]]>, otherwise?: Stmt[]): Extract<Stmt, { kind: "switch" }> => ({
      kind: "switch",
      sel: c,
      cases: cases.map(([values, body]) => ({ values, body, loc: at(1) })),
      otherwise,
      loc: at(1),
    });
    const full = sw([
      [[0n, 1n], [set(y, 2)]],
      [[2n], [set(y, 3)]],
      [[3n], [set(y, 4)]],
    ]);
    expect([switchIsFull(full), definitelyAssigned([full])]).toEqual([true, true]);
    const partial = sw([
      [[0n, 1n], [set(y, 2)]],
      [[2n], [set(y, 3)]],
    ]);
    expect([switchIsFull(partial), definitelyAssigned([partial])]).toEqual([false, false]);
    expect(definitelyAssigned([sw([[[0n], [set(y, 2)]]], [set(y, 3)])])).toBe(true);
    expect(definitelyAssigned([sw([[[0n], [set(y, 2)]]], [])])).toBe(false);
    expect(definitelyAssigned([sw([[[0n], []]], [set(y, 3)])])).toBe(false);
    expect(definitelyAssigned([sw([[[0n], []]], [set(y, 3)]), set(y, 4)])).toBe(true);
  });

  it("a selector wider than 24 bits is never enumerated", () => {
    const f = new Fixture("wide");
    const wide = (w: number): Extract<Stmt, { kind: "switch" }> => ({
      kind: "switch",
      sel: f.ref(f.input(`s${w}`, w)),
      cases: [{ values: Array.from({ length: 2 ** Math.min(w, 4) }, (_, k) => BigInt(k)), body: [], loc: at(1) }],
      otherwise: undefined,
      loc: at(1),
    });
    expect(switchIsFull(wide(4))).toBe(true);
    expect(switchIsFull(wide(25))).toBe(false);
    // 2^24 values (only their count is read): a 24-bit selector is still enumerated.
    const count = (n: number) => ({ ...wide(24), cases: [{ values: { length: n } as unknown as bigint[], body: [], loc: at(1) }] });
    expect(switchIsFull(count(2 ** 24))).toBe(true);
    expect(switchIsFull(count(2 ** 24 - 1))).toBe(false);
  });

  it("projects a body onto each target, dropping trailing branches that assign nothing to it", () => {
    const { f, c, y, z, set } = build();
    f.when(c, 2, () => f.assign(y, f.lit(1n, 1), 3));
    f.ir.body.push({
      kind: "when",
      branches: [
        { cond: c, body: [set(y, 5)], loc: at(4) },
        { cond: c, body: [set(z, 6)], loc: at(4) },
      ],
      otherwise: undefined,
      loc: at(4),
    });
    f.ir.body.push({
      kind: "switch",
      sel: c,
      cases: [
        { values: [0n], body: [set(z, 8)], loc: at(7) },
        { values: [1n], body: [], loc: at(7) },
      ],
      otherwise: [set(y, 9)],
      loc: at(7),
    });
    const ir = f.done();
    const byTarget = projectByTarget(ir);
    expect(projectByTarget(ir)).toBe(byTarget);
    const y0 = byTarget.get(y)!;
    expect(y0.map((s) => s.kind)).toEqual(["when", "when", "switch"]);
    // The second when keeps only its first branch for y; for z it keeps both (the first gates the second).
    expect(y0[1]!.kind === "when" && y0[1]!.branches.map((b) => b.body.length)).toEqual([1]);
    const z0 = byTarget.get(z)!;
    expect(z0[0]!.kind === "when" && z0[0]!.branches.map((b) => b.body.length)).toEqual([0, 1]);
    // A switch keeps every case (an empty one still keeps its values out of the default) and the otherwise.
    expect(z0[1]!.kind === "switch" && [z0[1]!.cases.map((k) => k.body.length), z0[1]!.otherwise]).toEqual([[1, 0], undefined]);
    expect(y0[2]!.kind === "switch" && [y0[2]!.cases.map((k) => k.body.length), y0[2]!.otherwise?.length]).toEqual([[0, 0], 1]);
  });
});
