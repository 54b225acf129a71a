import { ObjectId } from 'bson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rule } from '../../../../shared/rule.js';
import { mongoTarget, type MongoTarget } from '../../../../../test-support/mongo-target.js';
import { startMongoWireServer } from '../../../../../test-support/mongo-wire-server.js';
import { freePort } from '../../../../../test-support/free-port.js';
import { compileRule } from '../../rules/compile/compile-rule.js';
import { buildScope } from '../../rules/scope.js';
import { openSource } from '../open-source.js';
import { mongoDialect } from './mongo-dialect.js';
import { openMongoSource, type MongoSource } from './mongo-source.js';
import { DOCUMENT_COLUMN, planQuery } from './mongo-plan.js';

const rule = (over: Partial<Rule>): Rule => ({ id: 'r', title: 'r', severity: 'low', status: 'active', origin: 'manual', version: 1, target: { connection: 'm', table: 'orders', key: ['_id'] }, ...over });

describe('MongoDB source', () => {
  let t: MongoTarget;
  let source: MongoSource;
  const oid = new ObjectId('65a1b2c3d4e5f60718293a4b');
  beforeAll(async () => {
    t = await mongoTarget();
    await t.load('orders', [
      { _id: oid, amount: 120, customer: { name: 'Ann', tier: 'gold' }, placed: new Date('2024-03-01T10:30:00Z'), tags: ['a'] },
      { _id: new ObjectId(), amount: '80', customer: { name: 'Bob' }, placed: new Date('2024-03-02T00:00:00Z') },
      { _id: new ObjectId(), amount: 40, customer: { name: null }, placed: null },
      { _id: new ObjectId(), amount: 75.5 },
    ]);
    source = await openMongoSource({ url: t.url, database: t.database, sampleSize: 50 });
  });
  afterAll(async () => {
    await source?.close();
    await t?.close();
  });

  it('samples a schema: dotted paths, the dominant type, mixed types and arrays reported', async () => {
    const schema = await source.schema();
    const orders = schema.tables.find((x) => x.name === 'orders')!;
    const col = (n: string) => orders.columns.find((c) => c.name === n);
    expect(orders.primaryKey).toEqual(['_id']);
    expect(orders.rowEstimate).toBe(4);
    expect(col('_id')).toMatchObject({ type: 'text', nativeType: 'objectId', nullable: false });
    expect(col('amount')!.type).toBe('number');
    expect(col('amount')!.nativeType).toMatch(/string 25%/);
    expect(col('customer.name')).toMatchObject({ type: 'text', nullable: true });
    expect(col('customer.tier')).toMatchObject({ type: 'text', nullable: true });
    expect(col('placed')).toMatchObject({ type: 'timestamp', nativeType: 'date' });
    expect(col('tags')).toMatchObject({ type: 'unknown', nativeType: 'array' });
    expect(col('customer')).toBeUndefined();
  });

  it('streams violations with the whole document as canonical Extended JSON', async () => {
    const schema = await source.schema();
    const r = rule({ require: { kind: 'compare', op: '<=', left: { kind: 'column', name: 'amount' }, right: { kind: 'number', value: 100 } } });
    const compiled = compileRule(r, buildScope(r, schema), mongoDialect, { asOf: '2024-03-09' });
    const rows: unknown[][] = [];
    for await (const batch of source.stream(compiled.violations, { batchSize: 2 })) rows.push(...batch);
    const names = compiled.violations.columns.map((c) => c.name);
    // 120 violates; the string '80' is not a number so the requirement is unknown: a violation too.
    expect(rows.map((row) => row[names.indexOf('amount')]).sort()).toEqual([120, '80']);
    const doc = JSON.parse(String(rows.find((row) => row[0] === oid.toHexString())![names.indexOf(DOCUMENT_COLUMN)])) as Record<string, unknown>;
    expect(doc).toMatchObject({ _id: { $oid: oid.toHexString() }, amount: { $numberInt: '120' }, placed: { $date: { $numberLong: String(Date.parse('2024-03-01T10:30:00Z')) } } });
    expect(await source.queryOne(compiled.count)).toEqual([4, 4]);
  });

  it('finds a record again by its ObjectId key', async () => {
    const schema = await source.schema();
    const r = rule({ violation: { kind: 'is_null', operand: { kind: 'column', name: 'amount' }, negated: true } });
    const byKey = compileRule(r, buildScope(r, schema), mongoDialect, { asOf: '2024-03-09', keyFilter: [[oid.toHexString()]] });
    const rows: unknown[][] = [];
    for await (const batch of source.stream(byKey.violations, { batchSize: 10 })) rows.push(...batch);
    expect(rows.map((row) => row[0])).toEqual([oid.toHexString()]);
  });

  it('refuses joins and custom queries with RULE_INVALID', async () => {
    const schema = await source.schema();
    const joined = rule({ target: { connection: 'm', table: 'orders', key: ['_id'], join: [{ table: 'orders', type: 'inner', on: { kind: 'boolean', value: true } }] }, violation: { kind: 'boolean', value: true } });
    expect(() => compileRule(joined, buildScope({ ...joined, target: { ...joined.target, join: undefined } }, schema), mongoDialect, { asOf: '2024-03-09' })).toThrow(/joins are not supported/);
    await expect(source.describeQuery('SELECT 1')).rejects.toMatchObject({ code: 'RULE_INVALID' });
  });

  it('never sends $where, $function, $out or $merge: the source refuses such a plan', async () => {
    for (const pipeline of [[{ $out: 'x' }], [{ $merge: { into: 'x' } }], [{ $match: { $where: 'true' } }], [{ $project: { x: { $function: { body: '', args: [], lang: 'js' } } } }]]) {
      const query = planQuery({ op: 'aggregate', collection: 'orders', fields: [], pipeline }, []);
      await expect(source.queryOne(query)).rejects.toThrow(/read-only/);
    }
  });
});

