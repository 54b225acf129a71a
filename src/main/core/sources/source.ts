import type { CellValue, ColumnInfo, SourceSchema, ValueType } from '../../../shared/schema.js';

export type Engine = 'sqlite' | 'postgres' | 'mongodb' | 'files' | 'mysql';

/** One output column of a compiled query: its alias in the SQL and the rule-language type. */
export interface OutputColumn {
  name: string;
  type: ValueType;
}

/**
 * SQL produced by a compiler for one engine. `params` are bound, never interpolated;
 * `columns` lists the SELECT list in order so the source can normalise values
 * (SQLite 0/1 → boolean, PostgreSQL numeric strings → number, dates → ISO strings).
 */
export interface CompiledQuery {
  sql: string;
  params: unknown[];
  columns: OutputColumn[];
}

export interface StreamOptions {
  batchSize: number;
  signal?: AbortSignal;
}

/**
 * A connected, read-only data source. Every implementation is read-only by construction
 * (SQLite opened read-only; PostgreSQL in READ ONLY transactions with a statement timeout).
 */
export interface Source {
  readonly engine: Engine;
  /** Tables, columns (with rule-language types), primary keys, row estimates. */
  schema(): Promise<SourceSchema>;
  /** The columns a read-only custom SELECT returns, without fetching its rows. */
  describeQuery(sql: string): Promise<ColumnInfo[]>;
  /** Runs a query that returns exactly one row and gives it back normalised, as an array. */
  queryOne(query: CompiledQuery): Promise<CellValue[]>;
  /**
   * Streams the rows of a query in batches of arrays (in `query.columns` order), holding at most
   * about one batch in memory. Stops early, releasing the cursor, when `signal` aborts.
   */
  stream(query: CompiledQuery, options: StreamOptions): AsyncIterable<CellValue[][]>;
  /**
   * Starts a single-row query (as `queryOne`) on a connection of its own, on another thread, for a
   * source whose queries hold the calling thread (SQLite): its answer is computed while this
   * thread reads. Sources without it answer through `queryOne`.
   */
  queryOneAside?(query: CompiledQuery): AsideQuery<CellValue[]>;
  close(): Promise<void>;
}

/** A query running on another thread. */
export interface AsideQuery<T> {
  /** Whether the other thread has begun the query itself (it was starting up before). */
  readonly running: boolean;
  readonly answer: Promise<T>;
  /** Stops the query; `answer` then rejects unless it had settled. */
  cancel(): void;
}
