import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.js';
import { createLogger } from '../logger.js';
import type { Migration } from './migrations/migration.js';

const log = createLogger('workspace');

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function workspaceTooNew(found: number, known: number): AppError {
  return new AppError(
    'WORKSPACE_TOO_NEW',
    `This workspace was written by a newer version of PolicySentinel (schema ${found}, this version knows up to ${known}). Update the app; the file was not changed.`,
    { schemaVersion: found, supportedVersion: known },
  );
}

/** Versions must run 1, 2, 3, … with no gap or repeat, or a workspace could skip a step. */
export function checkMigrationOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, index) => {
    if (m.version !== index + 1) {
      throw new AppError('INTERNAL', `Migration "${m.name}" has version ${m.version}, expected ${index + 1}.`);
    }
  });
}

/**
 * Applies the migrations newer than the file's `user_version`, each in its own transaction
 * together with the version bump, so a crash leaves the file at a whole version. Returns the
 * versions applied.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[]): number[] {
  checkMigrationOrder(migrations);
  const current = schemaVersion(db);
  const latest = migrations.length;
  if (current > latest) throw workspaceTooNew(current, latest);
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      // A version number, never user text: safe to place in the pragma.
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    log.info('migration applied', { version: m.version, name: m.name });
    applied.push(m.version);
  }
  return applied;
}
