import { emitVerilog } from "../hdl/index.js";
import { buildTile } from "../hw/index.js";
import type { MappingPlan, TileParams } from "../sme/index.js";
import type { DesignKind } from "./config.js";
import type { FlowTile } from "./flow-tile.js";

/**
 * The one place the flow calls the tile generators (`src/hw`): builds the tile of the given kind (baked
 * tiles take the plan's weights as constants) and returns what the flow needs, Verilog included.
 */
export function buildFlowTile(p: TileParams, kind: DesignKind, plan: MappingPlan): FlowTile {
  const hw = kind === "programmable" ? buildTile(p, { kind: "programmable" }) : buildTile(p, { kind: "baked", plan });
  const emitted = emitVerilog(hw.top);
  return {
    top: emitted.top,
    files: emitted.modules.map((m) => ({ name: m.file, text: m.text })),
    design: { top: hw.design.top, files: hw.design.files, ports: hw.design.ports },
    slots: hw.slots,
    digits: hw.digits,
    cyclesPerVector: hw.cyclesPerVector,
    latency: hw.latency,
    interval: hw.cyclesPerVector,
    layout: hw.kind === "programmable" ? hw.layout : null,
  };
}
