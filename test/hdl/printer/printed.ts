import type { ModuleDef, PortSpecs } from "../../../src/hdl/index.js";
import { checkModule } from "../../../src/hdl/passes/index.js";
import { type PrintedModule, printModule } from "../../../src/hdl/printer/module.js";

/**
 * Elaborates `def` (and checks its children) and prints it inside the calling test, whose file is `testFile`
 * (relative to the project root): `lines` is the body without the location comments that point into that file,
 * whose line numbers move whenever the test file does. The test that checks a text must be the one that printed
 * it: mutation testing reruns only the tests that reached the mutated code.
 */
export function printed(def: ModuleDef<PortSpecs>, testFile: string): PrintedModule & { lines: string[] } {
  const ir = def.elaborate();
  for (const inst of ir.instances) checkModule(inst.module);
  const p = printModule(ir, checkModule(ir));
  const location = new RegExp(`^ *// ${testFile.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:\\d`);
  return { ...p, lines: p.body.split("\n").filter((l) => !location.test(l)) };
}
