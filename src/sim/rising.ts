import type { PortShape } from "./design.js";
import type { Clock, EdgeSample } from "./dut.js";

/** `await rising(dut.clock)`: the cocotb spelling of `dut.clock.rising()`. */
export function rising<P extends PortShape>(clock: Clock<P>): Promise<EdgeSample<P>> {
  return clock.rising();
}
