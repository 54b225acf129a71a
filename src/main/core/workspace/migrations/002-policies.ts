import type { Migration } from './migration.js';

// Released: never edit this migration; add a new one instead.
export const policies: Migration = {
  version: 2,
  name: 'policies',
  up(db) {
    db.exec(`
      CREATE TABLE policy_pages (
        policy_id TEXT NOT NULL REFERENCES policies(id),
        number INTEGER NOT NULL,
        text TEXT NOT NULL,
        has_text_layer INTEGER NOT NULL,
        PRIMARY KEY (policy_id, number)
      );

      CREATE TABLE candidates (
        id TEXT PRIMARY KEY,
        policy_id TEXT NOT NULL REFERENCES policies(id),
        page INTEGER NOT NULL,
        quote TEXT NOT NULL,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        severity TEXT NOT NULL,
        confidence REAL NOT NULL,
        origin TEXT NOT NULL,
        rule TEXT,          -- JSON Rule proposed for the chosen connection, when it could be mapped
        problems TEXT,      -- JSON string[]: why it could not be mapped or checked
        status TEXT NOT NULL, -- pending | accepted | rejected
        rule_id TEXT,       -- the rule created on acceptance
        decided_by TEXT,
        decided_at TEXT,
        reason TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX candidates_policy ON candidates (policy_id, status);

      -- What the AI was asked and answered, kept even when an import fails (no foreign key).
      CREATE TABLE ai_calls (
        id INTEGER PRIMARY KEY,
        policy_sha256 TEXT,
        policy_id TEXT,
        candidate_id TEXT,
        operation TEXT NOT NULL,
        model TEXT NOT NULL,
        prompt TEXT NOT NULL,
        response TEXT NOT NULL,
        duration_ms INTEGER NOT NULL,
        confidence REAL,
        page INTEGER,
        ok INTEGER NOT NULL,
        error TEXT,
        at TEXT NOT NULL
      );
      CREATE INDEX ai_calls_policy ON ai_calls (policy_id);

      ALTER TABLE policies ADD COLUMN title TEXT;
      ALTER TABLE policies ADD COLUMN extractor TEXT;
      ALTER TABLE policies ADD COLUMN connection TEXT;
    `);
  },
};
