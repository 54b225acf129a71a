import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Expr } from '../../../../shared/rule-ast.js';
import type { Rule } from '../../../../shared/rule.js';
import type { SourceSchema } from '../../../../shared/schema.js';
import { createTestDatabase, hasPostgres, type TestDatabase } from '../../../../../test-support/pg-database.js';
import { sourceTypes } from '../../sources/postgres-parsers.js';
import type { CompiledQuery } from '../../sources/source.js';
import { buildScope } from '../scope.js';
import { FLAGS_PER_COLUMN, compileRowsTogether, compileRule, ruleFlag } from './compile-rule.js';
import type { Dialect } from './dialect.js';
import { postgresDialect } from './postgres-dialect.js';
import { registerSqliteFunctions } from './sqlite-functions.js';
import { sqliteDialect } from './sqlite-dialect.js';

const schema: SourceSchema = {
  tables: [
    {
      name: 'lines',
      columns: [
        { name: 'order_id', type: 'number', nativeType: 'integer', nullable: false },
        { name: 'line', type: 'number', nativeType: 'integer', nullable: false },
        { name: 'product', type: 'text', nativeType: 'text', nullable: true },
        { name: 'price', type: 'number', nativeType: 'real', nullable: true },
        { name: 'shipped', type: 'date', nativeType: 'date', nullable: true },
        { name: 'paid', type: 'boolean', nativeType: 'boolean', nullable: true },
        { name: 'we"ird', type: 'text', nativeType: 'text', nullable: true },
      ],
      primaryKey: ['order_id', 'line'],
      rowEstimate: null,
    },
    {
      name: 'products',
      columns: [
        { name: 'code', type: 'text', nativeType: 'text', nullable: false },
        { name: 'price', type: 'number', nativeType: 'real', nullable: true },
      ],
      primaryKey: ['code'],
      rowEstimate: null,
    },
  ],
};

const col = (name: string, table?: string): Expr => (table ? { kind: 'column', table, name } : { kind: 'column', name });
const str = (value: string): Expr => ({ kind: 'string', value });
const num = (value: number): Expr => ({ kind: 'number', value });

function rule(parts: Partial<Rule>): Rule {
  return {
    id: 'r',
    title: 'r',
    severity: 'low',
    status: 'active',
    origin: 'manual',
    version: 1,
    target: { connection: 'c', table: 'lines', key: ['order_id', 'line'] },
    ...parts,
  };
}

const MALICIOUS = "x'); DROP TABLE lines; --";
const asOf = '2024-03-09';

const ROWS: Array<[number, number, string | null, number | null, string | null, boolean | null, string | null]> = [
  [1, 1, 'A', 10, '2024-03-01', true, null],
  [1, 2, 'B', 25, '2024-03-10', false, MALICIOUS],
  [2, 1, 'A', 9.5, null, null, 'q'],
  [2, 2, 'C', null, '2024-02-29', true, null],
  [3, 1, 'a', 12, '2024-03-09', false, null],
];
const PRODUCTS: Array<[string, number]> = [['A', 10], ['B', 20]];

const priceOver10 = rule({ violation: { kind: 'compare', op: '>', left: col('price'), right: num(10) } });

describe('compileRule: SQL text', () => {
  const literal = rule({ require: { kind: 'compare', op: '=', left: col('product'), right: str(MALICIOUS) } });
  const scope = buildScope(literal, schema);

  it.each([
    ['sqlite', sqliteDialect],
    ['postgres', postgresDialect],
  ] as const)('%s: a string literal is bound, never pasted into the SQL', (_name, dialect) => {
    const compiled = compileRule(literal, scope, dialect, { asOf });
    expect(compiled.violations.sql).not.toContain('DROP');
    expect(compiled.violations.params).toContain(MALICIOUS);
    expect(compiled.count.sql).not.toContain('DROP');
  });

  it('quotes identifiers, doubling embedded quotes', () => {
    const compiled = compileRule(literal, scope, sqliteDialect, { asOf });
    expect(compiled.violations.sql).toContain('"t0"."we""ird" AS "we""ird"');
    expect(compiled.violations.columns.map((c) => c.name)).toEqual(['order_id', 'line', 'product', 'price', 'shipped', 'paid', 'we"ird']);
    expect(compiled.keyColumns).toEqual(['order_id', 'line']);
  });

  it('binds booleans as 1/0 for SQLite and numbers PostgreSQL placeholders in text order', () => {
    const r = rule({
      when: { kind: 'compare', op: '>=', left: col('shipped'), right: { kind: 'date', value: '2024-03-01' } },
      require: { kind: 'compare', op: '=', left: col('paid'), right: { kind: 'boolean', value: true } },
    });
    const s = compileRule(r, scope, sqliteDialect, { asOf, limit: 5 });
    expect(s.violations.params).toEqual(['2024-03-01', 1, 5]);
    expect(s.violations.sql).not.toContain('$');
    const p = compileRule(r, scope, postgresDialect, { asOf, limit: 5 });
    expect(p.violations.params).toEqual(['2024-03-01', true, 5]);
    expect(p.violations.sql).toMatch(/\$1::date.*\$2::boolean.*LIMIT \$3$/);
  });

  it('wraps a custom query as a sub-query', () => {
    const r = rule({ target: { connection: 'c', query: 'SELECT order_id, price FROM lines;  ', key: ['order_id'] }, violation: priceOver10.violation! });
    const s = buildScope(r, schema, [
      { name: 'order_id', type: 'number', nativeType: 'integer', nullable: false },
      { name: 'price', type: 'number', nativeType: 'real', nullable: true },
    ]);
    const compiled = compileRule(r, s, sqliteDialect, { asOf });
    expect(compiled.violations.sql).toContain('FROM (SELECT order_id, price FROM lines) AS "t0"');
  });
});

