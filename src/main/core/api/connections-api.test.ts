import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createShopDatabase } from '../../../../test-support/cli-harness.js';
import { createTestApi, type TestApi } from '../../../../test-support/core-api-harness.js';
import { freePort } from '../../../../test-support/free-port.js';
import { createTestDatabase, hasPostgres, type TestDatabase } from '../../../../test-support/pg-database.js';
import { rejection } from '../../../../test-support/rejection.js';

let t: TestApi;
beforeEach(async () => {
  t = await createTestApi();
});
afterEach(async () => {
  await t.close();
});

describe('connections', () => {
  it('lists connections with how many rules use each', async () => {
    const list = await t.api.listConnections({});
    expect(list).toEqual([expect.objectContaining({ name: 'shop', engine: 'sqlite', ruleCount: 3, description: `SQLite ${t.sourcePath}` })]);
  });

  it('adds a reachable SQLite source, with an audit entry and an event', async () => {
    const path = join(t.dir, 'second.sqlite');
    createShopDatabase(path);
    const added = await t.api.addConnection({ name: 'second', input: { engine: 'sqlite', path } });
    expect(added).toMatchObject({ name: 'second', engine: 'sqlite', ruleCount: 0 });
    expect(t.ws.connections.get('second')!.config).toEqual({ engine: 'sqlite', path });
    expect(t.ws.audit.list({ action: 'connection.added' }).at(-1)!.actor).toBe('test:auditor');
    expect(t.events).toContainEqual({ type: 'data.changed', what: 'connections' });
  });

  it('refuses an unreachable source, a password in a URL and a taken name, storing nothing', async () => {
    const missing = await rejection(t.api.addConnection({ name: 'gone', input: { engine: 'sqlite', path: join(t.dir, 'nope.sqlite') } }));
    expect(missing.code).toBe('SOURCE_UNREACHABLE');
    const secret = await rejection(t.api.addConnection({ name: 'erp', input: { engine: 'postgres', url: 'postgres://auditor:secret@127.0.0.1:5432/erp' } }));
    expect(secret.code).toBe('INVALID_INPUT');
    expect(secret.message).toMatch(/password/);
    expect((await rejection(t.api.addConnection({ name: 'shop', input: { engine: 'sqlite', path: t.sourcePath } }))).code).toBe('ALREADY_EXISTS');
    expect(t.ws.connections.list().map((c) => c.name)).toEqual(['shop']);
  });

  it('tests a stored connection or an input, and reports an unreachable server', async () => {
    const stored = await t.api.testConnection({ name: 'shop' });
    expect(stored.tables).toBe(4);
    expect(stored.latencyMs).toBeGreaterThanOrEqual(0);
    expect((await t.api.testConnection({ input: { engine: 'sqlite', path: t.sourcePath } })).tables).toBe(4);
    const port = await freePort();
    const error = await rejection(t.api.testConnection({ input: { engine: 'postgres', url: `postgres://auditor@127.0.0.1:${port}/erp` } }));
    expect(error.code).toBe('SOURCE_UNREACHABLE');
    expect((await rejection(t.api.testConnection({ name: 'nope' }))).code).toBe('NOT_FOUND');
  });

  it('gives the live schema', async () => {
    const schema = await t.api.getSchema({ name: 'shop' });
    const orders = schema.tables.find((x) => x.name === 'orders')!;
    expect(orders.primaryKey).toEqual(['id']);
    expect(orders.columns.map((c) => c.name)).toEqual(['id', 'customer_id', 'shipped_at', 'required_at', 'total']);
  });

  it('refuses to remove a connection its rules use, and removes it once they are inactive', async () => {
    const error = await rejection(t.api.removeConnection({ name: 'shop' }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/used by 3 rule/);
    for (const id of ['late-shipments', 'list-price', 'split-purchases']) await t.api.setRuleStatus({ id, status: 'inactive' });
    await t.api.removeConnection({ name: 'shop', reason: 'source retired' });
    expect(await t.api.listConnections({})).toEqual([]);
  });
});

describe.skipIf(!hasPostgres())('a PostgreSQL connection', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query('CREATE TABLE invoices (id int PRIMARY KEY, amount numeric(10,2) NOT NULL)');
    await client.end();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('is added after it answers, and its schema is read', async () => {
    const added = await t.api.addConnection({ name: 'erp', input: { engine: 'postgres', url: database.url, statementTimeoutMs: 5_000 } });
    expect(added.engine).toBe('postgres');
    expect(t.ws.connections.get('erp')!.config).toMatchObject({ engine: 'postgres', statementTimeoutMs: 5_000 });
    expect((await t.api.testConnection({ name: 'erp' })).tables).toBe(1);
    const schema = await t.api.getSchema({ name: 'erp' });
    expect(schema.tables.map((x) => x.name)).toEqual(['invoices']);
  });

  it('refuses a password variable that is not set, with what to do', async () => {
    const error = await rejection(t.api.addConnection({ name: 'erp2', input: { engine: 'postgres', url: database.url, passwordEnv: 'PS_TEST_UNSET_PASSWORD' } }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/PS_TEST_UNSET_PASSWORD/);
  });
});
