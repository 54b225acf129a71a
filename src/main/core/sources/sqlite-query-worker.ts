/**
 * Runs one single-row query on a read-only connection of its own to a SQLite source, so a long
 * count is computed on another thread while the scanning thread reads (sqlite-query-aside.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { serializeError } from '../../../shared/errors.js';
import { registerSqliteFunctions } from '../rules/compile/sqlite-functions.js';
import { workerPayload } from '../workers/spawn-worker.js';
import type { AsideData, AsideReply } from './sqlite-query-aside.js';
import { getOneRow, prepareReadOnly, sqliteError } from './sqlite-reader.js';

const port = parentPort!;
const { path, sql, params } = workerPayload<AsideData>(workerData);
const reply = (message: AsideReply): void => port.postMessage(message);
let db: Database.Database | undefined;
try {
  db = new Database(path, { readonly: true, fileMustExist: true });
  registerSqliteFunctions(db);
  const statement = prepareReadOnly(db, sql);
  reply({ type: 'running' });
  reply({ type: 'row', row: getOneRow(statement, params) });
} catch (error) {
  reply({ type: 'failed', error: serializeError(sqliteError(error, 'query')) });
} finally {
  db?.close();
}
