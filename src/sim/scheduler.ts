/**
 * Cocotb-style coroutines over a cycle-stepped simulator. A coroutine is an async function; it waits for the
 * next rising edge with `rising()`. While forked coroutines are alive, the clock advances only once every
 * coroutine that can run has run and is waiting again (a `setImmediate` after the microtask queue drains), so
 * drivers and monitors see each edge together, in lock step. With no forked coroutine alive, `rising()` steps
 * at once, which keeps a plain test loop fast.
 */
export interface Task<T> {
  /** Waits for the coroutine to finish and returns its result (rethrows its error). */
  join(): Promise<T>;
  readonly done: boolean;
}

export class Scheduler<S> {
  private alive = 0;
  private waiters: { resolve(sample: S): void; reject(err: unknown): void }[] = [];
  private scheduled = false;

  /** `advance` steps one cycle and returns what the edge sampled; it may throw (crash, timeout). */
  constructor(private readonly advance: () => S) {}

  /**
   * Resolves at the next rising edge with the values sampled at that edge. Aborting `signal` withdraws the
   * wait (the promise rejects with the signal's reason) without advancing the clock.
   */
  rising(signal?: AbortSignal): Promise<S> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.alive === 0 && this.waiters.length === 0 && !this.scheduled) {
      try {
        return Promise.resolve(this.advance());
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return new Promise<S>((resolve, reject) => {
      const onAbort = (): void => {
        const k = this.waiters.indexOf(waiter);
        if (k >= 0) {
          this.waiters.splice(k, 1);
          reject(signal!.reason);
        }
      };
      const waiter = {
        resolve: (sample: S) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(sample);
        },
        reject: (err: unknown) => {
          signal?.removeEventListener("abort", onAbort);
          reject(err);
        },
      };
      this.waiters.push(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.step());
      }
    });
  }

  /** Starts a coroutine that runs beside the caller. */
  fork<T>(body: () => Promise<T>): Task<T> {
    this.alive++;
    let done = false;
    const promise = (async () => body())().finally(() => {
      done = true;
      this.alive--;
    });
    // A failing coroutine must not become an unhandled rejection before somebody joins it.
    promise.catch(() => undefined);
    return {
      join: () => promise,
      get done() {
        return done;
      },
    };
  }

  /** True when no coroutine is forked and no edge is pending: the caller may step the clock directly. */
  get idle(): boolean {
    return this.alive === 0 && this.waiters.length === 0 && !this.scheduled;
  }

  /** Coroutines forked and not yet finished. */
  get running(): number {
    return this.alive;
  }

  private step(): void {
    this.scheduled = false;
    const waiters = this.waiters;
    this.waiters = [];
    if (waiters.length === 0) return;
    try {
      const sample = this.advance();
      for (const w of waiters) w.resolve(sample);
    } catch (err) {
      for (const w of waiters) w.reject(err);
    }
  }
}
