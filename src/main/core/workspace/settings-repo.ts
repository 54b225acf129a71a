import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.js';
import type { AuditLog } from '../audit/audit-log.js';

export interface SettingsRepo {
  /** The stored JSON value, or undefined when the key was never set. */
  get(key: string): unknown;
  /** Same, checked by `parse` (e.g. a zod schema's `parse`). */
  get<T>(key: string, parse: (raw: unknown) => T): T | undefined;
  /**
   * Stores a JSON value. With an `actor` the change is an audit entry (for settings a reviewer may
   * ask about); without one it is bookkeeping (watermarks, UI state) and is not logged.
   */
  set(key: string, value: unknown, actor?: string): void;
  remove(key: string, actor?: string): void;
}

export function createSettingsRepo(db: Database.Database, audit: AuditLog): SettingsRepo {
  const select = db.prepare('SELECT value FROM settings WHERE key = ?').pluck(true);
  const upsert = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const del = db.prepare('DELETE FROM settings WHERE key = ?');

  function get(key: string): unknown;
  function get<T>(key: string, parse: (raw: unknown) => T): T | undefined;
  function get<T>(key: string, parse?: (raw: unknown) => T): unknown {
    const text = select.get(key) as string | undefined;
    if (text === undefined) return undefined;
    const value: unknown = JSON.parse(text);
    return parse ? parse(value) : value;
  }

  const set = db.transaction((key: string, value: unknown, actor?: string) => {
    const text = JSON.stringify(value);
    if (text === undefined) {
      throw new AppError('INVALID_INPUT', `Setting "${key}" has no JSON value; remove it instead.`, { key });
    }
    upsert.run(key, text);
    if (actor) audit.append({ actor, action: 'setting.changed', entityType: 'setting', entityId: key, details: { value } });
  });

  const remove = db.transaction((key: string, actor?: string) => {
    const changes = del.run(key).changes;
    if (actor && changes > 0) {
      audit.append({ actor, action: 'setting.removed', entityType: 'setting', entityId: key, details: {} });
    }
  });

  return {
    get,
    set: (key, value, actor) => set.immediate(key, value, actor),
    remove: (key, actor) => remove.immediate(key, actor),
  };
}
