/**
 * A MySQL or MariaDB database as a read-only source: one connection whose session is read-only
 * (`SET SESSION TRANSACTION READ ONLY`, and every operation in `START TRANSACTION READ ONLY`) with a
 * per-statement time limit (`max_statement_time` on MariaDB, `max_execution_time` on MySQL).
 * Statements are prepared on the server, so every value is bound; rows are streamed.
 */
import mysql from 'mysql2';
import type { Connection, ExecuteValues, FieldPacket } from 'mysql2';
import { AppError } from '../../../shared/errors.js';
import type { CellValue, ColumnInfo, SourceSchema } from '../../../shared/schema.js';
import { createLogger } from '../logger.js';
import { discoverMysqlSchema } from './mysql-schema.js';
import { type MysqlTarget, isMysqlConnectionLost, mysqlError } from './mysql-errors.js';
import { mapMysqlField } from './mysql-types.js';
import { normalizeMysqlRow } from './mysql-values.js';
import type { CompiledQuery, Source, StreamOptions } from './source.js';
import { cancelledError } from './source-errors.js';

const log = createLogger('mysql-source');

export const DEFAULT_MYSQL_STATEMENT_TIMEOUT_MS = 300_000;
const CONNECT_TIMEOUT_MS = 5_000;

export interface MysqlConfigLike {
  url: string;
  statementTimeoutMs?: number;
}

export interface MysqlSourceOptions {
  statementTimeoutMs?: number;
  /** Read from the environment by the caller; kept in memory only. */
  password?: string;
}

export interface MysqlSource extends Source {
  /** Connects now, so an unreachable server or a wrong password is reported at open time. */
  connect(): Promise<void>;
  /** 'mariadb' or 'mysql', known once connected. */
  flavor(): 'mariadb' | 'mysql' | null;
}

function targetOf(url: URL, statementTimeoutMs: number, hasPassword: boolean): MysqlTarget {
  return {
    host: decodeURIComponent(url.hostname) || 'localhost',
    port: url.port ? Number(url.port) : 3306,
    database: decodeURIComponent(url.pathname.replace(/^\//, '')),
    user: decodeURIComponent(url.username) || 'root',
    statementTimeoutMs,
    hasPassword,
  };
}

/** A custom query is wrapped as a subquery; a trailing `;` must not break that. */
function asSubquery(sql: string): string {
  return `SELECT * FROM (\n${sql.trim().replace(/;+\s*$/, '')}\n) AS q LIMIT 0`;
}

type Row = unknown[];

function run<T>(connection: Connection, sql: string, params: unknown[] = [], rowsAsArray = true): Promise<[T, FieldPacket[]]> {
  return new Promise((resolve, reject) => {
    connection.execute({ sql, rowsAsArray }, params as ExecuteValues[], (error, rows, fields) => {
      if (error) reject(error);
      else resolve([rows as T, fields]);
    });
  });
}

/** Statements that cannot be prepared (SET, START TRANSACTION on some servers) go as plain text; none carries a value from input. */
function plain(connection: Connection, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    connection.query(sql, (error) => (error ? reject(error) : resolve()));
  });
}

