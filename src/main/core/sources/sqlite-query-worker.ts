/**
 * Runs one single-row query on a read-only connection of its own to a SQLite source, so a long
 * count is computed on another thread while the scanning thread reads (sqlite-query-aside.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { AppError, serializeError } from '../../../shared/errors.js';
import { registerSqliteFunctions } from '../rules/compile/sqlite-functions.js';
import { workerPayload } from '../workers/spawn-worker.js';
import type { AsideData, AsideReply } from './sqlite-query-aside.js';
import { READ_ONLY_MESSAGE } from './source-errors.js';

const port = parentPort!;
const { path, sql, params } = workerPayload<AsideData>(workerData);
const reply = (message: AsideReply): void => port.postMessage(message);
let db: Database.Database | undefined;
try {
  db = new Database(path, { readonly: true, fileMustExist: true });
  registerSqliteFunctions(db);
  const statement = db.prepare(sql);
  // The same guard as the source's own reader (sqlite-source.ts).
  if (!statement.reader || !statement.readonly) throw new AppError('SOURCE_ERROR', READ_ONLY_MESSAGE);
  reply({ type: 'running' });
  const row = statement.raw(true).get(...params) as unknown[] | undefined;
  reply(row === undefined ? { type: 'failed', error: { code: 'SOURCE_ERROR', message: 'The query returned no row where one was expected.' } } : { type: 'row', row });
} catch (error) {
  reply({ type: 'failed', error: serializeError(error) });
} finally {
  db?.close();
}
