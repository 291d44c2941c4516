import { afterEach, beforeEach } from "vitest";

/**
 * Captures what the CLI, run in this process, writes to stdout and stderr during each test of the file (reset
 * before each test, restored after it).
 */
export function captureOutput(): { stdout: string; stderr: string } {
  const captured = { stdout: "", stderr: "" };
  const original = { out: process.stdout.write, err: process.stderr.write };
  beforeEach(() => {
    captured.stdout = "";
    captured.stderr = "";
    process.stdout.write = ((s: string | Uint8Array) => {
      captured.stdout += String(s);
      return true;
    }) as typeof process.stdout.write;
    process.stderr.write = ((s: string | Uint8Array) => {
      captured.stderr += String(s);
      return true;
    }) as typeof process.stderr.write;
  });
  afterEach(() => {
    process.stdout.write = original.out;
    process.stderr.write = original.err;
  });
  return captured;
}