export function openMysqlSource(config: MysqlConfigLike, options: MysqlSourceOptions = {}): MysqlSource {
  const statementTimeoutMs = options.statementTimeoutMs ?? config.statementTimeoutMs ?? DEFAULT_MYSQL_STATEMENT_TIMEOUT_MS;
  if (!Number.isInteger(statementTimeoutMs) || statementTimeoutMs <= 0) {
    throw new AppError('INVALID_INPUT', `The statement timeout must be a positive whole number of milliseconds (got ${statementTimeoutMs}).`);
  }
  const url = new URL(config.url);
  const target = targetOf(url, statementTimeoutMs, options.password !== undefined);

  let connection: Connection | null = null;
  let connecting: Promise<Connection> | null = null;
  let queue: Promise<void> = Promise.resolve();
  let closed = false;
  let serverFlavor: 'mariadb' | 'mysql' | null = null;

  const discard = (dead: Connection): void => {
    if (connection === dead) connection = null;
    dead.destroy();
  };

  const connectOnce = async (): Promise<Connection> => {
    const fresh = mysql.createConnection({
      host: target.host,
      port: target.port,
      user: target.user,
      password: options.password,
      database: target.database,
      connectTimeout: CONNECT_TIMEOUT_MS,
      charset: 'UTF8MB4_UNICODE_CI',
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: false,
      decimalNumbers: false,
      timezone: 'Z',
      multipleStatements: false,
      maxPreparedStatements: 256,
    });
    // An idle connection that drops emits 'error'; unhandled, it would end the process.
    fresh.on('error', (error) => {
      log.debug('MySQL connection error', { host: target.host, port: target.port, error: error.message });
      if (connection === fresh) connection = null;
    });
    try {
      await new Promise<void>((resolve, reject) => fresh.connect((error) => (error ? reject(error) : resolve())));
      const [[version]] = await run<Row[]>(fresh, 'SELECT VERSION()');
      serverFlavor = /mariadb/i.test(String(version?.[0] ?? '')) ? 'mariadb' : 'mysql';
      // The timeout is a validated integer, not input text; SET cannot take a bound parameter.
      const limit =
        serverFlavor === 'mariadb' ? `max_statement_time = ${statementTimeoutMs / 1000}` : `max_execution_time = ${statementTimeoutMs}`;
      // A fixed sql_mode: no ANSI_QUOTES or PIPES_AS_CONCAT surprises in the compiled SQL.
      await plain(fresh, `SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION', SESSION time_zone = '+00:00', SESSION ${limit}`);
      await plain(fresh, 'SET SESSION TRANSACTION READ ONLY');
    } catch (error) {
      fresh.destroy();
      throw mysqlError(error, target);
    }
    return fresh;
  };

  const getConnection = async (): Promise<Connection> => {
    if (closed) throw new AppError('SOURCE_ERROR', `The MySQL source ${target.host}:${target.port}/${target.database} is closed.`);
    if (connection) return connection;
    connecting ??= connectOnce().finally(() => {
      connecting = null;
    });
    connection = await connecting;
    return connection;
  };

  /** One operation at a time: a transaction must not interleave with another on the same connection. */
  const lock = async (): Promise<() => void> => {
    const previous = queue;
    let release!: () => void;
    queue = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    return release;
  };

  const transaction = async <T>(work: (session: Connection) => Promise<T>): Promise<T> => {
    const release = await lock();
    let session: Connection | undefined;
    try {
      session = await getConnection();
      await plain(session, 'START TRANSACTION READ ONLY');
      const result = await work(session);
      await plain(session, 'COMMIT');
      return result;
    } catch (error) {
      if (session) {
        if (isMysqlConnectionLost(error)) discard(session);
        else await plain(session, 'ROLLBACK').catch(() => discard(session!));
      }
      throw mysqlError(error, target);
    } finally {
      release();
    }
  };

  return {
    engine: 'mysql',

    flavor: () => serverFlavor,

    async connect(): Promise<void> {
      const release = await lock();
      try {
        await getConnection();
      } finally {
        release();
      }
    },

    schema(): Promise<SourceSchema> {
      return transaction((session) =>
        discoverMysqlSchema(async <T>(sql: string) => (await run<T[]>(session, sql, [], false))[0]),
      );
    },

    describeQuery(sql: string): Promise<ColumnInfo[]> {
      return transaction(async (session) => {
        const [, fields] = await run<Row[]>(session, asSubquery(sql));
        return fields.map((field) => {
          const mapped = mapMysqlField(field);
          return { name: field.name, type: mapped.type, nativeType: mapped.nativeType, nullable: true };
        });
      });
    },

    queryOne(query: CompiledQuery): Promise<CellValue[]> {
      return transaction(async (session) => {
        const [rows] = await run<Row[]>(session, query.sql, query.params);
        const row = rows[0];
        if (!row) throw new AppError('SOURCE_ERROR', 'The query returned no row where one was expected.');
        return normalizeMysqlRow(row, query.columns.map((column) => column.type));
      });
    },

    async *stream(query: CompiledQuery, options: StreamOptions): AsyncIterable<CellValue[][]> {
      const batchSize = Math.max(1, Math.floor(options.batchSize));
      const types = query.columns.map((column) => column.type);
      const release = await lock();
      let session: Connection | undefined;
      let completed = false;
      const onAbort = (): void => {
        // The only way to stop a result the server is sending: drop the connection.
        if (session) discard(session);
      };
      try {
        if (options.signal?.aborted) throw cancelledError();
        session = await getConnection();
        await plain(session, 'START TRANSACTION READ ONLY');
        options.signal?.addEventListener('abort', onAbort, { once: true });
        const rows = session.execute({ sql: query.sql, rowsAsArray: true }, query.params as ExecuteValues[]).stream({ highWaterMark: batchSize });
        let batch: CellValue[][] = [];
        for await (const row of rows as AsyncIterable<Row>) {
          batch.push(normalizeMysqlRow(row, types));
          if (batch.length >= batchSize) {
            if (options.signal?.aborted) throw cancelledError();
            yield batch;
            batch = [];
          }
        }
        if (options.signal?.aborted) throw cancelledError();
        if (batch.length > 0) yield batch;
        await plain(session, 'COMMIT');
        completed = true;
      } catch (error) {
        if (options.signal?.aborted) throw error instanceof AppError && error.code === 'CANCELLED' ? error : cancelledError();
        if (session && isMysqlConnectionLost(error)) discard(session);
        throw mysqlError(error, target);
      } finally {
        options.signal?.removeEventListener('abort', onAbort);
        // Stopped early (break, error, cancel): unread rows are still on the wire, so the connection goes.
        if (!completed && session) discard(session);
        release();
      }
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      const pending = connecting;
      const current = connection ?? (pending ? await pending.catch(() => null) : null);
      connection = null;
      if (current) await new Promise<void>((resolve) => current.end(() => resolve()));
    },
  };
}
