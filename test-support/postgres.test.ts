import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, hasPostgres } from './pg-database.js';
import { findPostgresBin, postgresAvailable, startPostgres, type PgServer } from './postgres.js';

async function queryValue(url: string, sql: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(sql);
    // A multi-statement string answers with one result per statement.
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    return last.rows[0]?.value;
  } finally {
    await client.end();
  }
}

describe('findPostgresBin', () => {
  it('honours POSTGRES_BIN only when it holds the server binaries', () => {
    const saved = process.env.POSTGRES_BIN;
    try {
      process.env.POSTGRES_BIN = '/nonexistent/bin';
      const found = findPostgresBin();
      expect(found).not.toBe('/nonexistent/bin');
    } finally {
      if (saved === undefined) delete process.env.POSTGRES_BIN;
      else process.env.POSTGRES_BIN = saved;
    }
  });
});

describe.skipIf(!postgresAvailable())('startPostgres', () => {
  let server: PgServer | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it('starts, answers queries, stops, and restarts on the same port with its data', async () => {
    server = await startPostgres({ name: 'harness' });
    expect(server.url).toBe(`postgres://postgres@127.0.0.1:${server.port}/postgres`);
    expect(await queryValue(server.url, 'SELECT 41 + 1 AS value')).toBe(42);
    expect(await queryValue(server.url, "SELECT pg_encoding_to_char(encoding) AS value FROM pg_database WHERE datname = 'postgres'")).toBe('UTF8');
    await queryValue(server.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)');

    await server.stop({ keepData: true });
    await expect(queryValue(server.url, 'SELECT 1 AS value')).rejects.toThrow();
    expect(existsSync(server.dataDir)).toBe(true);

    await server.start();
    expect(await queryValue(server.url, 'SELECT n AS value FROM kept')).toBe(7);

    await server.stop();
    expect(existsSync(server.dataDir)).toBe(false);
    server = undefined;
  });
});

describe.skipIf(!hasPostgres())('createTestDatabase', () => {
  it('creates an isolated database and drops it', async () => {
    const db = await createTestDatabase();
    const name = new URL(db.url).pathname.slice(1);
    expect(await queryValue(db.url, 'SELECT current_database() AS value')).toBe(name);
    // An open connection must not block the drop.
    const lingering = new pg.Client({ connectionString: db.url });
    lingering.on('error', () => undefined);
    await lingering.connect();
    await db.drop();
    await lingering.end().catch(() => undefined);
    const base = new URL(db.url);
    base.pathname = '/postgres';
    expect(await queryValue(base.toString(), `SELECT count(*)::int AS value FROM pg_database WHERE datname = '${name}'`)).toBe(0);
  });
});
