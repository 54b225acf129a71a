/**
 * A MongoDB database as a Source. Read-only by construction: it only ever sends `find`,
 * `aggregate` (without $out/$merge, checked before sending), `listCollections` and `count`.
 * Queries are plans compiled by mongo-compile.ts (see mongo-plan.ts); SQL is refused.
 */
import { EJSON, type Document } from 'bson';
import type { Db, MongoClient } from 'mongodb';
import { AppError } from '../../../../shared/errors.js';
import type { CellValue, ColumnInfo, SourceSchema, TableInfo } from '../../../../shared/schema.js';
import { createLogger } from '../../logger.js';
import { cancelledError } from '../source-errors.js';
import type { CompiledQuery, Source, StreamOptions } from '../source.js';
import { assertReadOnlyPlan } from './mongo-guard.js';
import { DOCUMENT_COLUMN, readPlan, type MongoPlan } from './mongo-plan.js';
import { tableFromSample } from './mongo-schema.js';
import { cellOf, valueAt } from './mongo-values.js';

const log = createLogger('mongo-source');

export const DEFAULT_SAMPLE_SIZE = 1000;

export interface MongoSourceOptions {
  url: string;
  database?: string;
  password?: string;
  sampleSize?: number;
  /** How long to look for a reachable server before giving up. */
  connectTimeoutMs?: number;
  /** Per-operation limit on the server. */
  maxTimeMs?: number;
}

function databaseOf(url: string, given: string | undefined): string {
  if (given) return given;
  const path = /^mongodb(?:\+srv)?:\/\/[^/]*\/([^?]*)/i.exec(url)?.[1] ?? '';
  const name = decodeURIComponent(path);
  if (!name) throw new AppError('INVALID_INPUT', 'Name the MongoDB database: put it in the URL (mongodb://host/DB) or pass --database DB.');
  return name;
}

function translateError(error: unknown, url: string): AppError {
  if (error instanceof AppError) return error;
  const e = error as { name?: string; message?: string; code?: number; codeName?: string };
  const name = e.name ?? '';
  const safeUrl = url.replace(/\/\/[^@/]*@/, '//***@');
  if (e.code === 18 || e.codeName === 'AuthenticationFailed' || /auth/i.test(name)) {
    return new AppError('SOURCE_ERROR', `MongoDB refused the credentials for ${safeUrl}. Check the user name and the password variable.`, { cause: e.message });
  }
  if (/ServerSelection|NetworkError|Timeout|MongoNetwork/i.test(name)) {
    return new AppError('SOURCE_UNREACHABLE', `Cannot reach MongoDB at ${safeUrl}. Check the host and port and that the server is running.`, { cause: e.message });
  }
  return new AppError('SOURCE_ERROR', `MongoDB reported an error: ${e.message ?? String(error)}`, { code: e.code, codeName: e.codeName });
}

export class MongoSource implements Source {
  readonly engine = 'mongodb' as const;
  private readonly client: MongoClient;
  private readonly db: Db;
  private readonly sampleSize: number;
  private readonly maxTimeMS: number;

  /** `Client` is the driver's MongoClient, loaded by `openMongoSource` when a MongoDB source is first opened. */
  constructor(
    private readonly options: MongoSourceOptions,
    Client: typeof MongoClient,
  ) {
    const username = /^mongodb(?:\+srv)?:\/\/([^:@/]+)@/i.exec(options.url)?.[1];
    this.client = new Client(options.url, {
      serverSelectionTimeoutMS: options.connectTimeoutMs ?? 5000,
      connectTimeoutMS: options.connectTimeoutMs ?? 5000,
      readPreference: 'secondaryPreferred',
      retryWrites: false,
      ...(options.password !== undefined && username !== undefined ? { auth: { username: decodeURIComponent(username), password: options.password } } : {}),
    });
    this.db = this.client.db(databaseOf(options.url, options.database));
    this.sampleSize = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
    this.maxTimeMS = options.maxTimeMs ?? 300_000;
  }

  async connect(): Promise<void> {
    try {
      await this.client.connect();
      await this.db.command({ ping: 1 });
    } catch (error) {
      throw translateError(error, this.options.url);
    }
  }

  async schema(): Promise<SourceSchema> {
    try {
      const collections = await this.db.listCollections({}, { nameOnly: true }).toArray();
      const names = collections.map((c) => c.name).filter((n) => !n.startsWith('system.')).sort();
      const tables: TableInfo[] = [];
      for (const name of names) {
        const collection = this.db.collection(name);
        const docs = await collection.aggregate([{ $sample: { size: this.sampleSize } }], { maxTimeMS: this.maxTimeMS }).toArray();
        const estimate = await collection.estimatedDocumentCount({ maxTimeMS: this.maxTimeMS });
        tables.push(tableFromSample(name, docs, estimate));
      }
      return { tables };
    } catch (error) {
      throw translateError(error, this.options.url);
    }
  }

  describeQuery(_sql: string): Promise<ColumnInfo[]> {
    return Promise.reject(new AppError('RULE_INVALID', 'MongoDB sources have no SQL: target a collection instead of a custom query.'));
  }

  async queryOne(query: CompiledQuery): Promise<CellValue[]> {
    for await (const batch of this.stream(query, { batchSize: 1 })) {
      const first = batch[0];
      if (first) return first;
    }
    // An aggregation over an empty collection yields no document where SQL yields one row of zeros.
    return query.columns.map(() => null);
  }

  private cursor(plan: MongoPlan, batchSize: number) {
    assertReadOnlyPlan(plan);
    const collection = this.db.collection(plan.collection);
    if (plan.op === 'aggregate') return collection.aggregate(plan.pipeline, { batchSize, maxTimeMS: this.maxTimeMS });
    let cursor = collection.find(plan.filter, { batchSize, maxTimeMS: this.maxTimeMS, sort: plan.sort });
    if (plan.projection) cursor = cursor.project(plan.projection);
    if (plan.limit !== undefined) cursor = cursor.limit(plan.limit);
    return cursor;
  }

  async *stream(query: CompiledQuery, options: StreamOptions): AsyncIterable<CellValue[][]> {
    const plan = readPlan(query);
    const cursor = this.cursor(plan, options.batchSize);
    const { columns } = query;
    const withDocument = plan.op === 'find' && plan.withDocument === true;
    try {
      let batch: CellValue[][] = [];
      for await (const doc of cursor as AsyncIterable<Document>) {
        if (options.signal?.aborted) throw cancelledError();
        const row = plan.fields.map((path, i) => cellOf(valueAt(doc, path), columns[i]?.type ?? 'unknown'));
        if (withDocument && columns[row.length]?.name === DOCUMENT_COLUMN) row.push(EJSON.stringify(doc, { relaxed: false }));
        batch.push(row);
        if (batch.length >= options.batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    } catch (error) {
      throw translateError(error, this.options.url);
    } finally {
      await cursor.close().catch((error: unknown) => log.warn('closing a cursor failed', { error: String(error) }));
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

export async function openMongoSource(options: MongoSourceOptions): Promise<MongoSource> {
  // The driver takes ~100 ms to load; processes that never read MongoDB do not pay it.
  const { MongoClient: Client } = await import('mongodb');
  const source = new MongoSource(options, Client);
  try {
    await source.connect();
  } catch (error) {
    await source.close();
    throw error;
  }
  return source;
}
