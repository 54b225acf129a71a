/**
 * A SQLite file as a read-only source. better-sqlite3 is synchronous, so streaming reads one batch
 * at a time and hands the event loop back between batches (cancellation, progress events).
 */
import { setImmediate as nextTick } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.js';
import type { CellValue, ColumnInfo, SourceSchema, TableInfo } from '../../../shared/schema.js';
import { createLogger } from '../logger.js';
import { registerSqliteFunctions } from '../rules/compile/sqlite-functions.js';
import { normalizeRow } from './normalize-value.js';
import type { AsideQuery, CompiledQuery, Source, StreamOptions } from './source.js';
import { queryAside } from './sqlite-query-aside.js';
import { getOneRow, prepareReadOnly, sqliteError } from './sqlite-reader.js';
import { cancelledError } from './source-errors.js';
import { mapSqliteType } from './sqlite-types.js';

const log = createLogger('sqlite-source');

interface XInfoRow {
  name: string;
  type: string;
  notnull: number;
  pk: number;
  hidden: number;
}

interface SchemaObject {
  name: string;
  type: 'table' | 'view';
  sql: string | null;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** SQLite cannot bind booleans; the rule language's TRUE/FALSE are stored as 1/0. */
function bindable(params: unknown[]): unknown[] {
  return params.map((value) => {
    if (typeof value === 'boolean') return value ? 1 : 0;
    return value === undefined ? null : value;
  });
}

function openDatabase(path: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    // Opening is lazy: reading the schema is what proves this is a SQLite database.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    return db;
  } catch (error) {
    db?.close();
    const message = error instanceof Error ? error.message : String(error);
    const reason = /not a database/i.test(message)
      ? 'it is not a SQLite database'
      : /unable to open|no such file|cannot open/i.test(message)
        ? 'the file does not exist or cannot be read'
        : message;
    throw new AppError('SOURCE_UNREACHABLE', `Cannot open the SQLite file ${path}: ${reason}. Check the path.`, { path });
  }
}

function statStats(db: Database.Database): Map<string, number> {
  const estimates = new Map<string, number>();
  const hasStats = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_stat1'").get();
  if (!hasStats) return estimates;
  const rows = db.prepare('SELECT tbl, stat FROM sqlite_stat1').all() as { tbl: string; stat: string | null }[];
  for (const row of rows) {
    const count = Number.parseInt((row.stat ?? '').split(' ')[0] ?? '', 10);
    if (Number.isFinite(count)) estimates.set(row.tbl, Math.max(estimates.get(row.tbl) ?? 0, count));
  }
  return estimates;
}

function describeTable(db: Database.Database, object: SchemaObject, estimates: Map<string, number>): TableInfo {
  const info = db.pragma(`table_xinfo(${quoteIdentifier(object.name)})`) as XInfoRow[];
  // hidden = 1 marks a virtual table's hidden columns; 2 and 3 are generated columns, which are real.
  const visible = info.filter((column) => column.hidden !== 1);
  const keyColumns = visible.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk);
  const rowidAlias = keyColumns.length === 1 && keyColumns[0]?.type.toUpperCase() === 'INTEGER';
  const columns: ColumnInfo[] = visible.map((column) => ({
    name: column.name,
    type: mapSqliteType(column.type),
    nativeType: column.type,
    // SQLite lets primary-key columns hold NULL, except an INTEGER PRIMARY KEY (the rowid).
    nullable: column.notnull === 0 && !(rowidAlias && column.pk > 0),
  }));

  let rowEstimate: number | null = estimates.get(object.name) ?? null;
  const isVirtual = /^\s*CREATE\s+VIRTUAL/i.test(object.sql ?? '');
  if (rowEstimate === null && object.type === 'table' && !isVirtual) {
    // Counting a table walks its b-tree pages only; views and virtual tables could run anything.
    const row = db.prepare(`SELECT count(*) AS n FROM ${quoteIdentifier(object.name)}`).get() as { n: number };
    rowEstimate = row.n;
  }
  return { name: object.name, columns, primaryKey: keyColumns.map((column) => column.name), rowEstimate };
}

export function openSqliteSource(path: string): Source {
  const db = openDatabase(path);
  registerSqliteFunctions(db);
  let closed = false;

  const prepareReader = (sql: string): Database.Statement => {
    if (closed) throw new AppError('SOURCE_ERROR', `The SQLite source ${path} is closed.`);
    return prepareReadOnly(db, sql);
  };

  return {
    engine: 'sqlite',

    async schema(): Promise<SourceSchema> {
      try {
        const objects = db
          .prepare(
            "SELECT name, type, sql FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
          )
          .all() as SchemaObject[];
        const estimates = statStats(db);
        const tables: TableInfo[] = [];
        for (const object of objects) {
          try {
            tables.push(describeTable(db, object, estimates));
          } catch (error) {
            // A view over a dropped table cannot be described; it must not hide the other tables.
            log.warn('skipping a table or view that cannot be described', { name: object.name, error: String(error) });
          }
        }
        return { tables };
      } catch (error) {
        throw sqliteError(error, 'schema discovery');
      }
    },

    async describeQuery(sql: string): Promise<ColumnInfo[]> {
      const statement = prepareReader(sql);
      return statement.columns().map((column) => ({
        name: column.name,
        type: mapSqliteType(column.type),
        nativeType: column.type ?? '',
        nullable: true,
      }));
    },

    async queryOne(query: CompiledQuery): Promise<CellValue[]> {
      const row = getOneRow(prepareReader(query.sql), bindable(query.params));
      return normalizeRow(row, query.columns.map((column) => column.type));
    },

    queryOneAside(query: CompiledQuery): AsideQuery<CellValue[]> {
      if (closed) throw new AppError('SOURCE_ERROR', `The SQLite source ${path} is closed.`);
      const aside = queryAside({ path, sql: query.sql, params: bindable(query.params) });
      const types = query.columns.map((column) => column.type);
      const answer = aside.answer.then((row) => normalizeRow(row, types));
      answer.catch(() => undefined);
      return {
        get running() {
          return aside.running;
        },
        answer,
        cancel: () => aside.cancel(),
      };
    },

    async *stream(query: CompiledQuery, options: StreamOptions): AsyncIterable<CellValue[][]> {
      const batchSize = Math.max(1, Math.floor(options.batchSize));
      const types = query.columns.map((column) => column.type);
      const statement = prepareReader(query.sql).raw(true);
      let rows: IterableIterator<unknown>;
      try {
        rows = statement.iterate(...bindable(query.params));
      } catch (error) {
        throw sqliteError(error, 'query');
      }
      try {
        for (;;) {
          if (options.signal?.aborted) throw cancelledError();
          const batch: CellValue[][] = [];
          let done = false;
          try {
            while (batch.length < batchSize) {
              const next = rows.next();
              if (next.done) {
                done = true;
                break;
              }
              batch.push(normalizeRow(next.value as unknown[], types));
            }
          } catch (error) {
            throw sqliteError(error, 'query');
          }
          if (batch.length > 0) yield batch;
          if (done) return;
          await nextTick();
        }
      } finally {
        // Releases the statement when the consumer stops early, on abort and on errors.
        rows.return?.();
      }
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        db.close();
      } catch (error) {
        log.warn('closing the SQLite source failed', { path, error: String(error) });
      }
    },
  };
}
