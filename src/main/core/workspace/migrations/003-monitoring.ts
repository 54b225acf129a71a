import type { Migration } from './migration.js';

// Released: never edit this migration; add a new one instead.
export const monitoring: Migration = {
  version: 3,
  name: 'monitoring',
  up(db) {
    db.exec(`
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        schedule TEXT NOT NULL,          -- JSON Schedule
        rules TEXT NOT NULL,             -- JSON RuleSelection
        incremental INTEGER NOT NULL DEFAULT 0,
        full_schedule TEXT,              -- JSON Schedule of the full re-scan of an incremental job
        max_attempts INTEGER NOT NULL DEFAULT 3,
        backoff_ms INTEGER NOT NULL DEFAULT 30000,
        enabled INTEGER NOT NULL DEFAULT 1,
        next_run_at TEXT,                -- next scheduled execution (ISO, UTC)
        next_full_at TEXT,               -- next full scan of an incremental job
        retry_at TEXT,                   -- a failed execution waiting for its retry
        retry_attempt INTEGER,           -- the attempt that retry will be
        retry_rules TEXT,                -- JSON string[]: the rules that failed and are retried
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX jobs_next_run ON jobs (enabled, next_run_at);

      CREATE TABLE job_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        trigger TEXT NOT NULL,           -- schedule | manual | retry
        attempt INTEGER NOT NULL DEFAULT 1,
        mode TEXT NOT NULL DEFAULT 'full', -- full | incremental
        run_id INTEGER,                  -- the scan run (runs.id), once it exists
        status TEXT NOT NULL,            -- running | completed | failed | interrupted | skipped | cancelled
        scheduled_for TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        records_scanned INTEGER NOT NULL DEFAULT 0,
        violations_new INTEGER NOT NULL DEFAULT 0,
        error TEXT,                      -- JSON {type, code, message, ruleId?, connection?, at}
        note TEXT,
        owner_pid INTEGER,               -- the process executing it, to tell a crash from a live run
        owner_host TEXT
      );
      CREATE INDEX job_runs_job ON job_runs (job_id, id);
      CREATE INDEX job_runs_running ON job_runs (status) WHERE status = 'running';

      -- The last committed position of an incremental rule; written with the batch it covers.
      CREATE TABLE watermarks (
        rule_id TEXT NOT NULL,
        rule_version INTEGER NOT NULL,
        column_name TEXT NOT NULL,
        value TEXT NOT NULL,             -- JSON
        run_id INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (rule_id)
      );

      -- At most one scheduler per workspace file, across processes.
      CREATE TABLE workspace_lock (
        name TEXT PRIMARY KEY,           -- 'scheduler'
        holder TEXT NOT NULL,            -- who, for the message shown to the next one
        token TEXT NOT NULL,             -- identifies this acquisition; release and heartbeat check it
        pid INTEGER NOT NULL,
        hostname TEXT NOT NULL,
        acquired_at TEXT NOT NULL,
        heartbeat_at TEXT NOT NULL
      );
    `);
  },
};