type Run = (q: CompiledQuery) => Promise<unknown[][]>;

function suite(name: string, dialect: Dialect, getRun: () => Run): void {
  const scope = buildScope(priceOver10, schema);
  const run = (q: CompiledQuery) => getRun()(q);

  describe(`compileRule on ${name}`, () => {
    it('orders violations by key and counts records in scope', async () => {
      const r = rule({ ...priceOver10, when: { kind: 'like', operand: col('product'), pattern: str('A%'), negated: false } });
      const compiled = compileRule(r, buildScope(r, schema), dialect, { asOf });
      const rows = await run(compiled.violations);
      expect(rows.map((row) => [Number(row[0]), Number(row[1])])).toEqual([]);
      const all = compileRule(priceOver10, scope, dialect, { asOf });
      expect((await run(all.violations)).map((row) => [Number(row[0]), Number(row[1])])).toEqual([[1, 2], [3, 1]]);
      expect((await run(compiled.count))[0]!.map(Number)).toEqual([5, 2]);
      expect((await run(all.count))[0]!.map(Number)).toEqual([5, 5]);
    });

    it('flags each of more rules than one flags column holds exactly where its own query finds a violation', async () => {
      const rules = Array.from({ length: FLAGS_PER_COLUMN + 5 }, (_, i) =>
        rule({ id: `over-${i}`, violation: { kind: 'compare', op: '>', left: col('price'), right: num(i / 2) } }),
      );
      const prepared = rules.map((r) => ({ rule: r, scope: buildScope(r, schema) }));
      const together = compileRowsTogether(prepared, dialect, asOf);
      expect(together.query.columns.slice(together.flagsAt).map((c) => c.name)).toEqual(['rule_flags_0', 'rule_flags_1']);
      const keyOf = (row: unknown[]): string => `${Number(row[0])}/${Number(row[1])}`;
      const flagged = rules.map(() => new Set<string>());
      for (const row of await run(together.query)) {
        rules.forEach((_r, i) => {
          if (ruleFlag(row as never, together.flagsAt, i)) flagged[i]!.add(keyOf(row));
        });
      }
      for (const [i, { rule: r, scope: s }] of prepared.entries()) {
        const own = new Set((await run(compileRule(r, s, dialect, { asOf }).violations)).map(keyOf));
        expect([...flagged[i]!].sort(), r.id).toEqual([...own].sort());
      }
      // Thresholds from 0 to 17: the rules in the second column flag rows too.
      expect(flagged[FLAGS_PER_COLUMN + 4]!.size).toBeGreaterThan(0);
    });

    it('selects only the keys, filters by composite keys and limits', async () => {
      const keysOnly = compileRule(priceOver10, scope, dialect, { asOf, keysOnly: true });
      expect(keysOnly.violations.columns.map((c) => c.name)).toEqual(['order_id', 'line']);
      expect((await run(keysOnly.violations)).map((r) => r.map(Number))).toEqual([[1, 2], [3, 1]]);

      const filtered = compileRule(priceOver10, scope, dialect, { asOf, keyFilter: [[3, 1], [1, 1], [9, 9]] });
      expect((await run(filtered.violations)).map((r) => [Number(r[0]), Number(r[1])])).toEqual([[3, 1]]);

      const none = compileRule(priceOver10, scope, dialect, { asOf, keyFilter: [] });
      expect(await run(none.violations)).toEqual([]);

      const limited = compileRule(priceOver10, scope, dialect, { asOf, limit: 1 });
      expect((await run(limited.violations)).map((r) => [Number(r[0]), Number(r[1])])).toEqual([[1, 2]]);
    });

    it('joins: a LEFT JOIN finds lines without a product', async () => {
      const r = rule({
        target: { connection: 'c', table: 'lines', key: ['order_id', 'line'], join: [{ table: 'products', type: 'left', on: { kind: 'compare', op: '=', left: col('code', 'products'), right: col('product') } }] },
        violation: { kind: 'is_null', operand: col('code', 'products'), negated: true },
      });
      const compiled = compileRule(r, buildScope(r, schema), dialect, { asOf });
      expect(compiled.violations.sql).toContain('LEFT JOIN "products" AS "t1" ON');
      expect(compiled.violations.columns.map((c) => c.name)).toContain('products.code');
      const orphans = compileRule({ ...r, violation: { kind: 'is_null', operand: col('code', 'products'), negated: false } }, buildScope(r, schema), dialect, { asOf });
      expect((await run(orphans.violations)).map((row) => [Number(row[0]), Number(row[1])])).toEqual([[2, 2], [3, 1]]);
    });

    it('fetches by a key with a NULL part (a LEFT JOIN orphan)', async () => {
      const r = rule({
        target: { connection: 'c', table: 'lines', key: ['order_id', 'products.code'], join: [{ table: 'products', type: 'left', on: { kind: 'compare', op: '=', left: col('code', 'products'), right: col('product') } }] },
        violation: { kind: 'is_null', operand: col('code', 'products'), negated: false },
      });
      const compiled = compileRule(r, buildScope(r, schema), dialect, { asOf, keysOnly: true, keyFilter: [[3, null], [1, 'A']] });
      expect(compiled.keyColumns).toEqual(['order_id', 'products.code']);
      expect((await run(compiled.violations)).map((row) => [Number(row[0]), row[1]])).toEqual([[3, null]]);
    });

    it('group rules: groups, aggregates under their aliases and group counts', async () => {
      const count: Expr = { kind: 'aggregate', fn: 'count', arg: null, distinct: false };
      const r = rule({
        target: { connection: 'c', table: 'lines', key: ['product'] },
        groupBy: ['product'],
        when: { kind: 'is_null', operand: col('price'), negated: true },
        violation: { kind: 'compare', op: '>', left: count, right: num(1) },
      });
      const compiled = compileRule(r, buildScope(r, schema), dialect, { asOf });
      expect(compiled.violations.columns.map((c) => c.name)).toEqual(['product', 'count(*)']);
      expect(compiled.keyColumns).toEqual(['product']);
      expect((await run(compiled.violations)).map((row) => [row[0], Number(row[1])])).toEqual([['A', 2]]);
      expect((await run(compiled.count))[0]!.map(Number)).toEqual([4, 3]);
      const filtered = compileRule(r, buildScope(r, schema), dialect, { asOf, keyFilter: [['B'], ['A']] });
      expect((await run(filtered.violations)).length).toBe(1);
    });
  });
}

