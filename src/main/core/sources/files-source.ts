/**
 * CSV, Parquet and XLSX extracts as a read-only source, queried where they lie by an in-memory
 * DuckDB: each file (each sheet) is a view over read_csv/read_parquet, XLSX sheets through a
 * Parquet cache. Read-only by construction: once the views exist, DuckDB may read only those
 * files (allowed_paths, external access off, configuration locked), and only SELECT statements run.
 */
import os from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBPreparedStatement, DuckDBValue } from '@duckdb/node-api';
import { AppError } from '../../../shared/errors.js';
import type { CellValue, ColumnInfo, SourceSchema, TableInfo, ValueType } from '../../../shared/schema.js';
import { createLogger } from '../logger.js';
import { quoteIdentifier } from '../rules/compile/dialect.js';
import { DUCKDB_MACROS } from '../rules/compile/duckdb-functions.js';
import type { FilesConfig } from './connection-config.js';
import { detectCsvDialect, findRaggedLine, type CsvDialect } from './files-csv-dialect.js';
import { mapDuckdbType, overrideExpr } from './files-duckdb-types.js';
import { sqlStringLiteral } from './files-sql-literal.js';
import { fileStem, listDataFiles, NameAllocator, type FileEntry } from './files-tables.js';
import { cachedXlsxSheets } from './files-xlsx-cache.js';
import { normalizeRow } from './normalize-value.js';
import type { CompiledQuery, Source, StreamOptions } from './source.js';
import { READ_ONLY_MESSAGE, cancelledError } from './source-errors.js';

const log = createLogger('files-source');

export interface FilesSourceOptions {
  /** Where converted XLSX sheets are kept (`<workspace>.cache/`); a temporary folder when absent. */
  cacheDir?: string;
}

export function defaultFilesCacheDir(): string {
  return join(os.tmpdir(), 'policysentinel-files-cache');
}

interface View {
  name: string;
  /** The file the user knows (the workbook for a sheet). */
  file: string;
  kind: FileEntry['kind'];
  /** What DuckDB reads. */
  reads: string;
  csv?: CsvDialect;
}

/** A DuckDB value as the rule language sees it: BIGINT as number, DATE/TIMESTAMP/DECIMAL as their text. */
function plain(value: DuckDBValue): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  return String(value);
}

/** Binds by the value's own type: left to guess, DuckDB makes an integral 1e300 an out-of-range BIGINT. */
function bindAll(statement: DuckDBPreparedStatement, params: unknown[]): void {
  params.forEach((p, i) => {
    const index = i + 1;
    if (typeof p === 'number') statement.bindDouble(index, p);
    else if (typeof p === 'string') statement.bindVarchar(index, p);
    else if (typeof p === 'boolean') statement.bindBoolean(index, p);
    else if (p === null || p === undefined) statement.bindNull(index);
    else throw new AppError('INTERNAL', `Cannot bind a ${typeof p} parameter.`);
  });
}

async function csvError(view: View, error: unknown): Promise<AppError> {
  const message = error instanceof Error ? error.message : String(error);
  if (view.csv) {
    const ragged = await findRaggedLine(view.reads, view.csv).catch(() => null);
    if (ragged) {
      return new AppError(
        'SOURCE_ERROR',
        `${view.file}, line ${ragged.line}: ${ragged.fields} fields where the header has ${ragged.expected}. Fix that line (a missing or extra "${view.csv.delimiter === '\t' ? '\\t' : view.csv.delimiter}", or an unquoted one inside a value) and try again.`,
        { file: view.file, line: ragged.line },
      );
    }
  }
  const line = /Line:\s*(\d+)/i.exec(message)?.[1];
  const where = line ? `${view.file}, line ${line}` : view.file;
  return new AppError('SOURCE_ERROR', `Cannot read ${where}: ${message.split('\n')[0]}. Fix the file, or override the column's type in the connection (types).`, {
    file: view.file,
    ...(line ? { line: Number(line) } : {}),
  });
}

