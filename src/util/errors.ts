/**
 * Errors the CLI reports as one line (no stack trace unless `--debug`) and exits with `exitCode`
 * (design.md §5.6): a user's mistake (bad flags, bad files, bad parameters) by default. Anything that is not
 * one of these is a bug, reported with exit status 3 and its stack under `--debug`.
 */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "UserError";
    this.exitCode = options.exitCode ?? 2;
  }
}

/** Raised when simulated hardware disagrees with its golden model (CLI exit status 1). */
export class MismatchError extends UserError {
  constructor(message: string) {
    super(message, { exitCode: 1 });
    this.name = "MismatchError";
  }
}

/**
 * The run could not complete, through no fault of its input: a tool crashed or timed out, the disk was full or
 * read-only (CLI exit status 3). The message says what happened and what to do.
 */
export class RunError extends UserError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { exitCode: 3, ...options });
    this.name = "RunError";
  }
}

/** The exit statuses of design.md §5.6. */
export const EXIT = { ok: 0, mismatch: 1, badInput: 2, incomplete: 3 } as const;

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}
