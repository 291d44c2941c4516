import { UserError } from "../util/errors.js";

/** Base class of every failure the simulation bridge reports. */
export class SimError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SimError";
  }
}

/**
 * A wait ran out of budget: `kind` is `"cycles"` when a cycle budget was used up (the design never did what
 * the test waited for) and `"response"` when the simulator process stopped answering (a hang).
 */
export class SimTimeoutError extends SimError {
  readonly kind: "cycles" | "response";
  /** Clock cycles simulated when the wait gave up (cycle budgets only). */
  readonly cycle: number | undefined;
  constructor(kind: "cycles" | "response", message: string, cycle?: number) {
    super(message);
    this.name = "SimTimeoutError";
    this.kind = kind;
    this.cycle = cycle;
  }
}

/** The simulator process died; `stderrTail` holds the last lines it printed. */
export class SimCrashError extends SimError {
  readonly stderrTail: string;
  constructor(message: string, stderrTail: string) {
    super(stderrTail ? `${message}\n--- simulator stderr (tail) ---\n${stderrTail}` : message);
    this.name = "SimCrashError";
    this.stderrTail = stderrTail;
  }
}

/** Verilator is not installed (or not on PATH). */
export class SimulatorNotFoundError extends UserError {
  constructor(command: string) {
    super(
      `Verilator was not found (tried to run "${command}"). Install it with \`sudo apt-get install verilator\` ` +
        "(Debian/Ubuntu; `bash scripts/setup.sh` installs every tool), or set SME_VERILATOR to its path.",
    );
    this.name = "SimulatorNotFoundError";
  }
}

/** Verilator rejected the design or the C++ build failed; the message ends with the tail of the build log. */
export class SimBuildError extends UserError {
  readonly log: string;
  constructor(message: string, log: string) {
    super(`${message}\n--- build log (tail) ---\n${tail(log, 40)}`);
    this.name = "SimBuildError";
    this.log = log;
  }
}

/** The last `lines` lines of a text. */
export function tail(text: string, lines: number): string {
  const all = text.trimEnd().split("\n");
  return all.slice(Math.max(0, all.length - lines)).join("\n");
}
