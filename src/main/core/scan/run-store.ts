import type Database from 'better-sqlite3';
import type { SerializedError } from '../../../shared/errors.js';
import type { RuleRunStatus, RunStatus } from './scan-types.js';
import type { MappingRunResult } from '../../../shared/api/scans.js';

export interface RuleRunRecord {
  status: RuleRunStatus;
  recordsScanned: number;
  recordsInScope: number;
  violationsFound: number;
  violationsNew: number;
  violationsOpen: number;
  resolved: number;
  durationMs: number;
  error: SerializedError | null;
}

/** The write side of scan runs (the workspace's runs repository reads them): a run row, and one row per rule in it. */
export class RunStore {
  constructor(private readonly db: Database.Database) {}

  start(trigger: string, asOf: string, at: string): number {
    const info = this.db
      .prepare(`INSERT INTO runs (status, trigger, as_of, started_at) VALUES ('running', ?, ?, ?)`)
      .run(trigger, asOf, at);
    return Number(info.lastInsertRowid);
  }

  startRule(runId: number, ruleId: string, version: number): void {
    this.db
      .prepare(`INSERT INTO run_rules (run_id, rule_id, rule_version, status) VALUES (?, ?, ?, 'running')`)
      .run(runId, ruleId, version);
  }

  finishRule(runId: number, ruleId: string, r: RuleRunRecord): void {
    this.db
      .prepare(
        `UPDATE run_rules SET status = ?, records_scanned = ?, records_in_scope = ?, violations_found = ?,
           violations_new = ?, violations_open = ?, resolved = ?, duration_ms = ?, error = ?
         WHERE run_id = ? AND rule_id = ?`,
      )
      .run(
        r.status,
        r.recordsScanned,
        r.recordsInScope,
        r.violationsFound,
        r.violationsNew,
        r.violationsOpen,
        r.resolved,
        r.durationMs,
        r.error ? JSON.stringify(r.error) : null,
        runId,
        ruleId,
      );
  }

  /** One place of a multi-mapping rule: its figures beside the rule's summed ones in run_rules. */
  finishMapping(runId: number, ruleId: string, m: MappingRunResult): void {
    this.db
      .prepare(
        `INSERT INTO run_rule_mappings (run_id, rule_id, mapping, connection, target_table, status, records_scanned,
           records_in_scope, violations_found, violations_new, violations_open, resolved, duration_ms, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        runId,
        ruleId,
        m.mapping,
        m.connection,
        m.table,
        m.status,
        m.recordsScanned,
        m.recordsInScope,
        m.violationsFound,
        m.violationsNew,
        m.violationsOpen,
        m.resolved,
        m.durationMs,
        m.error ? JSON.stringify(m.error) : null,
      );
  }

  finish(
    runId: number,
    status: RunStatus,
    figures: { recordsScanned: number; violationsNew: number; violationsOpen: number; violationsResolved: number },
    at: string,
    durationMs: number,
    error: string | null,
  ): void {
    this.db
      .prepare(
        `UPDATE runs SET status = ?, finished_at = ?, records_scanned = ?, violations_new = ?, violations_open = ?,
           violations_resolved = ?, duration_ms = ?, error = ? WHERE id = ?`,
      )
      .run(
        status,
        at,
        figures.recordsScanned,
        figures.violationsNew,
        figures.violationsOpen,
        figures.violationsResolved,
        durationMs,
        error,
        runId,
      );
  }
}
