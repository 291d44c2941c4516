import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

const script = join(import.meta.dirname, "fixtures", "leave-running.ts");

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function gone(pid: number): Promise<boolean> {
  for (let k = 0; k < 50 && alive(pid); k++) await delay(50);
  return !alive(pid);
}

describe("no simulator outlives its host process", () => {
  it("is killed when the host exits without closing it", async () => {
    const run = await execa("npx", ["tsx", script, "exit"]);
    const pid = Number(run.stdout.trim());
    expect(pid).toBeGreaterThan(0);
    expect(await gone(pid)).toBe(true);
  });

  it("is killed when the host itself is killed with SIGKILL", async () => {
    // node directly (not npx), so that SIGKILL reaches the process that owns the simulator
    const host = execa(process.execPath, ["--import", "tsx", script, "wait"], { reject: false });
    const out = await new Promise<string>((resolve, reject) => {
      host.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString()));
      setTimeout(() => reject(new Error("the host printed no pid within 60 s")), 60_000).unref();
    });
    const pid = Number(out.trim());
    expect(alive(pid)).toBe(true);
    host.kill("SIGKILL");
    await host;
    expect(await gone(pid)).toBe(true);
  });
});
