/**
 * A single-row query on a SQLite source, run on a thread of its own (sqlite-query-worker.ts).
 * better-sqlite3 holds the calling thread for the whole query: a count over a large table asked
 * for after a scan's read was a second pass on the same thread, while the other core was idle.
 */
import { AppError, type SerializedError } from '../../../shared/errors.js';
import { spawnWorker, workerEntry } from '../workers/spawn-worker.js';
import type { AsideQuery } from './source.js';

export interface AsideData {
  path: string;
  sql: string;
  /** Bindable already (no booleans). */
  params: unknown[];
}

export type AsideReply = { type: 'running' } | { type: 'row'; row: unknown[] } | { type: 'failed'; error: SerializedError };

const entry = workerEntry(import.meta.url, './sqlite-query-worker.ts', 'sqlite-query-worker');

/** Starts the query at once; `answer` gives its raw row. */
export function queryAside(data: AsideData): AsideQuery<unknown[]> {
  const worker = spawnWorker(entry, data);
  let running = false;
  let settled = false;
  const answer = new Promise<unknown[]>((resolve, reject) => {
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      outcome();
    };
    worker.on('message', (reply: AsideReply) => {
      if (reply.type === 'running') running = true;
      else if (reply.type === 'row') settle(() => resolve(reply.row));
      // The worker words its errors as the source does (sqlite-reader.ts).
      else settle(() => reject(new AppError(reply.error.code, reply.error.message, reply.error.details)));
    });
    worker.on('error', (error) => settle(() => reject(new AppError('SOURCE_ERROR', `SQLite query failed: ${error.message}`))));
    worker.on('exit', () => settle(() => reject(new AppError('CANCELLED', 'The query was stopped before it answered.'))));
  });
  // Nobody may ever ask (every rule failed first): that is not an unhandled rejection.
  answer.catch(() => undefined);
  return {
    get running() {
      return running;
    },
    answer,
    cancel() {
      if (!settled) void worker.terminate();
    },
  };
}