let sqlite: Database.Database;
beforeAll(() => {
  sqlite = new Database(':memory:');
  registerSqliteFunctions(sqlite);
  sqlite.exec(`CREATE TABLE lines (order_id INTEGER, line INTEGER, product TEXT COLLATE NOCASE, price REAL, shipped DATE, paid BOOLEAN, "we""ird" TEXT, PRIMARY KEY (order_id, line));
    CREATE TABLE products (code TEXT PRIMARY KEY, price REAL);`);
  const insert = sqlite.prepare('INSERT INTO lines VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const row of ROWS) insert.run(...row.map((v) => (typeof v === 'boolean' ? Number(v) : v)));
  for (const p of PRODUCTS) sqlite.prepare('INSERT INTO products VALUES (?, ?)').run(...p);
});
afterAll(() => sqlite.close());
suite('SQLite (with a NOCASE column)', sqliteDialect, () => async (q) => sqlite.prepare(q.sql).raw(true).all(...q.params) as unknown[][]);

describe.skipIf(!hasPostgres())('PostgreSQL', () => {
  let database: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: database.url, types: sourceTypes });
    await client.connect();
    await client.query(`CREATE TABLE lines (order_id integer, line integer, product text, price numeric, shipped date, paid boolean, "we""ird" text, PRIMARY KEY (order_id, line));
      CREATE TABLE products (code text PRIMARY KEY, price numeric);`);
    for (const row of ROWS) await client.query('INSERT INTO lines VALUES ($1, $2, $3, $4, $5, $6, $7)', row);
    for (const p of PRODUCTS) await client.query('INSERT INTO products VALUES ($1, $2)', p);
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });
  suite('PostgreSQL', postgresDialect, () => async (q) => (await client.query({ text: q.sql, values: q.params, rowMode: 'array' })).rows as unknown[][]);
});
