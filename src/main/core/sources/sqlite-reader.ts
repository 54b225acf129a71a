/**
 * Reading a SQLite source, on whichever thread holds the connection: the source itself
 * (sqlite-source.ts) and the worker that answers a query aside (sqlite-query-worker.ts).
 */
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.js';
import { READ_ONLY_MESSAGE } from './source-errors.js';

export function sqliteError(error: unknown, context: string): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_READONLY' || /readonly database/i.test(message)) {
    return new AppError('SOURCE_ERROR', READ_ONLY_MESSAGE);
  }
  return new AppError('SOURCE_ERROR', `SQLite ${context} failed: ${message}`, { sqliteCode: code });
}

/** Prepares a statement that only reads, or throws. */
export function prepareReadOnly(db: Database.Database, sql: string): Database.Statement {
  let statement: Database.Statement;
  try {
    statement = db.prepare(sql);
  } catch (error) {
    throw sqliteError(error, 'query');
  }
  // `reader` alone would admit `DELETE ... RETURNING`; `readonly` alone would admit a bare `BEGIN`.
  if (!statement.reader || !statement.readonly) throw new AppError('SOURCE_ERROR', READ_ONLY_MESSAGE);
  return statement;
}

/** The single row a query was to return (raw), or the error that it returned none. */
export function getOneRow(statement: Database.Statement, params: unknown[]): unknown[] {
  let row: unknown[] | undefined;
  try {
    row = statement.raw(true).get(...params) as unknown[] | undefined;
  } catch (error) {
    throw sqliteError(error, 'query');
  }
  if (!row) throw new AppError('SOURCE_ERROR', 'The query returned no row where one was expected.');
  return row;
}
