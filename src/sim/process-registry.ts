/**
 * Every simulator process still running. They are killed when the host process exits for any reason, so a
 * test run never leaves simulators behind (the driver also asks Linux to kill it when its parent dies).
 */
const live = new Set<{ kill(): void }>();
let hooked = false;

export function trackProcess(proc: { kill(): void }): void {
  live.add(proc);
  if (!hooked) {
    hooked = true;
    process.once("exit", () => {
      for (const p of live) p.kill();
    });
  }
}

export function untrackProcess(proc: { kill(): void }): void {
  live.delete(proc);
}

/** How many simulator processes this host process is running right now. */
export function liveProcessCount(): number {
  return live.size;
}
