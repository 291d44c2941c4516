/** Where a pass records the design errors it finds: every one of them, so one run reports them all. */
import { HdlError } from "../errors.js";
import type { SourceLoc } from "../source-location.js";

export class PassReport {
  readonly errors: HdlError[] = [];

  /** Records a design error at the TypeScript line `loc`. */
  error(detail: string, loc: SourceLoc | undefined): void {
    this.errors.push(new HdlError(detail, loc));
  }
}
