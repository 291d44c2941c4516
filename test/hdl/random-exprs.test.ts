import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cat,
  defineFunction,
  defineModule,
  emitVerilog,
  type Expr,
  input,
  lit,
  mux,
  output,
  type PortSpec,
  sint,
  sumTree,
  toSimDesign,
  uint,
} from "../../src/hdl/index.js";
import { children } from "../../src/hdl/analysis/walk.js";
import type { ExprNode, SignalNode } from "../../src/hdl/ir.js";
import { verilatorLint } from "../../src/tools/index.js";
import { simulateComb, vectorSource } from "./iverilog-sim.js";
import { rng } from "./helpers.js";

/**
 * Random expression trees over every operator, checked three ways: Verilator lint is clean, and the values
 * Icarus Verilog computes equal a BigInt model of the width table. Deep nesting is where Verilog's
 * context-dependent widths and signedness would bite, so this checks the printer more than any fixed test.
 */

type Env = Record<string, bigint>;
interface Term {
  readonly e: Expr;
  /** The tree as text, for failure messages. */
  readonly d?: string;
  /** The value as a mathematical integer (signed types give negative values). */
  readonly v: (env: Env) => bigint;
}

const INPUTS: Record<string, { signed: boolean; width: number }> = {
  a: { signed: false, width: 6 },
  b: { signed: false, width: 4 },
  c: { signed: true, width: 5 },
  d: { signed: true, width: 7 },
  s: { signed: false, width: 2 },
  e: { signed: false, width: 1 },
};

function norm(v: bigint, t: { width: number; signed: boolean }): bigint {
  return t.signed ? BigInt.asIntN(t.width, v) : BigInt.asUintN(t.width, v);
}
const pattern = (t: Term, env: Env): bigint => BigInt.asUintN(t.e.width, t.v(env));

