import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../../shared/errors.js';
import type { Workspace } from '../core/workspace/workspace.js';

/**
 * Writes a consistent copy of an open workspace to `target` with SQLite's online backup, so a scan
 * writing at the same moment cannot tear it. `target` is replaced (the save dialog asked already).
 */
export async function saveWorkspaceCopy(ws: Workspace, target: string): Promise<string> {
  const destination = resolve(target);
  if (destination === resolve(ws.path)) {
    throw new AppError('INVALID_INPUT', 'That is the workspace already open: choose another file name for the copy.', { path: destination });
  }
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${destination}${suffix}`, { force: true });
  await ws.db.backup(destination);
  return destination;
}
