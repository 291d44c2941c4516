/**
 * Names of temporary files and folders that say which process made them (`<host>-<pid>`), so a later run can
 * tell debris (its maker is gone: killed with SIGKILL, or the machine went down) from the work of a run still
 * going on, also of another process or, on a shared disk, another machine.
 */
import { hostname } from "node:os";

/** This process as temporary names carry it; the host name keeps only characters safe in a file name. */
export function ownerTag(): string {
  return `${
    hostname()
      .replace(/[^A-Za-z0-9_.]/g, "_")
      .slice(0, 40) || "host"
  }-${process.pid}`;
}

const OWNER = /-([A-Za-z0-9_.]+)-(\d+)-[^-]*$/;

/** The maker of a temporary name ending in `-<host>-<pid>-<anything>`, or null. */
export function ownerOf(name: string): { host: string; pid: number } | null {
  const m = OWNER.exec(name);
  return m ? { host: m[1], pid: Number(m[2]) } : null;
}

/** True when `pid` is a live process on this machine. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * True when a temporary name was made on this machine by a process that no longer runs (names of other
 * machines are left alone: their makers may still be working on a shared disk).
 */
export function isOrphaned(name: string): boolean {
  const owner = ownerOf(name);
  if (!owner) return false;
  const host = ownerTag().slice(0, ownerTag().lastIndexOf("-"));
  return owner.host === host && owner.pid !== process.pid && !isAlive(owner.pid);
}