describe.skipIf(Boolean(process.env.MONGODB_URL))('MongoDB test double', () => {
  it('refuses $where itself, so a passing suite proves it was never sent', async () => {
    const server = await startMongoWireServer();
    const { MongoClient } = await import('mongodb');
    const client = new MongoClient(server.url);
    try {
      await client.db('d').collection('c').insertOne({ a: 1 });
      await expect(client.db('d').collection('c').find({ $where: 'true' }).toArray()).rejects.toThrow(/\$where/);
      await expect(client.db('d').collection('c').aggregate([{ $out: 'x' }]).toArray()).rejects.toThrow(/\$out/);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('reports wrong credentials as such, naming no password', async () => {
    const server = await startMongoWireServer({ requireAuth: true });
    try {
      const error = await openSource({ engine: 'mongodb', url: `mongodb://auditor@127.0.0.1:${server.port}/erp`, passwordEnv: 'MONGO_PW' }, { MONGO_PW: 'wrong-secret' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'SOURCE_ERROR' });
      expect(String((error as Error).message)).toMatch(/refused the credentials/);
      expect(String((error as Error).message)).not.toContain('wrong-secret');
    } finally {
      await server.close();
    }
  });
});

describe('MongoDB connection errors', () => {
  it('says an unreachable server is unreachable', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await openMongoSource({ url: `mongodb://127.0.0.1:${port}/erp`, connectTimeoutMs: 500 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SOURCE_UNREACHABLE' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses a URL with a password, and a missing password variable', async () => {
    await expect(openSource({ engine: 'mongodb', url: 'mongodb://a@127.0.0.1:1/x', passwordEnv: 'NOPE_PW' }, {})).rejects.toThrow(/NOPE_PW/);
    const { parseMongoInput } = await import('../connection-config.js');
    expect(() => parseMongoInput({ url: 'mongodb://a:secret@127.0.0.1/x' })).toThrow(/password/);
    expect(parseMongoInput({ url: ' mongodb://a@h/x ', database: 'erp' })).toEqual({ engine: 'mongodb', url: 'mongodb://a@h/x', database: 'erp' });
  });
});
