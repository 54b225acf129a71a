import type Database from 'better-sqlite3';
import type { CellValue } from '../../../shared/schema.js';

/** The last position an incremental rule committed: records past `value` are still to be read. */
export interface StoredWatermark {
  ruleVersion: number;
  column: string;
  value: CellValue;
  runId: number;
  updatedAt: string;
}

interface WatermarkRow {
  rule_version: number;
  column_name: string;
  value: string;
  run_id: number;
  updated_at: string;
}

/**
 * The `watermarks` table. `set` does not open a transaction of its own: callers put it in the
 * transaction that writes the batch of violations it covers.
 */
export class WatermarkStore {
  private readonly select: Database.Statement;
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;

  constructor(db: Database.Database) {
    this.select = db.prepare('SELECT rule_version, column_name, value, run_id, updated_at FROM watermarks WHERE rule_id = ? AND mapping = ?');
    this.upsert = db.prepare(`
      INSERT INTO watermarks (rule_id, rule_version, column_name, value, run_id, updated_at, mapping) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (rule_id, mapping) DO UPDATE SET rule_version = excluded.rule_version, column_name = excluded.column_name,
        value = excluded.value, run_id = excluded.run_id, updated_at = excluded.updated_at`);
    this.remove = db.prepare('DELETE FROM watermarks WHERE rule_id = ? AND mapping = ?');
  }

  /** `mapping` is the index of the place the rule reads: 0 for its target, 1.. for its further mappings. */
  get(ruleId: string, mapping = 0): StoredWatermark | null {
    const row = this.select.get(ruleId, mapping) as WatermarkRow | undefined;
    if (!row) return null;
    return { ruleVersion: row.rule_version, column: row.column_name, value: JSON.parse(row.value) as CellValue, runId: row.run_id, updatedAt: row.updated_at };
  }

  set(ruleId: string, mark: Omit<StoredWatermark, 'updatedAt'>, at: string, mapping = 0): void {
    this.upsert.run(ruleId, mark.ruleVersion, mark.column, JSON.stringify(mark.value), mark.runId, at, mapping);
  }

  clear(ruleId: string, mapping = 0): void {
    this.remove.run(ruleId, mapping);
  }
}

/**
 * Where an incremental pass may resume after a batch ordered by the watermark: the greatest value
 * strictly below the batch's last one. Records sharing the last value may continue in the next
 * batch, so committing that value itself could skip them after a crash; re-reading them is harmless
 * (the upsert makes a repeat a no-op). Undefined when the batch holds one value only.
 */
export function safeWatermark(values: readonly CellValue[]): CellValue | undefined {
  const last = values[values.length - 1];
  for (let i = values.length - 2; i >= 0; i--) {
    if (values[i] !== last) return values[i];
  }
  return undefined;
}
