/**
 * Clean-up that must happen even when the run is interrupted: temporary folders, half-swapped outputs. A
 * registered action runs once, synchronously, when the process exits for any reason, including Ctrl-C
 * (SIGINT), SIGTERM and SIGHUP, which otherwise end a Node process without running `finally` blocks. A
 * process killed with SIGKILL runs nothing: the next run removes what it left (see `debris.ts`).
 */

const actions = new Set<() => void>();
let installed = false;

/** Exit statuses of a process ended by a signal, as shells report them (128 + the signal's number). */
const SIGNAL_EXIT: Readonly<Record<"SIGINT" | "SIGTERM" | "SIGHUP", number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

function runAll(): void {
  for (const action of [...actions]) {
    actions.delete(action);
    try {
      action();
    } catch {
      // best effort: the next run removes what is left
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once("exit", runAll);
  for (const [signal, status] of Object.entries(SIGNAL_EXIT)) {
    process.on(signal, () => {
      runAll();
      // A listener replaces Node's default exit on these signals: exit as it would have.
      process.exit(status);
    });
  }
}

/**
 * Registers `action` to run if the process ends before the returned function is called (which unregisters
 * it, once the work it guards is done or cleaned up normally).
 */
export function onInterrupt(action: () => void): () => void {
  install();
  actions.add(action);
  return () => {
    actions.delete(action);
  };
}