function viewSql(view: View, columns: string[] | null, overrides: Map<string, ValueType>): string {
  let reader: string;
  if (view.csv) {
    const asText = [...overrides.keys()].map((c) => `${sqlStringLiteral(c)}: 'VARCHAR'`);
    const options = [
      `delim=${sqlStringLiteral(view.csv.delimiter)}`,
      `quote='"'`,
      `escape='"'`,
      'skip=0',
      `encoding=${sqlStringLiteral(view.csv.encoding)}`,
      'strict_mode=true',
      'null_padding=false',
      // An empty field is NULL, a quoted empty field ("") the empty text, as the evaluator tells them apart.
      'allow_quoted_nulls=false',
      ...(asText.length > 0 ? [`types={${asText.join(', ')}}`] : []),
    ];
    reader = `read_csv(${sqlStringLiteral(view.reads)}, ${options.join(', ')})`;
  } else {
    reader = `read_parquet(${sqlStringLiteral(view.reads)})`;
  }
  if (overrides.size === 0 || columns === null) return `SELECT * FROM ${reader}`;
  const select = columns.map((c) => {
    const type = overrides.get(c);
    return type === undefined ? quoteIdentifier(c) : `${overrideExpr(quoteIdentifier(c), type)} AS ${quoteIdentifier(c)}`;
  });
  return `SELECT ${select.join(', ')} FROM ${reader}`;
}

async function collectViews(config: FilesConfig, cacheDir: string): Promise<View[]> {
  const names = new NameAllocator();
  const views: View[] = [];
  for (const entry of listDataFiles(config.path)) {
    if (entry.kind === 'xlsx') {
      for (const sheet of await cachedXlsxSheets(entry.path, cacheDir)) {
        views.push({ name: names.take(`${fileStem(entry.path)}_${sheet.sheet}`), file: entry.path, kind: 'xlsx', reads: sheet.parquet });
      }
    } else {
      views.push({
        name: names.take(fileStem(entry.path)),
        file: entry.path,
        kind: entry.kind,
        reads: entry.path,
        ...(entry.kind === 'csv' ? { csv: detectCsvDialect(entry.path) } : {}),
      });
    }
  }
  return views;
}

function overridesByTable(config: FilesConfig, views: View[]): Map<string, Map<string, ValueType>> {
  const out = new Map<string, Map<string, ValueType>>();
  for (const [key, type] of Object.entries(config.types ?? {})) {
    const dot = key.indexOf('.');
    const table = key.slice(0, dot);
    const view = views.find((v) => v.name.toLowerCase() === table.toLowerCase());
    if (dot < 1 || !view) {
      throw new AppError('INVALID_INPUT', `The type override "${key}" names no table of ${config.path}. Write it as table.column; the tables are: ${views.map((v) => v.name).join(', ')}.`);
    }
    const columns = out.get(view.name) ?? new Map<string, ValueType>();
    columns.set(key.slice(dot + 1), type);
    out.set(view.name, columns);
  }
  return out;
}

async function describe(connection: DuckDBConnection, sql: string): Promise<{ name: string; type: string; nullable: boolean }[]> {
  const reader = await connection.runAndReadAll(`DESCRIBE ${sql}`);
  return reader.getRowObjectsJS().map((r) => ({ name: String(r.column_name), type: String(r.column_type), nullable: r.null !== 'NO' }));
}

