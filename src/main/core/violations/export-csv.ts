import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type Database from 'better-sqlite3';
import { csvLine } from './csv.js';

export interface ViolationFilter {
  ruleId?: string;
  status?: string;
  severity?: string;
}

const COLUMNS = ['id', 'rule_id', 'severity', 'status', 'connection', 'target_table', 'record_key', 'justification', 'first_seen_at', 'status_changed_at', 'resolved_at', 'snapshot'] as const;

/**
 * Streams violations to a CSV file without holding them in memory; returns how many were written.
 * The filter values are bound parameters.
 */
export async function exportViolationsCsv(db: Database.Database, path: string, filter: ViolationFilter = {}): Promise<number> {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.ruleId) (where.push('rule_id = ?'), params.push(filter.ruleId));
  if (filter.status) (where.push('status = ?'), params.push(filter.status));
  if (filter.severity) (where.push('severity = ?'), params.push(filter.severity));
  const sql = `SELECT ${COLUMNS.join(', ')} FROM violations ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
  const out = createWriteStream(path, { flags: 'wx' });
  let count = 0;
  try {
    out.write(csvLine([...COLUMNS]));
    for (const row of db.prepare(sql).raw(true).iterate(...params) as Iterable<unknown[]>) {
      if (!out.write(csvLine(row))) await once(out, 'drain');
      count++;
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return count;
}
