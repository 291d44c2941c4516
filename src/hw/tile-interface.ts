/**
 * What a host needs to know about a generated tile, as plain data: its ports by role (checked by the compiler
 * against the declaration in `ports.ts`), what each port means, and the facts the programming, streaming and
 * cycle budgets derive from. One description serves a tile just built (`TileHardware` is one), a design folder
 * read back from its manifest, and a verification shard in a worker thread.
 */
import type { PortInfo } from "../sim/design.js";
import type { ProgLayout, TileParams } from "../sme/index.js";
import { UserError } from "../util/errors.js";
import type { BakedTileSpecs, ProgrammableTileSpecs } from "./ports.js";

export type TileKind = "programmable" | "baked";

export interface TileInterface {
  /** Top module name. */
  readonly name: string;
  readonly kind: TileKind;
  readonly params: TileParams;
  /** Top-level ports in declaration order. */
  readonly ports: readonly PortInfo[];
  /** Bits per output column of `out_sum` (two's complement). */
  readonly outputWidth: number;
  /** Physical crossbar slots K. */
  readonly slots: number;
  /** Digits T run per vector and OU group. */
  readonly digits: number;
  /** Cycles per vector when vectors arrive back to back and results are read at once (G*T). */
  readonly cyclesPerVector: number;
  /** Cycles from the edge that accepts a vector to the first edge where its result is valid. */
  readonly latency: number;
  /** The programming port layout (programmable tiles), else null. */
  readonly layout: ProgLayout | null;
}

/** The plain-data part of a tile description (a `TileHardware` also holds its module and design objects). */
export function tileInterface(t: TileInterface): TileInterface {
  const { name, kind, params, ports, outputWidth, slots, digits, cyclesPerVector, latency, layout } = t;
  return { name, kind, params, ports, outputWidth, slots, digits, cyclesPerVector, latency, layout };
}

type StreamPort = keyof BakedTileSpecs & string;
type ProgPort = Exclude<keyof ProgrammableTileSpecs, keyof BakedTileSpecs> & string;

/** The tile's ports by role (design.md §4). A name that is not declared in `ports.ts` does not compile. */
export const TILE_PORTS = {
  clock: "clk",
  reset: "rst",
  /** Activation vectors in: `in_act` holds x[i] at bits `[i*A +: A]`. */
  input: { valid: "in_valid", ready: "in_ready", data: "in_act" },
  /** Results out: `out_sum` holds y[j] at bits `[j*OW +: OW]`. */
  output: { valid: "out_valid", ready: "out_ready", data: "out_sum" },
  /** Programming transfers in; `data` lists the fields of one transfer in payload (and `program.hex` word) order. */
  program: { valid: "prog_valid", ready: "prog_ready", data: ["prog_target", "prog_xbar", "prog_row", "prog_data"] },
  /** Sticky flag: a transfer carried a value no mapping produces and was ignored (design.md §4.5); reset clears it. */
  programError: "prog_error",
} as const satisfies {
  readonly clock: StreamPort;
  readonly reset: StreamPort;
  readonly input: { readonly valid: StreamPort; readonly ready: StreamPort; readonly data: StreamPort };
  readonly output: { readonly valid: StreamPort; readonly ready: StreamPort; readonly data: StreamPort };
  readonly program: { readonly valid: ProgPort; readonly ready: ProgPort; readonly data: readonly ProgPort[] };
  readonly programError: ProgPort;
};

/** What each port means, for the manifest and the integrator README; every declared port must have an entry. */
const PORT_MEANINGS: { readonly [K in keyof ProgrammableTileSpecs]: (t: Pick<TileInterface, "params" | "outputWidth">) => string } = {
  clk: () => "clock, rising edge",
  rst: () => "synchronous reset, active high",
  in_valid: () => "an activation vector is offered",
  in_ready: () => "the tile accepts a vector at this edge (low while one is in flight)",
  in_act: (t) => `x[i] at bits [i*${t.params.actBits} +: ${t.params.actBits}], unsigned`,
  out_valid: () => "a result is offered",
  out_ready: () => "the consumer takes the result at this edge",
  out_sum: (t) => `y[j] at bits [j*${t.outputWidth} +: ${t.outputWidth}], two's complement`,
  prog_valid: () => "a programming transfer is offered",
  prog_ready: () => "the tile accepts the transfer at this edge",
  prog_target: () => "0: cell row, 1: row-map entry, 2: crossbar descriptor, 3: none",
  prog_xbar: () => "physical crossbar index",
  prog_row: () => "physical row",
  prog_data: () => "row cells (bit j = column j), {valid, src, shift} or {enable, sign, base}; see the field table",
  prog_error: () => "sticky: a transfer carried a value no mapping produces (it was ignored); cleared by reset",
};

/** The meaning of port `name` of the tile ("" for a port the tile interface does not declare). */
export function portMeaning(t: Pick<TileInterface, "params" | "outputWidth">, name: string): string {
  return Object.hasOwn(PORT_MEANINGS, name) ? PORT_MEANINGS[name as keyof ProgrammableTileSpecs](t) : "";
}

/** The width of port `name`; a design without it is not a tile of design.md §4. */
export function portWidth(t: Pick<TileInterface, "name" | "ports">, name: string): number {
  const port = t.ports.find((p) => p.name === name);
  if (!port) throw new UserError(`design ${t.name} has no port ${name}; a tile has the design.md §4 interface`);
  return port.width;
}
