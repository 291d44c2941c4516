import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defineFunction, defineModule, emitVerilog, HdlError, input, lit, output, sint, toSimDesign, uint } from "../../src/hdl/index.js";
import { expectErrorAt, expectToolsClean, hdlErrorOf } from "./helpers.js";
import { simulateComb } from "./iverilog-sim.js";

const F = "function.test.ts";

/** (a * b) + c with a shared product: the product becomes a local of the function. */
const mac = defineFunction("mac", { a: uint(4), b: uint(4), c: uint(8) }, ({ a, b, c }) => {
  const p = a.mul(b);
  return p.add(c).add(p.shr(1).zext(8));
});
/** Calls another function: both must be printed in the calling module. */
const mac2 = defineFunction("mac2", { x: uint(4), y: uint(8) }, ({ x, y }) => mac(x, x, y).xor(mac(x, lit(3, uint(4)), y)));
const negative = defineFunction("negative", { v: sint(6) }, ({ v }) => v.lt(0));
const popcount8 = defineFunction("popcount8", { bits: uint(8) }, ({ bits }) => {
  const pairs = bits.sub(
    bits
      .shr(1)
      .zext(8)
      .and(lit(0x55, uint(8))),
  );
  const nibbles = pairs.and(lit(0x33, uint(8))).add(
    pairs
      .shr(2)
      .zext(8)
      .and(lit(0x33, uint(8))),
  );
  return nibbles
    .add(nibbles.shr(4).zext(8))
    .and(lit(0x0f, uint(8)))
    .trunc(4);
});

const ports = {
  a: input(uint(4)),
  b: input(uint(4)),
  c: input(uint(8)),
  s: input(sint(6)),
  // A port named like a function argument and a function: the printer must keep every name distinct.
  bits: input(uint(8)),
  y0: output(uint(8)),
  y1: output(uint(8)),
  y2: output(uint(8)),
  neg: output(),
  pc: output(uint(4)),
  mac: output(uint(8)),
};
const user = defineModule("fn_user", ports, (_m, io) => {
  io.y0.set(mac(io.a, io.b, io.c));
  io.y1.set(mac(io.b, io.a, io.c.not()));
  io.y2.set(mac2(io.a, io.c));
  io.neg.set(negative(io.s));
  io.pc.set(popcount8(io.bits));
  io.mac.set(mac(io.a, 5, 17));
});

function macModel(a: bigint, b: bigint, c: bigint): bigint {
  const p = a * b;
  return (p + c + (p >> 1n)) & 0xffn;
}
const ones = (v: bigint): bigint => BigInt([...v.toString(2)].filter((d) => d === "1").length);

