/**
 * What the simulation bridge needs to know about a design: its Verilog and its top-level ports. The DSL
 * produces this from a module declaration (so a DUT handle is typed from the same declaration that emitted
 * the Verilog); hand-written Verilog can describe itself the same way.
 */
export type PortDirection = "input" | "output";

export interface PortInfo {
  readonly name: string;
  readonly direction: PortDirection;
  readonly width: number;
  readonly signed: boolean;
}

/** A type-level description of a design's ports: port name -> direction. */
export type PortShape = Record<string, PortDirection>;

export interface VerilogFile {
  /** File name, e.g. `counter.v`. */
  readonly name: string;
  readonly text: string;
}

export interface SimDesign<P extends PortShape = PortShape> {
  /** Name of the top module. */
  readonly top: string;
  readonly files: readonly VerilogFile[];
  /** Top-level ports in declaration order; `name` values are exactly the keys of `P`. */
  readonly ports: readonly PortInfo[];
  /** Phantom field carrying the port shape for typed DUT handles; never read at run time. */
  readonly __ports?: P;
}