function generator(io: Record<string, Expr>, random: () => number) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const leaf = (): Term => {
    if (random() < 0.15) {
      const width = 1 + Math.floor(random() * 6);
      const signed = random() < 0.5;
      const t = { width, signed };
      const value = norm(BigInt(Math.floor(random() * 2 ** width)), t);
      return { e: lit(value, signed ? sint(width) : uint(width)), d: `${value}:${signed ? "s" : "u"}${width}`, v: () => value };
    }
    const name = pick(Object.keys(INPUTS));
    return { e: io[name]!, d: name, v: (env) => env[name]! };
  };
  const sameSign = (x: Term, y: Term): Term => {
    if (x.e.signed === y.e.signed) return y;
    const t = { width: y.e.width, signed: x.e.signed };
    return { e: x.e.signed ? y.e.asSigned() : y.e.asUnsigned(), d: `cast(${y.d ?? "?"})`, v: (env) => norm(y.v(env), t) };
  };
  const shiftAmount = (): Term => {
    const t = gen(1);
    if (!t.e.signed && t.e.width <= 3) return t;
    const e = t.e.asUnsigned().trunc(Math.min(3, t.e.width));
    return { e, v: (env) => BigInt.asUintN(e.width, t.v(env)) };
  };
  const gen = (depth: number): Term => {
    if (depth === 0 || random() < 0.2) return leaf();
    const x = gen(depth - 1);
    if (x.e.width > 24) {
      // Keep widths manageable: products and shifts grow fast.
      const e = x.e.trunc(12);
      const t = { width: 12, signed: x.e.signed };
      return { e, v: (env) => norm(x.v(env), t) };
    }
    const op = pick([
      "add",
      "addx",
      "sub",
      "subx",
      "mul",
      "mulw",
      "and",
      "or",
      "xor",
      "not",
      "neg",
      "eq",
      "lt",
      "ge",
      "andR",
      "xorR",
      "shlc",
      "shls",
      "shrc",
      "shrs",
      "slice",
      "bitdyn",
      "cat",
      "mux",
      "trunc",
      "zext",
      "sext",
      "cast",
      "sum",
    ] as const);
    const binary = (f: (a: bigint, b: bigint) => bigint, build: (a: Expr, b: Expr) => Expr): Term => {
      const y = sameSign(x, gen(depth - 1));
      const e = build(x.e, y.e);
      const t = { width: e.width, signed: e.signed };
      return { e, d: `${op}(${x.d ?? "?"}, ${y.d ?? "?"})`, v: (env) => norm(f(x.v(env), y.v(env)), t) };
    };
    const unary = (f: (a: bigint, env: Env) => bigint, e: Expr): Term => {
      const t = { width: e.width, signed: e.signed };
      return { e, d: `${op}(${x.d ?? "?"})`, v: (env) => norm(f(x.v(env), env), t) };
    };
    switch (op) {
      case "add":
        return binary(
          (p, q) => p + q,
          (p, q) => p.add(q),
        );
      case "addx":
        return binary(
          (p, q) => p + q,
          (p, q) => p.addx(q),
        );
      case "sub":
        return binary(
          (p, q) => p - q,
          (p, q) => p.sub(q),
        );
      case "subx":
        return binary(
          (p, q) => p - q,
          (p, q) => p.subx(q),
        );
      case "mul":
        return binary(
          (p, q) => p * q,
          (p, q) => p.mul(q),
        );
      case "mulw":
        return binary(
          (p, q) => p * q,
          (p, q) => p.mulw(q),
        );
      case "and":
        return binary(
          (p, q) => p & q,
          (p, q) => p.and(q),
        );
      case "or":
        return binary(
          (p, q) => p | q,
          (p, q) => p.or(q),
        );
      case "xor":
        return binary(
          (p, q) => p ^ q,
          (p, q) => p.xor(q),
        );
      case "eq":
        return binary(
          (p, q) => BigInt(p === q),
          (p, q) => p.eq(q),
        );
      case "lt":
        return binary(
          (p, q) => BigInt(p < q),
          (p, q) => p.lt(q),
        );
      case "ge":
        return binary(
          (p, q) => BigInt(p >= q),
          (p, q) => p.ge(q),
        );
      case "not":
        return unary((p) => ~p, x.e.not());
      case "neg":
        return unary((p) => -p, x.e.neg());
      case "andR":
        return unary((_p, env) => BigInt(pattern(x, env) === (1n << BigInt(x.e.width)) - 1n), x.e.andR());
      case "xorR":
        return unary((_p, env) => BigInt([...pattern(x, env).toString(2)].filter((ch) => ch === "1").length % 2), x.e.xorR());
      case "shlc": {
        const n = Math.floor(random() * 4);
        return unary((p) => p << BigInt(n), x.e.shl(n));
      }
      case "shls": {
        const amt = shiftAmount();
        const e = x.e.shl(amt.e);
        const t = { width: e.width, signed: e.signed };
        return { e, v: (env) => norm(x.v(env) << amt.v(env), t) };
      }
      case "shrc": {
        if (x.e.width < 2) return x;
        const n = 1 + Math.floor(random() * (x.e.width - 1));
        return unary((p) => p >> BigInt(n), x.e.shr(n));
      }
      case "shrs": {
        const amt = shiftAmount();
        const e = x.e.shr(amt.e);
        const t = { width: e.width, signed: e.signed };
        return { e, v: (env) => norm(x.v(env) >> amt.v(env), t) };
      }
      case "slice": {
        const lo = Math.floor(random() * x.e.width);
        const hi = lo + Math.floor(random() * (x.e.width - lo));
        return unary((_p, env) => (pattern(x, env) >> BigInt(lo)) & ((1n << BigInt(hi - lo + 1)) - 1n), x.e.slice(hi, lo));
      }
      case "bitdyn": {
        const idx = shiftAmount();
        const e = x.e.bit(idx.e);
        return { e, v: (env) => (pattern(x, env) >> idx.v(env)) & 1n };
      }
      case "cat": {
        const y = gen(depth - 1);
        const e = cat(x.e, y.e);
        return { e, v: (env) => (pattern(x, env) << BigInt(y.e.width)) | pattern(y, env) };
      }
      case "mux": {
        const sel = gen(depth - 1);
        const cond = sel.e.width === 1 ? sel : { e: sel.e.orR(), v: (env: Env) => BigInt(pattern(sel, env) !== 0n) };
        const y = sameSign(x, gen(depth - 1));
        const e = mux(cond.e, x.e, y.e);
        const t = { width: e.width, signed: e.signed };
        return { e, v: (env) => norm(pattern(cond, env) ? x.v(env) : y.v(env), t) };
      }
      case "trunc": {
        const w = 1 + Math.floor(random() * x.e.width);
        return unary((p) => p, x.e.trunc(w));
      }
      case "zext": {
        const w = x.e.width + Math.floor(random() * 4);
        return unary((_p, env) => pattern(x, env), x.e.zext(w));
      }
      case "sext": {
        const w = x.e.width + Math.floor(random() * 4);
        return unary((_p, env) => BigInt.asIntN(x.e.width, pattern(x, env)), x.e.sext(w));
      }
      case "cast":
        return unary((p) => p, x.e.signed ? x.e.asUnsigned() : x.e.asSigned());
      case "sum": {
        const y = sameSign(x, gen(depth - 1));
        const z = sameSign(x, gen(depth - 1));
        const e = sumTree([x.e, y.e, z.e]);
        const t = { width: e.width, signed: e.signed };
        return { e, v: (env) => norm(x.v(env) + y.v(env) + z.v(env), t) };
      }
    }
  };
  return gen;
}

