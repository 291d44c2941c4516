/** Runs combinational leaf modules through `dut.batch`, which needs a clock: a wrapper adds an unused one. */
import { connectBundle, defineModule, input, Signal, toSimDesign, type ModuleDef, type PortSpecs } from "../../src/hdl/index.js";
import { simulate } from "../../src/sim/index.js";

function withClock(def: ModuleDef<PortSpecs>): ModuleDef<PortSpecs> {
  const ports: PortSpecs = { clk: input(), ...def.ports };
  return defineModule(`${def.name}_tb`, ports, (m, io) => {
    const { clk, ...pins } = io;
    if (clk instanceof Signal) clk.markUnused();
    // Every port of the child (vectors element by element) to the wrapper's port of the same name.
    connectBundle(m.instance(def).io, "clk" in def.ports ? io : pins);
  });
}

/** Drives rows of input values (one object per evaluation) into a combinational module; samples `outputs`. */
export async function evalComb(def: ModuleDef<PortSpecs>, rows: Record<string, bigint>[], outputs: string[]): Promise<Record<string, bigint>[]> {
  await using dut = await simulate(toSimDesign(withClock(def)));
  const inputs = Object.keys(rows[0]!);
  const got = await dut.batch({ drive: inputs as never[], sample: outputs as never[], cycles: rows.map((r) => inputs.map((k) => r[k]!)) });
  return got.map((vals) => Object.fromEntries(outputs.map((k, i) => [k, vals[i]!])));
}
