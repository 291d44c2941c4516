import { closeSync, constants, openSync, readFileSync, readSync, writeSync } from "node:fs";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { execa, execaSync, type ResultPromise } from "execa";
import { SimCrashError, SimTimeoutError, tail } from "./errors.js";
import { trackProcess, untrackProcess } from "./process-registry.js";

export interface TransportOptions {
  /** Milliseconds the simulator may take to answer one request before it counts as hung. */
  readonly timeoutMs: number;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/**
 * A simulator child process and the two FIFOs it talks through. Requests are buffered and written only when a
 * reply is needed (or the buffer is large), so writes never wait for the simulator; replies are read
 * synchronously, which keeps a round trip at a few microseconds and lets port reads be plain property reads.
 * A hung simulator is killed after `timeoutMs`; a dead one is reported with the tail of its stderr.
 */
export class SimTransport {
  private pending = "";
  private received = "";
  private readonly chunk = Buffer.allocUnsafe(1 << 20);
  private closed = false;
  private finished = false;
  private failure: Error | undefined;

  private constructor(
    private readonly child: ResultPromise<{ stdin: "ignore"; stdout: "ignore"; stderr: "pipe"; reject: false }>,
    private readonly fifoDir: string,
    private readonly stderrPath: string,
    private readonly reqFd: number,
    private readonly respFd: number,
    private readonly options: TransportOptions,
    /** The first line the driver printed (`ready <ports>`). */
    readonly greeting: string,
  ) {}

  /** Starts `executable` and waits for its greeting. */
  static async start(executable: string, options: TransportOptions): Promise<SimTransport> {
    removeStaleFifoDirs();
    const fifoDir = mkdtempSync(join(tmpdir(), `sme-sim-${process.pid}-`));
    const req = join(fifoDir, "req");
    const resp = join(fifoDir, "resp");
    const stderrPath = join(fifoDir, "stderr");
    execaSync("mkfifo", [req, resp]);
    // The reply FIFO is opened non-blocking before the child starts, so the child's open() finds a reader.
    const respFd = openSync(resp, constants.O_RDONLY | constants.O_NONBLOCK);
    // The driver sends its stdout ($display, $fatal) and stderr to this file itself, so that it can be read
    // synchronously the moment a crash is noticed.
    const child = execa(executable, [req, resp, String(process.pid), stderrPath], {
      stdin: "ignore",
      stdout: "ignore",
      // Only what is printed before the driver redirects its output (say, a dynamic loader error) lands here.
      stderr: "pipe",
      reject: false,
    });
    let exited = false;
    void child.then(() => {
      exited = true;
    });
    const killer = { kill: () => child.kill("SIGKILL") };
    trackProcess(killer);
    const deadline = Date.now() + Math.max(options.timeoutMs, 10_000);
    const fail = async (why: string): Promise<never> => {
      child.kill("SIGKILL");
      const result = await child;
      untrackProcess(killer);
      closeSync(respFd);
      const err = tail(`${result.stderr}\n${readText(stderrPath)}`.trim(), 20);
      rmSync(fifoDir, { recursive: true, force: true });
      throw new SimCrashError(`simulator ${executable} ${why}`, err);
    };
    let reqFd = -1;
    while (reqFd < 0) {
      try {
        reqFd = openSync(req, constants.O_WRONLY | constants.O_NONBLOCK);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENXIO") throw err;
        if (exited) return fail("exited during start-up");
        if (Date.now() > deadline) return fail("did not start in time");
        await delay(1);
      }
    }
    const buf = Buffer.allocUnsafe(256);
    let greeting = "";
    while (!greeting.includes("\n")) {
      let n = 0;
      try {
        n = readSync(respFd, buf, 0, buf.length, null);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EAGAIN") throw err;
      }
      if (n > 0) {
        greeting += buf.toString("latin1", 0, n);
        continue;
      }
      if (exited) {
        closeSync(reqFd);
        return fail("exited during start-up");
      }
      if (Date.now() > deadline) {
        closeSync(reqFd);
        return fail("did not answer during start-up");
      }
      await delay(1);
    }
    const nl = greeting.indexOf("\n");
    const transport = new SimTransport(child, fifoDir, stderrPath, reqFd, respFd, options, greeting.slice(0, nl));
    transport.received = greeting.slice(nl + 1);
    untrackProcess(killer);
    trackProcess(transport);
    return transport;
  }

