import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { checkMigrationOrder, migrate, schemaVersion } from './migrate.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations/index.js';
import type { Migration } from './migrations/migration.js';

describe('migrate', () => {
  it('the shipped migrations are numbered 1..n', () => {
    expect(() => checkMigrationOrder(MIGRATIONS)).not.toThrow();
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('applies each pending migration once, and nothing on a second run', () => {
    const db = new Database(':memory:');
    expect(migrate(db, MIGRATIONS)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(migrate(db, MIGRATIONS)).toEqual([]);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['audit_log', 'connections', 'policies', 'reviews', 'rule_versions', 'rules', 'run_rules', 'runs', 'settings', 'violations']));
    db.close();
  });

  it('rolls a failing migration back whole, version included', () => {
    const db = new Database(':memory:');
    const steps: Migration[] = [
      { version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE one (x)') },
      { version: 2, name: 'two', up: (d) => d.exec('CREATE TABLE two (x); CREATE TABLE two (y)') },
    ];
    expect(() => migrate(db, steps)).toThrow(/already exists/);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'two'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses gaps and repeats in the list', () => {
    const noop = (): void => undefined;
    expect(() => checkMigrationOrder([{ version: 1, name: 'a', up: noop }, { version: 3, name: 'b', up: noop }])).toThrow(/expected 2/);
    expect(() => checkMigrationOrder([{ version: 1, name: 'a', up: noop }, { version: 1, name: 'b', up: noop }])).toThrow(/expected 2/);
  });

  it('refuses a database newer than the list', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 99');
    expect(() => migrate(db, MIGRATIONS)).toThrow(/newer version/);
    db.close();
  });
});