export async function openFilesSource(config: FilesConfig, options: FilesSourceOptions = {}): Promise<Source> {
  const cacheDir = options.cacheDir ?? defaultFilesCacheDir();
  const views = await collectViews(config, cacheDir);
  const overrides = overridesByTable(config, views);
  // Loaded on first use: DuckDB takes 100–200 ms to load, which every process that never reads a file would pay.
  const { DuckDBInstance, StatementType } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const tables: TableInfo[] = [];
  const setup = await instance.connect();
  try {
    for (const macro of DUCKDB_MACROS) await setup.run(macro);
    for (const view of views) {
      const own = overrides.get(view.name) ?? new Map<string, ValueType>();
      let columns: { name: string; type: string; nullable: boolean }[];
      try {
        columns = await describe(setup, viewSql(view, null, own));
        const missing = [...own.keys()].filter((c) => !columns.some((col) => col.name === c));
        if (missing.length > 0) {
          throw new AppError('INVALID_INPUT', `The type override names columns ${missing.join(', ')} that ${view.name} does not have. Its columns: ${columns.map((c) => c.name).join(', ')}.`);
        }
        await setup.run(`CREATE VIEW ${quoteIdentifier(view.name)} AS ${viewSql(view, columns.map((c) => c.name), own)}`);
        if (own.size > 0) columns = await describe(setup, `SELECT * FROM ${quoteIdentifier(view.name)}`);
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw await csvError(view, error);
      }
      // Parquet keeps its row count in the footer; counting a CSV would read all of it.
      let rowEstimate: number | null = null;
      if (view.kind !== 'csv') {
        const count = await setup.runAndReadAll(`SELECT count(*) FROM ${quoteIdentifier(view.name)}`);
        rowEstimate = Number(count.getRows()[0]?.[0] ?? 0);
      }
      tables.push({
        name: view.name,
        columns: columns.map((c): ColumnInfo => ({ name: c.name, type: mapDuckdbType(c.type), nativeType: c.type, nullable: c.nullable })),
        primaryKey: [],
        rowEstimate,
      });
    }
    tables.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    await setup.run(`SET allowed_paths = [${views.map((v) => sqlStringLiteral(v.reads)).join(', ')}]`);
    await setup.run('SET enable_external_access = false');
    await setup.run('SET lock_configuration = true');
  } catch (error) {
    setup.closeSync();
    instance.closeSync();
    throw error;
  }
  setup.closeSync();
  let closed = false;

  const viewOfError = (error: unknown): View | undefined => {
    const message = error instanceof Error ? error.message : String(error);
    return views.find((v) => message.includes(v.reads));
  };

  const sourceError = async (error: unknown): Promise<AppError> => {
    if (error instanceof AppError) return error;
    const view = viewOfError(error);
    if (view) return csvError(view, error);
    const message = error instanceof Error ? error.message : String(error);
    if (/Permission Error|file system operations are disabled/i.test(message)) {
      return new AppError('SOURCE_ERROR', `${READ_ONLY_MESSAGE} Only the connection's own files can be read.`);
    }
    return new AppError('SOURCE_ERROR', `The query on ${config.path} failed: ${message.split('\n')[0]}`);
  };

  /** A fresh connection per query, so a stream in progress never shares one with another query. */
  const prepared = async (sql: string) => {
    if (closed) throw new AppError('SOURCE_ERROR', `The files source ${config.path} is closed.`);
    const connection = await instance.connect();
    try {
      const statement = await connection.prepare(sql);
      if (statement.statementType !== StatementType.SELECT) throw new AppError('SOURCE_ERROR', READ_ONLY_MESSAGE);
      return { connection, statement };
    } catch (error) {
      connection.closeSync();
      throw await sourceError(error);
    }
  };

  return {
    engine: 'files',

    async schema(): Promise<SourceSchema> {
      return { tables: tables.map((t) => ({ ...t, columns: t.columns.map((c) => ({ ...c })) })) };
    },

    async describeQuery(sql: string): Promise<ColumnInfo[]> {
      const { connection, statement } = await prepared(sql);
      try {
        const out: ColumnInfo[] = [];
        for (let i = 0; i < statement.columnCount; i += 1) {
          const native = statement.columnType(i).toString();
          out.push({ name: statement.columnName(i), type: mapDuckdbType(native), nativeType: native, nullable: true });
        }
        return out;
      } finally {
        connection.closeSync();
      }
    },

    async queryOne(query: CompiledQuery): Promise<CellValue[]> {
      const { connection, statement } = await prepared(query.sql);
      try {
        bindAll(statement, query.params);
        const rows = (await statement.runAndReadAll()).getRows();
        const row = rows[0];
        if (!row) throw new AppError('SOURCE_ERROR', 'The query returned no row where one was expected.');
        return normalizeRow(row.map(plain), query.columns.map((c) => c.type));
      } catch (error) {
        throw await sourceError(error);
      } finally {
        connection.closeSync();
      }
    },

    async *stream(query: CompiledQuery, streamOptions: StreamOptions): AsyncIterable<CellValue[][]> {
      const batchSize = Math.max(1, Math.floor(streamOptions.batchSize));
      const types = query.columns.map((c) => c.type);
      const { connection, statement } = await prepared(query.sql);
      const abort = (): void => connection.interrupt();
      streamOptions.signal?.addEventListener('abort', abort, { once: true });
      try {
        let result;
        try {
          bindAll(statement, query.params);
          result = await statement.stream();
        } catch (error) {
          throw await sourceError(error);
        }
        let batch: CellValue[][] = [];
        for (;;) {
          if (streamOptions.signal?.aborted) throw cancelledError();
          let chunk;
          try {
            chunk = await result.fetchChunk();
          } catch (error) {
            if (streamOptions.signal?.aborted) throw cancelledError();
            throw await sourceError(error);
          }
          if (!chunk || chunk.rowCount === 0) break;
          for (const row of chunk.getRows()) {
            batch.push(normalizeRow(row.map(plain), types));
            if (batch.length >= batchSize) {
              yield batch;
              batch = [];
              if (streamOptions.signal?.aborted) throw cancelledError();
            }
          }
        }
        if (batch.length > 0) yield batch;
      } finally {
        streamOptions.signal?.removeEventListener('abort', abort);
        connection.closeSync();
      }
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        instance.closeSync();
      } catch (error) {
        log.warn('closing the files source failed', { path: config.path, error: String(error) });
      }
    },
  };
}
