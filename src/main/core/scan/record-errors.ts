import { AppError, type SerializedError } from '../../../shared/errors.js';
import type { CellValue } from '../../../shared/schema.js';
import { recordLabel } from './record-key.js';

/** How many failing records a rule's error lists by key. */
const SAMPLE_SIZE = 5;

/**
 * Whether a source error is about the values of some records (a text that is not a date, a
 * number out of range) rather than about the query or the connection, so that evaluating the
 * records one by one can isolate it. PostgreSQL says so with SQLSTATE class 22 (data exception);
 * SQLite gives no such class, so any query failure qualifies and the fallback itself tells a
 * statement-wide fault apart (every record fails).
 */
export function isRecordLevelError(error: unknown): boolean {
  if (!(error instanceof AppError) || error.code !== 'SOURCE_ERROR') return false;
  const sqlstate = error.details?.sqlstate;
  if (typeof sqlstate === 'string') return sqlstate.startsWith('22');
  return error.details !== undefined && 'sqliteCode' in error.details;
}

/** The records of one rule that could not be evaluated: a count, and the first few keys with the reason. */
export class RecordErrors {
  count = 0;
  readonly sample: Array<{ key: CellValue[]; message: string }> = [];

  add(key: CellValue[], message: string): void {
    this.count++;
    if (this.sample.length < SAMPLE_SIZE) this.sample.push({ key, message });
  }

  /** The rule's error for the run, or null when every record was evaluated. */
  summary(table: string): SerializedError | null {
    if (this.count === 0) return null;
    const labels = this.sample.map((s) => recordLabel(table, s.key));
    const more = this.count > labels.length ? ` and ${this.count - labels.length} more` : '';
    const records = this.count === 1 ? '1 record' : `${this.count} records`;
    return {
      code: 'SOURCE_ERROR',
      message: `${records} could not be evaluated and ${this.count === 1 ? 'was' : 'were'} skipped (${labels.join(', ')}${more}): ${this.sample[0]!.message} Fix the value or make the rule tolerate it; the other records were checked.`,
      details: { recordErrors: this.count, records: this.sample.map((s) => ({ key: s.key, message: s.message })) },
    };
  }
}