function randomDesign(seed: number, count: number) {
  const terms: Term[] = [];
  const outputs: Record<string, PortSpec> = {};
  // Widths of the outputs depend on the random trees, so the trees are generated twice with the same
  // seed: once to learn the port types, once inside the module body.
  const probe = defineModule(
    `probe_${seed}`,
    Object.fromEntries(Object.entries(INPUTS).map(([k, t]) => [k, input(t.signed ? sint(t.width) : uint(t.width))])),
    (_m, io) => {
      const gen = generator(io as Record<string, Expr>, rng(seed));
      for (let i = 0; i < count; i++) {
        const t = gen(4);
        outputs[`y${i}`] = output(t.e.signed ? sint(t.e.width) : uint(t.e.width));
      }
    },
  );
  probe.elaborate();
  const ins = Object.fromEntries(Object.entries(INPUTS).map(([k, t]) => [k, input(t.signed ? sint(t.width) : uint(t.width))]));
  const def = defineModule(`random_${seed}`, { ...ins, ...outputs }, (_m, io) => {
    const ports = io as unknown as Record<string, Expr & { set(v: Expr): void }>;
    const gen = generator(ports, rng(seed));
    for (let i = 0; i < count; i++) {
      const t = gen(4);
      terms.push(t);
      ports[`y${i}`]!.set(t.e);
    }
    // Inputs no tree happened to use are fine here.
    for (const k of Object.keys(INPUTS)) (ports[k] as unknown as { markUnused(): void }).markUnused();
  });
  return { def, terms };
}

/** The inputs (by name) an expression reads. */
function inputsRead(e: Expr, io: Record<string, Expr>): string[] {
  const signals = new Set<SignalNode>();
  const stack: ExprNode[] = [e.node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === "ref") signals.add(n.signal);
    stack.push(...children(n));
  }
  return Object.keys(INPUTS).filter((k) => signals.has((io[k]!.node as { signal: SignalNode }).signal));
}

/**
 * The same kind of random trees, each the body of a function called from the module. A tree is built from
 * its own seeded stream, so it can be built again over the function's arguments; an extra read of every
 * argument (`orR() ? tree : tree`, the same value) keeps trees that read only some bits of an input legal.
 */
