import { EXIT, isUserError } from "../util/errors.js";

/** How the CLI reports an error: the exit status and the text for stderr (first line, then any detail lines). */
export interface Failure {
  readonly exitCode: number;
  /** One line saying what went wrong and what to do. */
  readonly line: string;
  /** Lines that follow it (a crashed tool's last output); empty for most errors. */
  readonly detail: string;
}

/** What the file-system error codes mean to a user, and what to do about them. */
const ERRNO_ADVICE: Readonly<Record<string, string>> = {
  EROFS: "the file system is read-only; write to a folder on a writable disk (--out)",
  ENOSPC: "the disk is full; free some space or write to another disk (--out)",
  EDQUOT: "the disk quota is used up; free some space or write to another disk (--out)",
  EACCES: "permission denied; use a folder you may write to, or fix its permissions",
  EPERM: "the operation is not permitted there; use an ordinary folder you may write to",
  EISDIR: "a folder is in the way where a file belongs; move it away or choose another path",
  ENOTDIR: "a file is in the way where a folder belongs; move it away or choose another path",
  ENOENT: "a folder on the way does not exist or cannot hold files; choose a path on an ordinary disk",
  EIO: "the disk reported an input/output error; check the disk and run again",
  EMFILE: "too many open files; raise the limit (ulimit -n) or run fewer jobs",
  ENFILE: "the system has too many open files; run fewer jobs or try again later",
  EXDEV: "the path crosses file systems where a rename was needed; keep the output on one disk",
  EBUSY: "the file or folder is in use; close what uses it and run again",
  ENOMEM: "the machine ran out of memory; run fewer jobs or a smaller case",
};

const SYSCALL_VERB: Readonly<Record<string, string>> = {
  open: "open",
  mkdir: "create the folder",
  mkdtemp: "create a temporary folder in",
  rename: "rename",
  write: "write",
  writeFile: "write",
  read: "read",
  unlink: "remove",
  rmdir: "remove",
  rm: "remove",
  copyfile: "copy",
  scandir: "list",
  stat: "look at",
  lstat: "look at",
  utime: "touch",
  chmod: "change",
};

interface ErrnoLike {
  readonly code: string;
  readonly syscall?: string;
  readonly path?: string;
  readonly dest?: string;
}

function isErrno(err: unknown): err is Error & ErrnoLike {
  const code: unknown = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  return typeof code === "string" && /^E[A-Z0-9]+$/.test(code);
}

/** The first line of a message, and the rest. */
function split(message: string): { first: string; rest: string } {
  const nl = message.indexOf("\n");
  return nl < 0 ? { first: message, rest: "" } : { first: message.slice(0, nl), rest: message.slice(nl + 1) };
}

/**
 * Classifies an error for the CLI (design.md §5.6): user mistakes keep their own status and message (2 for bad
 * input, 1 for a verification mismatch); a crashed or hung simulator, a failing tool, a file-system error and
 * anything unexpected are "the run could not complete" (3), told in one line with what to do. Errors that
 * crossed a worker thread arrive as plain errors carrying their original `name`.
 */
export function describeFailure(err: unknown): Failure {
  if (isUserError(err)) {
    const { first, rest } = split(err.message);
    return { exitCode: err.exitCode, line: first, detail: rest };
  }
  const e = err instanceof Error ? err : new Error(String(err));
  if (e.name === "SimCrashError") {
    const { first, rest } = split(e.message);
    return {
      exitCode: EXIT.incomplete,
      line: `${first}: the simulator crashed, so the run could not complete; run again, and if it crashes again rerun with --debug and report it`,
      detail: rest,
    };
  }
  if (e.name === "SimTimeoutError") {
    const { first, rest } = split(e.message);
    const response = (err as { kind?: string }).kind === "response" || /did not answer/.test(first);
    return response
      ? {
          exitCode: EXIT.incomplete,
          line: `${first.replace(/ \(raise [^)]*\)$/, "")}; the machine may be overloaded (try fewer --jobs) or the design hangs; a slow design needs a longer --sim-timeout`,
          detail: rest,
        }
      : { exitCode: EXIT.mismatch, line: `${first}: the design stopped obeying its handshakes`, detail: rest };
  }
  if (isErrno(e)) {
    const verb = (e.syscall && SYSCALL_VERB[e.syscall]) ?? e.syscall ?? "use";
    const where = e.path ? ` ${e.path}${e.dest ? ` -> ${e.dest}` : ""}` : "";
    const advice = ERRNO_ADVICE[e.code] ?? "the operating system refused it; check the path and the disk";
    return { exitCode: EXIT.incomplete, line: `cannot ${verb}${where}: ${advice} (${e.code})`, detail: "" };
  }
  const { first } = split(e.message);
  return {
    exitCode: EXIT.incomplete,
    line: `internal error: ${first || e.name}; the run could not complete. Rerun with --debug for the stack trace and report it`,
    detail: "",
  };
}

/** The stack trace and the chain of causes of an error, for `--debug`. */
export function debugText(err: unknown): string {
  const parts: string[] = [];
  let cur: unknown = err;
  for (let depth = 0; cur !== undefined && depth < 5; depth++) {
    parts.push(cur instanceof Error ? (cur.stack ?? `${cur.name}: ${cur.message}`) : String(cur));
    cur = cur instanceof Error ? cur.cause : undefined;
    if (cur !== undefined) parts.push("caused by:");
  }
  return parts.join("\n");
}
