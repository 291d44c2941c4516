import { UserError } from "../util/errors.js";
import { formatLoc, type SourceLoc } from "./source-location.js";

/**
 * A design error found by the DSL (while building or in a pass before emission). The message starts with the
 * TypeScript file:line that caused it, so the user can jump straight to the offending line.
 */
export class HdlError extends UserError {
  readonly loc: SourceLoc | undefined;
  readonly detail: string;
  constructor(detail: string, loc: SourceLoc | undefined) {
    super(loc ? `${formatLoc(loc)}: ${detail}` : detail);
    this.name = "HdlError";
    this.loc = loc;
    this.detail = detail;
  }
}
