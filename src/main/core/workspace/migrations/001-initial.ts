import type { Migration } from './migration.js';

// Released: never edit this migration; add a new one instead.
export const initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

      CREATE TABLE connections (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        engine TEXT NOT NULL,
        config TEXT NOT NULL, -- JSON ConnectionConfig, never a secret
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE policies (
        id TEXT PRIMARY KEY,
        filename TEXT NOT NULL,
        sha256 TEXT NOT NULL UNIQUE,
        pages INTEGER NOT NULL,
        status TEXT NOT NULL,
        imported_at TEXT NOT NULL
      );

      CREATE TABLE rules (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        severity TEXT NOT NULL,
        status TEXT NOT NULL,
        origin TEXT NOT NULL,
        version INTEGER NOT NULL,
        connection TEXT NOT NULL,
        target_table TEXT,
        definition TEXT NOT NULL, -- JSON Rule
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX rules_status ON rules (status);
      CREATE INDEX rules_connection ON rules (connection);

      CREATE TABLE rule_versions (
        rule_id TEXT NOT NULL REFERENCES rules(id),
        version INTEGER NOT NULL,
        definition TEXT NOT NULL,
        actor TEXT NOT NULL,
        reason TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (rule_id, version)
      );

      CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        status TEXT NOT NULL, -- running|completed|failed|interrupted|cancelled
        trigger TEXT NOT NULL,
        as_of TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        records_scanned INTEGER NOT NULL DEFAULT 0,
        violations_new INTEGER NOT NULL DEFAULT 0,
        violations_open INTEGER NOT NULL DEFAULT 0,
        violations_resolved INTEGER NOT NULL DEFAULT 0,
        duration_ms INTEGER,
        error TEXT
      );

      CREATE TABLE run_rules (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        rule_id TEXT NOT NULL,
        rule_version INTEGER NOT NULL,
        status TEXT NOT NULL, -- running|completed|failed|cancelled
        records_scanned INTEGER NOT NULL DEFAULT 0,
        records_in_scope INTEGER NOT NULL DEFAULT 0,
        violations_found INTEGER NOT NULL DEFAULT 0,
        violations_new INTEGER NOT NULL DEFAULT 0,
        violations_open INTEGER NOT NULL DEFAULT 0,
        resolved INTEGER NOT NULL DEFAULT 0,
        duration_ms INTEGER,
        error TEXT,
        PRIMARY KEY (run_id, rule_id)
      );

      CREATE TABLE violations (
        id INTEGER PRIMARY KEY,
        rule_id TEXT NOT NULL,
        record_key TEXT NOT NULL, -- JSON array
        connection TEXT NOT NULL,
        target_table TEXT NOT NULL,
        severity TEXT NOT NULL,
        status TEXT NOT NULL, -- open|confirmed|dismissed|resolved
        snapshot TEXT NOT NULL, -- JSON
        justification TEXT NOT NULL,
        first_seen_run INTEGER NOT NULL,
        first_seen_at TEXT NOT NULL,
        status_changed_at TEXT NOT NULL,
        resolved_run INTEGER,
        resolved_at TEXT
      );
      CREATE UNIQUE INDEX violations_rule_key ON violations (rule_id, record_key);
      CREATE INDEX violations_status_severity ON violations (status, severity);
      CREATE INDEX violations_rule_status ON violations (rule_id, status);
      CREATE INDEX violations_first_seen ON violations (first_seen_at);
      CREATE INDEX violations_resolved_at ON violations (resolved_at) WHERE resolved_at IS NOT NULL;

      CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        violation_id INTEGER NOT NULL REFERENCES violations(id),
        action TEXT NOT NULL, -- confirm|dismiss|resolve|reopen
        reason TEXT,
        actor TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX reviews_violation ON reviews (violation_id);

      -- Append-only and hash-chained: hash = sha256(prev_hash || canonical JSON of the other fields).
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        entity_type TEXT NOT NULL,
        entity_id TEXT,
        details TEXT NOT NULL, -- canonical JSON object
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id);
      CREATE INDEX audit_log_action ON audit_log (action);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `);
  },
};
