import { hostname } from 'node:os';

/** Whether a process with this id exists on this machine (signal 0 checks without sending anything). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** This process, as recorded on what it owns. */
export function thisOwner(): { pid: number; host: string } {
  return { pid: process.pid, host: hostname() };
}

/**
 * Whether the owner recorded on a row is known to be gone: a dead process on this machine. An
 * owner on another machine (a workspace on a shared folder) cannot be checked and counts as alive.
 */
export function ownerGone(pid: number | null, host: string | null): boolean {
  if (pid === null || host === null) return true;
  if (host !== hostname()) return false;
  return !isProcessAlive(pid);
}
