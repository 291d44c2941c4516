/**
 * How the CLI tells a failure (design.md §5.6): a crashed or stopped simulator and a refused disk are "the run
 * could not complete" (exit 3) in one line that names the cause and what to do; bad input stays exit 2.
 */
import { describe, expect, it } from "vitest";
import { describeFailure } from "../../src/cli/failure.js";
import { SimCrashError, SimTimeoutError } from "../../src/sim/errors.js";
import { UserError } from "../../src/util/errors.js";

const errno = (code: string, syscall: string, path: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path });

describe("describeFailure", () => {
  it("a killed simulator: exit 3, the signal named, its last stderr lines as detail", () => {
    const f = describeFailure(new SimCrashError("simulator sme_tile killed by SIGKILL", "%Error: last words"));
    expect(f.exitCode).toBe(3);
    expect(f.line).toBe(
      "simulator sme_tile killed by SIGKILL: the simulator crashed, so the run could not complete; run again, and if it crashes again rerun with --debug and report it",
    );
    expect(f.detail).toContain("%Error: last words");
  });

  it("a simulator that stopped answering: exit 3, advice names the --sim-timeout flag, not an API option", () => {
    const f = describeFailure(new SimTimeoutError("response", "simulator sme_tile did not answer within 60 s (raise timeoutMs)"));
    expect(f.exitCode).toBe(3);
    expect(f.line).toBe(
      "simulator sme_tile did not answer within 60 s; the machine may be overloaded (try fewer --jobs) or the design hangs; a slow design needs a longer --sim-timeout",
    );
    // The same error after crossing a worker thread (a plain Error carrying the name).
    const crossed = Object.assign(new Error("simulator sme_tile did not answer within 60 s"), { name: "SimTimeoutError" });
    expect(describeFailure(crossed).exitCode).toBe(3);
  });

  it.each([
    ["EROFS", "open", "the file system is read-only; write to a folder on a writable disk (--out)"],
    ["ENOSPC", "write", "the disk is full; free some space or write to another disk (--out)"],
    ["EISDIR", "open", "a folder is in the way where a file belongs; move it away or choose another path"],
  ])("a refused disk (%s): exit 3, the path and what to do", (code, syscall, advice) => {
    const f = describeFailure(errno(code, syscall, "/mnt/x/results.csv"));
    expect(f).toEqual({ exitCode: 3, line: `cannot ${syscall} /mnt/x/results.csv: ${advice} (${code})`, detail: "" });
  });

  it("bad input keeps exit 2 and its own line; anything unexpected is exit 3 pointing at --debug", () => {
    expect(describeFailure(new UserError("--rows must be positive"))).toMatchObject({ exitCode: 2, line: "--rows must be positive" });
    const f = describeFailure(new RangeError("offset out of range"));
    expect(f.exitCode).toBe(3);
    expect(f.line).toBe("internal error: offset out of range; the run could not complete. Rerun with --debug for the stack trace and report it");
  });
});
