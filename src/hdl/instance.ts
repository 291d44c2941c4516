/** Instances of child modules, seen from the parent. */
import type { InstanceNode } from "./ir.js";
import type { InstanceIoOf, PortSpecs } from "./ports.js";

/** An instance of a child module; `io` holds the parent-side signals of its ports. */
export class Instance<S extends PortSpecs> {
  /** @internal */
  constructor(
    readonly io: InstanceIoOf<S>,
    /** @internal */ readonly inst: InstanceNode,
  ) {}
  get moduleName(): string {
    return this.inst.module.name;
  }
}