  /** True once the simulator crashed, hung or was closed. */
  get ended(): boolean {
    return this.closed;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Queues a request that needs no reply. */
  send(line: string): void {
    this.check();
    this.pending += line;
    if (this.pending.length > 1 << 16) this.flush();
  }

  /** Sends a request and returns its one-line reply (without the newline). */
  request(line: string): string {
    this.send(line);
    this.flush();
    return this.readLine();
  }

  /**
   * Reads one more reply line (for requests that answer with several lines). The simulator prints `~` lines
   * as a heartbeat during long runs; they are skipped and restart the hang timeout.
   */
  readLine(): string {
    for (;;) {
      const line = this.readAnyLine();
      if (line !== "~") return line;
    }
  }

  private readAnyLine(): string {
    this.check();
    let nl = this.received.indexOf("\n");
    if (nl >= 0) return this.takeLine(nl);
    // Long replies (a stream run's results) arrive in many chunks: look for the newline only in each new
    // chunk and join once, so reading stays linear in the reply's size.
    const parts: string[] = [this.received];
    const started = Date.now();
    let spins = 0;
    for (;;) {
      let n = -1;
      try {
        n = readSync(this.respFd, this.chunk, 0, this.chunk.length, null);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EAGAIN") throw this.die(err as Error);
      }
      if (n > 0) {
        const text = this.chunk.toString("latin1", 0, n);
        parts.push(text);
        nl = text.indexOf("\n");
        if (nl >= 0) {
          this.received = parts.join("");
          return this.takeLine(this.received.length - text.length + nl);
        }
        spins = 0;
        continue;
      }
      if (n === 0) throw this.crashed("exited unexpectedly");
      // Spin briefly (answers usually take microseconds), then sleep in growing steps.
      if (++spins > 200) {
        const waited = Date.now() - started;
        if (waited > this.options.timeoutMs) throw this.hung();
        sleepSync(Math.min(2, 0.05 + waited / 50));
      }
    }
  }

  private takeLine(nl: number): string {
    const line = this.received.slice(0, nl);
    this.received = this.received.slice(nl + 1);
    return line;
  }

  /** Writes every queued request. */
  flush(): void {
    if (!this.pending) return;
    const data = Buffer.from(this.pending, "latin1");
    this.pending = "";
    let off = 0;
    const started = Date.now();
    while (off < data.length) {
      try {
        off += writeSync(this.reqFd, data, off, data.length - off);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "EPIPE") throw this.crashed("exited unexpectedly");
        if (code !== "EAGAIN") throw this.die(err as Error);
        if (Date.now() - started > this.options.timeoutMs) throw this.hung();
        // The request pipe is full. With stream runs in flight the simulator may itself be waiting for
        // room in the reply pipe: take what it has written so far (kept for the next reads).
        if (!this.pump()) sleepSync(0.1);
      }
    }
  }

  /** Moves whatever reply text is waiting into the receive buffer without blocking; true if there was some. */
  private pump(): boolean {
    let n = -1;
    try {
      n = readSync(this.respFd, this.chunk, 0, this.chunk.length, null);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EAGAIN") throw this.die(err as Error);
    }
    if (n === 0) throw this.crashed("exited unexpectedly");
    if (n < 0) return false;
    this.received += this.chunk.toString("latin1", 0, n);
    return true;
  }

  /** Ends the simulator politely (it gets end of input), then makes sure it is gone. */
  async close(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    try {
      if (!this.closed) {
        this.send("Q\n");
        this.flush();
      }
    } catch {
      // already dead: the kill below is enough
    }
    this.release();
    const done = await Promise.race([this.child, delay(2000, "timeout" as const)]);
    if (done === "timeout") {
      this.child.kill("SIGKILL");
      await this.child;
    }
    rmSync(this.fifoDir, { recursive: true, force: true });
  }

  /** Kills the simulator at once and removes its FIFOs (used on host exit). */
  kill(): void {
    this.child.kill("SIGKILL");
    rmSync(this.fifoDir, { recursive: true, force: true });
  }

  /** Exit status or signal of a simulator that has died, for error messages. */
  async exitDescription(): Promise<string> {
    const r = await Promise.race([this.child, delay(1000, undefined)]);
    if (!r) return "still running";
    return r.signal ? `killed by ${r.signal}` : `exit status ${r.exitCode}`;
  }

  private check(): void {
    if (this.failure) throw this.failure;
    if (this.closed) throw new SimCrashError("the simulation was already closed", "");
  }

  private release(): void {
    if (this.closed) return;
    this.closed = true;
    untrackProcess(this);
    closeSync(this.reqFd);
    closeSync(this.respFd);
  }

  private crashed(why: string): Error {
    this.child.kill("SIGKILL");
    this.release();
    this.failure = new SimCrashError(`simulator process ${this.pid} ${why}`, tail(readText(this.stderrPath), 20));
    return this.failure;
  }

  private hung(): Error {
    this.child.kill("SIGKILL");
    this.release();
    this.failure = new SimTimeoutError(
      "response",
      `simulator process ${this.pid} did not answer within ${this.options.timeoutMs} ms and was killed ` +
        "(raise timeoutMs in simulate() if the design is just slow)",
    );
    return this.failure;
  }

  private die(err: Error): Error {
    this.child.kill("SIGKILL");
    this.release();
    this.failure = err;
    return err;
  }
}

let staleSwept = false;

/**
 * FIFO folders are named after the host's pid; those of hosts that died without cleaning up (killed with
 * SIGKILL, say) are removed once per process.
 */
function removeStaleFifoDirs(): void {
  if (staleSwept) return;
  staleSwept = true;
  try {
    for (const name of readdirSync(tmpdir())) {
      const m = /^sme-sim-(\d+)-/.exec(name);
      if (!m || isAlive(Number(m[1]))) continue;
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  } catch {
    // best effort
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}
