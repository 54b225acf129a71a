import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors.js';
import { createLogger } from '../logger.js';
import type { Workspace } from '../workspace/workspace.js';
import { isProcessAlive, thisOwner } from './process-alive.js';
import type { TimerHandle, Timers } from './timers.js';
import { systemTimers } from './timers.js';

const log = createLogger('workspace-lock');

export const SCHEDULER_LOCK = 'scheduler';
export const DEFAULT_HEARTBEAT_MS = 10_000;

export interface LockHolder {
  holder: string;
  pid: number;
  hostname: string;
  acquiredAt: string;
  heartbeatAt: string;
}

export interface LockOptions {
  /** Who takes it, shown to whoever is refused: e.g. `monitor:alice` or `app:alice`. */
  holder: string;
  heartbeatMs?: number;
  timers?: Timers;
  /** Called when another process took the lock over (this one was judged stale). */
  onLost?: (by: LockHolder | null) => void;
  /** Release on process exit (default true). */
  releaseOnExit?: boolean;
}

export interface WorkspaceLock {
  /** The previous holder this acquisition took over from because it had stopped, if any. */
  readonly recovered: LockHolder | null;
  held(): boolean;
  /** Refreshes `heartbeat_at`; false when the lock is no longer ours. */
  heartbeat(): boolean;
  /** Idempotent. */
  release(): void;
}

interface LockRow {
  holder: string;
  token: string;
  pid: number;
  hostname: string;
  acquired_at: string;
  heartbeat_at: string;
}

function toHolder(row: LockRow): LockHolder {
  return { holder: row.holder, pid: row.pid, hostname: row.hostname, acquiredAt: row.acquired_at, heartbeatAt: row.heartbeat_at };
}

/** Who holds the scheduler lock now, whether alive or not. */
export function readSchedulerLock(ws: Workspace): LockHolder | null {
  const row = ws.db.prepare('SELECT * FROM workspace_lock WHERE name = ?').get(SCHEDULER_LOCK) as LockRow | undefined;
  return row ? toHolder(row) : null;
}

/**
 * Why a recorded holder no longer counts: its heartbeat is older than three intervals, or it was a
 * process on this machine that no longer exists. Null while it is alive.
 */
function staleReason(row: LockRow, now: number, heartbeatMs: number, host: string): string | null {
  const age = now - Date.parse(row.heartbeat_at);
  if (!(age <= 3 * heartbeatMs)) return `no heartbeat for ${Math.round(age / 1000)} s`;
  if (row.hostname === host && !isProcessAlive(row.pid)) return `process ${row.pid} is gone`;
  return null;
}

/**
 * Takes the workspace's scheduler lock, so at most one process (the app or `monitor`) schedules
 * jobs. Checked and taken in one IMMEDIATE transaction: two processes racing cannot both win.
 * Refuses with WORKSPACE_LOCKED, naming the live holder; takes over from a stale one.
 */
export function acquireSchedulerLock(ws: Workspace, options: LockOptions): WorkspaceLock {
  const timers = options.timers ?? systemTimers({ unref: true });
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const owner = thisOwner();
  const token = randomUUID();
  const select = ws.db.prepare('SELECT * FROM workspace_lock WHERE name = ?');
  const iso = (): string => new Date(timers.now()).toISOString();

  const take = ws.db.transaction((): LockHolder | null => {
    const row = select.get(SCHEDULER_LOCK) as LockRow | undefined;
    let recovered: LockHolder | null = null;
    if (row) {
      const stale = staleReason(row, timers.now(), heartbeatMs, owner.host);
      if (stale === null) {
        throw new AppError(
          'WORKSPACE_LOCKED',
          `The scheduler of this workspace is already running: ${row.holder} (pid ${row.pid} on ${row.hostname}, since ${row.acquired_at}, last heartbeat ${row.heartbeat_at}). ` +
            `Stop that one first (Ctrl-C in its terminal, or close the app); a holder that crashed is taken over automatically after ${Math.round((3 * heartbeatMs) / 1000)} s.`,
          { holder: row.holder, pid: row.pid, hostname: row.hostname, since: row.acquired_at },
        );
      }
      recovered = toHolder(row);
      log.warn('taking over a stale scheduler lock', { previous: recovered, why: stale });
      ws.db.prepare('DELETE FROM workspace_lock WHERE name = ?').run(SCHEDULER_LOCK);
    }
    const at = iso();
    ws.db
      .prepare('INSERT INTO workspace_lock (name, holder, token, pid, hostname, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(SCHEDULER_LOCK, options.holder, token, owner.pid, owner.host, at, at);
    return recovered;
  });
  const recovered = take.immediate();

  let held = true;
  let timer: TimerHandle | null = null;
  const onExit = (): void => lock.release();

  const lock: WorkspaceLock = {
    recovered,
    held: () => held,
    heartbeat() {
      if (!held) return false;
      const changes = ws.db.prepare('UPDATE workspace_lock SET heartbeat_at = ? WHERE name = ? AND token = ?').run(iso(), SCHEDULER_LOCK, token).changes;
      if (changes === 0) {
        held = false;
        stopTimer();
        const by = readSchedulerLock(ws);
        log.error('the scheduler lock was taken over by another process', { by });
        options.onLost?.(by);
      }
      return held;
    },
    release() {
      if (!held) return;
      held = false;
      stopTimer();
      process.off('exit', onExit);
      try {
        ws.db.prepare('DELETE FROM workspace_lock WHERE name = ? AND token = ?').run(SCHEDULER_LOCK, token);
      } catch (error) {
        // The workspace may already be closed at exit; the next holder recovers the stale row.
        log.warn('could not release the scheduler lock', { error: error instanceof Error ? error.message : String(error) });
      }
    },
  };

  function stopTimer(): void {
    if (timer) timers.clearTimeout(timer);
    timer = null;
  }
  function arm(): void {
    timer = timers.setTimeout(() => {
      timer = null;
      try {
        if (lock.heartbeat()) arm();
      } catch (error) {
        // A busy or briefly unavailable file: try again next interval, unless the workspace was closed.
        log.warn('scheduler lock heartbeat failed', { error: error instanceof Error ? error.message : String(error) });
        if (ws.db.open && held) arm();
      }
    }, heartbeatMs);
  }
  arm();
  if (options.releaseOnExit !== false) process.on('exit', onExit);
  return lock;
}
