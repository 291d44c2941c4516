/** Runs combinational leaf modules through `dut.batch`, which needs a clock: a wrapper adds an unused one. */
import { defineModule, input, toSimDesign, type Expr, type ModuleDef, type PortSpec, type PortSpecs, type Signal } from "../../src/hdl/index.js";
import { simulate } from "../../src/sim/index.js";

function withClock(def: ModuleDef<PortSpecs>): ModuleDef<PortSpecs> {
  const ports: Record<string, PortSpec> = { clk: input(), ...def.ports };
  return defineModule(`${def.name}_tb`, ports, (m, io) => {
    const pins = io as unknown as Record<string, Signal & { set(v: Expr): void }>;
    pins.clk!.markUnused();
    const inst = m.instance(def);
    const child = inst.io as unknown as Record<string, Signal & { set(v: Expr): void }>;
    for (const [name, spec] of Object.entries(def.ports)) {
      if (spec.dir === "input") child[name]!.set(pins[name]!);
      else pins[name]!.set(child[name]!);
    }
  });
}

/** Drives rows of input values (one object per evaluation) into a combinational module; samples `outputs`. */
export async function evalComb(def: ModuleDef<PortSpecs>, rows: Record<string, bigint>[], outputs: string[]): Promise<Record<string, bigint>[]> {
  await using dut = await simulate(toSimDesign(withClock(def)));
  const inputs = Object.keys(rows[0]!);
  const got = await dut.batch({ drive: inputs as never[], sample: outputs as never[], cycles: rows.map((r) => inputs.map((k) => r[k]!)) });
  return got.map((vals) => Object.fromEntries(outputs.map((k, i) => [k, vals[i]!])));
}