describe("functions", () => {
  it("are printed once per calling module, with locals in dependency order, and pass lint, Icarus and Yosys", async () => {
    const [text] = await expectToolsClean(user);
    expect(text!.match(/^ {2}function /gm)).toHaveLength(4);
    expect(text).toMatch(/function \[7:0\] mac_\d+;/);
    expect(text).toContain("function [3:0] popcount8;");
    // The port `bits` keeps its name; the argument of the same name is renamed inside the function.
    expect(text).toMatch(/input \[7:0\] bits_\d+;/);
    // Output port `mac` and function `mac` cannot share a name in one module.
    expect(text).toMatch(/assign y0 = mac_\d+\(a, b, c\);/);
    // A local is assigned before any statement that reads it.
    const body = text!.slice(text!.indexOf("function [3:0] popcount8;"), text!.indexOf("endfunction", text!.indexOf("function [3:0] popcount8;")));
    const assigned = [...body.matchAll(/^\s+(_\w+) = /gm)].map((m) => m[1]!);
    expect(assigned.length).toBeGreaterThan(1);
    for (const name of assigned) {
      const firstRead = body.search(new RegExp(`= [^\\n]*\\b${name}\\b`));
      expect(firstRead, `${name} read before assignment`).toBeGreaterThan(body.indexOf(`${name} = `));
    }
  });

  it("compute in Icarus what their bodies say, for random inputs", async () => {
    const d = emitVerilog(user);
    const sim = toSimDesign(user);
    const samples = fc.sample(
      fc.record({ a: fc.bigInt(0n, 15n), b: fc.bigInt(0n, 15n), c: fc.bigInt(0n, 255n), s: fc.bigInt(-32n, 31n), bits: fc.bigInt(0n, 255n) }),
      { numRuns: 60, seed: 11 },
    );
    const got = await simulateComb(d, sim.ports, samples);
    samples.forEach((v, i) => {
      const r = got[i]!;
      expect(
        r.y0,
        JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x)),
      ).toBe(macModel(v.a, v.b, v.c));
      expect(r.y1).toBe(macModel(v.b, v.a, ~v.c & 0xffn));
      expect(r.y2).toBe(macModel(v.a, v.a, v.c) ^ macModel(v.a, 3n, v.c));
      expect(r.neg).toBe(v.s < 0n ? 1n : 0n);
      expect(r.pc).toBe(ones(v.bits));
      expect(r.mac).toBe(macModel(v.a, 5n, 17n));
    });
  });

  it("fold to a constant when every argument is constant", () => {
    expect(popcount8(lit(0xb7, uint(8))).literal).toBe(6n);
    expect(mac(lit(3, uint(4)), 4, 10).literal).toBe(macModel(3n, 4n, 10n));
    expect(negative(lit(-3, sint(6))).literal).toBe(1n);
  });

  it("reject a body that reads anything but the arguments, at the user's line", () => {
    const mixed = hdlErrorOf(() =>
      defineModule("fn_mixed", { a: input(uint(4)), y: output(uint(4)) }, (_m, io) => {
        const leak = defineFunction("leak", { x: uint(4) }, ({ x }) => x.xor(io.a)); // @mixed
        io.y.set(leak(io.a));
      }),
    );
    expectErrorAt(mixed, F, "@mixed", "cannot combine signals of function 'leak' and module 'fn_mixed'");
    const only = hdlErrorOf(() =>
      defineModule("fn_only", { a: input(uint(4)), y: output(uint(4)) }, (_m, io) => {
        const f = defineFunction("port_reader", { x: uint(4) }, () => io.a); // @only
        io.y.set(f(io.a));
      }),
    );
    expectErrorAt(only, F, "@only", "function 'port_reader' reads a signal of module 'fn_only'; a function may read only its arguments");
  });

  it("reject unread arguments, bad arity, mismatched widths and leaked arguments", () => {
    expect(() => defineFunction("unread", { x: uint(4), y: uint(4) }, ({ x }) => x)).toThrow(/argument 'y' of function 'unread' is never read; remove it/);
    expect(() => defineFunction("half", { x: uint(8) }, ({ x }) => x.slice(3, 0))).toThrow(
      /bits \[7:4\] of argument 'x' of function 'half' are never read; narrow the argument/,
    );
    expect(() => defineFunction("bad name", { x: uint(1) }, ({ x }) => x)).toThrow(/function name 'bad name' is not a plain Verilog identifier/);
    expect(() => defineFunction("none", {}, () => lit(0, uint(1)))).toThrow(/function 'none' has no arguments/);

    const arity = hdlErrorOf(() =>
      defineModule("fn_arity", { a: input(uint(4)), y: output(uint(8)) }, (_m, io) => {
        io.y.set(mac(io.a, io.a)); // @arity
      }),
    );
    expectErrorAt(arity, F, "@arity", "function 'mac' takes 3 argument(s) (a, b, c), got 2");

    const width = hdlErrorOf(() =>
      defineModule("fn_width", { a: input(uint(5)), y: output(uint(8)), c: input(uint(8)) }, (_m, io) => {
        io.y.set(mac(io.a, io.a.trunc(4), io.c)); // @width
      }),
    );
    expectErrorAt(width, F, "@width", "argument 'a' of function 'mac' is uint(4), got a uint(5) value");

    let escaped: ReturnType<typeof lit> | undefined;
    defineFunction("escape", { x: uint(4) }, ({ x }) => {
      escaped = x;
      return x;
    });
    const leaked = hdlErrorOf(() =>
      defineModule("fn_leak", { y: output(uint(4)) }, (_m, io) => {
        io.y.set(escaped!); // @leak
      }),
    );
    expectErrorAt(leaked, F, "@leak", "a value of function 'escape' assigned in module 'fn_leak': a function's arguments exist only inside its body");
    expect(leaked).toBeInstanceOf(HdlError);
  });
});
