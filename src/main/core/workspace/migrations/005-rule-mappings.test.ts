import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../migrate.js';
import { MIGRATIONS } from './index.js';

const insertViolation = `INSERT INTO violations (rule_id, record_key, connection, target_table, severity, status, snapshot,
  justification, first_seen_run, first_seen_at, status_changed_at) VALUES (?, ?, ?, ?, 'high', ?, '{}', 'why', 1, 't', 't')`;

describe('migration 5 (rule mappings)', () => {
  it('upgrades a version-3 workspace keeping its violations and watermarks, and keys violations by place', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 3));
    expect(schemaVersion(db)).toBe(3);
    db.prepare(insertViolation).run('r1', '[1]', 'shop', 'orders', 'open');
    db.prepare(insertViolation).run('r1', '[2]', 'shop', 'orders', 'dismissed');
    db.prepare(insertViolation).run('r2', '[1]', 'shop', 'query', 'resolved');
    db.prepare(`INSERT INTO watermarks (rule_id, rule_version, column_name, value, run_id, updated_at) VALUES ('r1', 2, 'id', '42', 7, 't')`).run();
    // Before: one violation per rule and key, whatever the place.
    expect(() => db.prepare(insertViolation).run('r1', '[1]', 'other', 'orders', 'open')).toThrow(/UNIQUE/);

    migrate(db, MIGRATIONS);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.prepare('SELECT rule_id, record_key, connection, target_table, status FROM violations ORDER BY id').raw(true).all()).toEqual([
      ['r1', '[1]', 'shop', 'orders', 'open'],
      ['r1', '[2]', 'shop', 'orders', 'dismissed'],
      ['r2', '[1]', 'shop', 'query', 'resolved'],
    ]);
    expect(db.prepare('SELECT rule_id, mapping, rule_version, column_name, value, run_id FROM watermarks').raw(true).all()).toEqual([['r1', 0, 2, 'id', '42', 7]]);

    // After: the same key in another connection or table is another violation; the same place still is not.
    db.prepare(insertViolation).run('r1', '[1]', 'other', 'orders', 'open');
    db.prepare(insertViolation).run('r1', '[1]', 'shop', 'orders_2023', 'open');
    expect(() => db.prepare(insertViolation).run('r1', '[1]', 'shop', 'orders', 'open')).toThrow(/UNIQUE/);
    // A second watermark for the rule's next place sits beside the first.
    db.prepare(`INSERT INTO watermarks (rule_id, mapping, rule_version, column_name, value, run_id, updated_at) VALUES ('r1', 1, 2, 'id', '9', 8, 't')`).run();
    expect(db.prepare('SELECT count(*) FROM watermarks').pluck(true).get()).toBe(2);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'run_rule_mappings'").pluck(true).get()).toBe(1);
    db.close();
  });
});