function randomFunctionDesign(seed: number, count: number) {
  const tree = (io: Record<string, Expr>, i: number): Term => generator(io, rng((seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0))(4);
  const inputPorts = (): Record<string, PortSpec> =>
    Object.fromEntries(Object.entries(INPUTS).map(([k, t]) => [k, input(t.signed ? sint(t.width) : uint(t.width))]));
  const outputs: Record<string, PortSpec> = {};
  defineModule(`fprobe_${seed}`, inputPorts(), (_m, io) => {
    for (let i = 0; i < count; i++) {
      const t = tree(io as Record<string, Expr>, i);
      outputs[`y${i}`] = output(t.e.signed ? sint(t.e.width) : uint(t.e.width));
    }
  }).elaborate();
  const terms: Term[] = [];
  const def = defineModule(`frandom_${seed}`, { ...inputPorts(), ...outputs }, (_m, io) => {
    const ports = io as unknown as Record<string, Expr & { set(v: Expr): void }>;
    for (let i = 0; i < count; i++) {
      const t = tree(ports, i);
      terms.push(t);
      const used = inputsRead(t.e, ports);
      if (used.length === 0) {
        ports[`y${i}`]!.set(t.e);
        continue;
      }
      const args = Object.fromEntries(used.map((k) => [k, ports[k]!.type]));
      const fn = defineFunction(`f${i}`, args, (a) => {
        // Inputs the module's tree picked but folded away do not affect it; constants stand in for them.
        const leaves = Object.fromEntries(
          Object.entries(INPUTS).map(([k, t]) => [k, (a as Record<string, Expr>)[k] ?? lit(0, t.signed ? sint(t.width) : uint(t.width))]),
        );
        const body = tree(leaves, i).e;
        return mux(cat(...Object.values(a)).orR(), body, body);
      });
      ports[`y${i}`]!.set(fn(...used.map((k) => ports[k]!)));
    }
    for (const k of Object.keys(INPUTS)) (ports[k] as unknown as { markUnused(): void }).markUnused();
  });
  return { def, terms };
}

describe("random expression trees", () => {
  it("lint clean in Verilator and compute the width table's values in Icarus Verilog", async () => {
    await fc.assert(
      fc.asyncProperty(process.env.HDL_FUZZ_ONLY ? fc.constant(Number(process.env.HDL_FUZZ_ONLY)) : fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const { def, terms } = randomDesign(seed, 24);
        const sim = toSimDesign(def);
        const lint = await verilatorLint(sim.files, sim.top);
        expect(lint.output, sim.files[0]!.text).toBe("");
        const next = vectorSource(seed);
        const vectors: Env[] = Array.from({ length: 48 }, () => Object.fromEntries(Object.entries(INPUTS).map(([k, t]) => [k, norm(next(t.width), t)])));
        // Replaying one seed prints its Verilog, to run by hand.
        if (process.env.HDL_FUZZ_ONLY) console.log(sim.files[0]!.text);
        const results = await simulateComb(emitVerilog(def), sim.ports, vectors);
        vectors.forEach((env, i) => {
          terms.forEach((t, j) => {
            expect(results[i]![`y${j}`], `y${j} = ${t.d ?? "?"} for ${JSON.stringify(env, (_k, x) => (typeof x === "bigint" ? String(x) : x))}`).toBe(
              pattern(t, env),
            );
          });
        });
      }),
      // A fixed seed keeps CI reproducible; HDL_FUZZ_RUNS / HDL_FUZZ_SEED explore further.
      { numRuns: Number(process.env.HDL_FUZZ_RUNS ?? 6), seed: Number(process.env.HDL_FUZZ_SEED ?? 20261128) },
    );
  });

  it("as function bodies: lint clean and the same values in Icarus Verilog", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const { def, terms } = randomFunctionDesign(seed, 16);
        const sim = toSimDesign(def);
        const lint = await verilatorLint(sim.files, sim.top);
        expect(lint.output, sim.files[0]!.text).toBe("");
        const next = vectorSource(seed);
        const vectors: Env[] = Array.from({ length: 32 }, () => Object.fromEntries(Object.entries(INPUTS).map(([k, t]) => [k, norm(next(t.width), t)])));
        const results = await simulateComb(emitVerilog(def), sim.ports, vectors);
        vectors.forEach((env, i) => {
          terms.forEach((t, j) => {
            expect(results[i]![`y${j}`], `y${j} = ${t.d ?? "?"}`).toBe(pattern(t, env));
          });
        });
      }),
      { numRuns: Number(process.env.HDL_FUZZ_RUNS ?? 4), seed: Number(process.env.HDL_FUZZ_SEED ?? 20261128) },
    );
  });
});
