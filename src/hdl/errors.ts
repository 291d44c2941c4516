import { UserError } from "../util/errors.js";
import { formatLoc, type SourceLoc } from "./source-location.js";

/**
 * A design error found by the DSL (while building or in a pass before emission). The message starts with the
 * TypeScript file:line that caused it, so the user can jump straight to the offending line.
 */
export class HdlError extends UserError {
  readonly loc: SourceLoc | undefined;
  readonly detail: string;
  constructor(detail: string, loc: SourceLoc | undefined, message?: string) {
    super(message ?? (loc ? `${formatLoc(loc)}: ${detail}` : detail));
    this.name = "HdlError";
    this.loc = loc;
    this.detail = detail;
  }
}

/** How many of a module's errors an aggregate message lists (all of them stay in `errors`). */
const LISTED_ERRORS = 20;

/**
 * Every design error the passes found in one module. It reads as its first error (`loc`, `detail` and the
 * first line of the message are the first error's), and the message goes on to list the others, each with
 * its TypeScript file:line.
 */
export class HdlErrorList extends HdlError {
  readonly errors: readonly HdlError[];
  constructor(moduleName: string, errors: readonly HdlError[]) {
    const [first, ...rest] = errors;
    if (!first || rest.length === 0) throw new Error("internal: an error list needs at least two errors");
    const listed = rest.slice(0, LISTED_ERRORS).map((e) => `  ${e.message}`);
    if (rest.length > LISTED_ERRORS) listed.push(`  ... and ${rest.length - LISTED_ERRORS} more`);
    const more = `${rest.length} more design error${rest.length === 1 ? "" : "s"} in module '${moduleName}':`;
    super(first.detail, first.loc, [first.message, more, ...listed].join("\n"));
    this.name = "HdlErrorList";
    this.errors = errors;
  }
}

/** The one error to throw for a module's errors: the error itself when there is one, else the list. */
export function designErrors(moduleName: string, errors: readonly HdlError[]): HdlError {
  if (errors.length === 0) throw new Error("internal: no design errors to report");
  return errors.length === 1 ? errors[0]! : new HdlErrorList(moduleName, errors);
}
