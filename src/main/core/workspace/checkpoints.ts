import type Database from 'better-sqlite3';

/** SQLite's own default: a commit that finds the WAL past this many pages copies it into the file. */
export const WAL_AUTOCHECKPOINT_PAGES = 1_000;

/**
 * While a scan writes: 128 MB of WAL (about 200,000 new violations) before a commit checkpoints on
 * its own. Beyond that the WAL stays bounded and checkpoints as usual.
 */
const SCAN_WAL_BYTES = 128 * 1024 * 1024;

/** `wal_autocheckpoint` for a connection that writes a scan's violations (pages of this file). */
export function scanAutocheckpointPages(db: Database.Database): number {
  return Math.floor(SCAN_WAL_BYTES / (db.pragma('page_size', { simple: true }) as number));
}

const deferring = new WeakMap<Database.Database, number>();

/**
 * Stops `db` from checkpointing every 1,000 pages until the returned function is called (once per
 * call; overlapping deferrals on one connection restore the default when the last one ends).
 *
 * Why: a first scan writes ~600 bytes per violation with its indexes; checkpointing every 4 MB
 * copies the same index pages into the file again and again and syncs each time, which took a
 * third of the writer's time (measured: 100,000 violations, 1.2–1.5 s with, 0.86–0.93 s without).
 * The scan's writer checkpoints once when it is done, off the scanning thread (write-worker.ts).
 */
export function deferCheckpoints(db: Database.Database): () => void {
  const active = deferring.get(db) ?? 0;
  if (active === 0) db.pragma(`wal_autocheckpoint = ${scanAutocheckpointPages(db)}`);
  deferring.set(db, active + 1);
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    const left = (deferring.get(db) ?? 1) - 1;
    deferring.set(db, left);
    if (left === 0 && db.open) db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  };
}
