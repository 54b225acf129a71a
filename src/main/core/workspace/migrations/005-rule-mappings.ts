import type { Migration } from './migration.js';

// Released: never edit this migration; add a new one instead.
export const ruleMappings: Migration = {
  version: 5,
  name: 'rule-mappings',
  up(db) {
    db.exec(`
      -- A rule may read several places: a violation is one record of one place, so the same key in
      -- two connections (or two tables) is two violations.
      DROP INDEX violations_rule_key;
      CREATE UNIQUE INDEX violations_rule_place_key ON violations (rule_id, connection, target_table, record_key);

      -- Each place a rule reads keeps its own position; mapping 0 is the rule's target. A mapping's
      -- index is stable within a rule version, and a watermark of another version is never used.
      CREATE TABLE watermarks_new (
        rule_id TEXT NOT NULL,
        mapping INTEGER NOT NULL DEFAULT 0,
        rule_version INTEGER NOT NULL,
        column_name TEXT NOT NULL,
        value TEXT NOT NULL,             -- JSON
        run_id INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (rule_id, mapping)
      );
      INSERT INTO watermarks_new (rule_id, mapping, rule_version, column_name, value, run_id, updated_at)
        SELECT rule_id, 0, rule_version, column_name, value, run_id, updated_at FROM watermarks;
      DROP TABLE watermarks;
      ALTER TABLE watermarks_new RENAME TO watermarks;

      -- run_rules keeps each rule's figures summed over its places; this is the breakdown.
      CREATE TABLE run_rule_mappings (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        rule_id TEXT NOT NULL,
        mapping INTEGER NOT NULL,        -- 0 = the rule's target, 1.. = its further mappings
        connection TEXT NOT NULL,
        target_table TEXT NOT NULL,      -- the table, or 'query'
        status TEXT NOT NULL,            -- completed|failed|cancelled
        records_scanned INTEGER NOT NULL DEFAULT 0,
        records_in_scope INTEGER NOT NULL DEFAULT 0,
        violations_found INTEGER NOT NULL DEFAULT 0,
        violations_new INTEGER NOT NULL DEFAULT 0,
        violations_open INTEGER NOT NULL DEFAULT 0,
        resolved INTEGER NOT NULL DEFAULT 0,
        duration_ms INTEGER,
        error TEXT,                      -- JSON SerializedError
        PRIMARY KEY (run_id, rule_id, mapping)
      );
    `);
  },
};
