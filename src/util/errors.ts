/**
 * Errors a user can cause (bad flags, bad files, bad parameters). The CLI prints their message without a
 * stack trace and exits with `exitCode`; anything else is a bug and keeps its stack.
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

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}
