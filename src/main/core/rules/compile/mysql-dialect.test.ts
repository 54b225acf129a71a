import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Expr } from '../../../../shared/rule-ast.js';
import type { Rule } from '../../../../shared/rule.js';
import type { SourceSchema } from '../../../../shared/schema.js';
import { createMysqlTestDatabase, hasMysql, type MysqlTestDatabase } from '../../../../../test-support/mysql-database.js';
import { openMysqlSource, type MysqlSource } from '../../sources/mysql-source.js';
import { parseExpression } from '../parser.js';
import { buildScope } from '../scope.js';
import { compileRule } from './compile-rule.js';
import { mysqlDialect, quoteMysqlIdentifier } from './mysql-dialect.js';
import { mysqlRegexPattern } from './mysql-regex.js';
import { mysqlRuleWarnings } from './mysql-warnings.js';

const schema: SourceSchema = {
  tables: [
    {
      name: 'vendors',
      columns: [
        { name: 'id', type: 'number', nativeType: 'int', nullable: false },
        { name: 'code', type: 'text', nativeType: 'varchar(20)', nullable: true },
        { name: 'amount', type: 'number', nativeType: 'decimal(10,2)', nullable: true },
        { name: 'since', type: 'date', nativeType: 'date', nullable: true },
        { name: 'we`ird', type: 'text', nativeType: 'text', nullable: true },
      ],
      primaryKey: ['id'],
      rowEstimate: null,
    },
  ],
};

function rule(require: string, extra: Partial<Rule> = {}): Rule {
  return {
    id: 'r',
    title: 'r',
    severity: 'low',
    status: 'active',
    origin: 'manual',
    version: 1,
    target: { connection: 'c', table: 'vendors', key: ['id'] },
    require: parseExpression(require) as Expr,
    ...extra,
  };
}

function compile(r: Rule) {
  return compileRule(r, buildScope(r, schema), mysqlDialect, { asOf: '2024-03-09' });
}

describe('MySQL dialect', () => {
  it('quotes identifiers with backticks and binds every value with ?', () => {
    expect(quoteMysqlIdentifier('we`ird')).toBe('`we``ird`');
    const { violations } = compile(rule("code = 'O''Brien' AND \"we`ird\" <> 'x; DROP TABLE vendors'"));
    expect(violations.sql).toContain('`t0`.`we``ird`');
    expect(violations.sql).not.toContain('Brien');
    expect(violations.sql).not.toContain('DROP');
    expect(violations.params).toEqual(["O'Brien", 'x; DROP TABLE vendors']);
    expect(violations.sql).not.toMatch(/\$\d/);
  });

  it('compares text as bytes and numbers as doubles', () => {
    const { violations } = compile(rule("code = 'abc' AND amount / 3 > 0.1"));
    expect(violations.sql).toContain('CAST(CONVERT(CONVERT(`t0`.`code` USING utf8mb4) USING utf8mb4) AS BINARY)');
    expect(violations.sql).toContain('CAST(? AS DOUBLE)');
    expect(violations.sql).toContain('NULLIF(');
  });

  it('makes LIKE patterns escape-free and MATCHES patterns PCRE-safe', () => {
    expect(mysqlDialect.likePattern('a|b%')).toBe('a||b%');
    expect(mysqlRegexPattern('^\\d+$')).toBe('(?s)^[0-9]+\\z');
    expect(mysqlRegexPattern('[$]\\s')).toBe('(?s)[$][ \t\n\r\f\u000b]');
    expect(mysqlRegexPattern('a\\.b\\$')).toBe('(?s)a\\.b\\$');
    const { violations } = compile(rule("code MATCHES '^A.c$' AND code LIKE 'a|%'"));
    expect(violations.params).toEqual(['(?s)^A.c\\z', 'a||%']);
    expect(violations.sql).toContain("ESCAPE '|'");
  });

  it('groups text by its bytes and also on the raw column, so HAVING can name it', () => {
    const group = rule('count(*) < 2', { groupBy: ['code'], target: { connection: 'c', table: 'vendors', key: ['code'] } });
    const { violations } = compile({ ...group, require: undefined, violation: parseExpression("count(*) > 1 AND code <> 'x'") as Expr });
    expect(violations.sql).toMatch(/GROUP BY CAST\(CONVERT\(`t0`.`code` USING utf8mb4\) AS BINARY\), `t0`.`code`/);
    const whole = compile({ ...group, groupBy: [], target: { connection: 'c', table: 'vendors', key: [] } });
    expect(whole.violations.sql).toContain("CAST(CASE WHEN count(*) >= 0 THEN 'all' END AS CHAR)");
  });
});

describe('MySQL rule warnings', () => {
  it('names text read as a date, and nothing else', () => {
    const warned = rule("code >= since AND since > DATE '2024-01-01' AND since <> '2024-03-09'");
    const warnings = mysqlRuleWarnings(warned, buildScope(warned, schema));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('On MySQL/MariaDB, code is text read as a date');
    const year = rule('year(code) = 2024');
    expect(mysqlRuleWarnings(year, buildScope(year, schema))).toHaveLength(1);
    const clean = rule("code = 'abc' AND amount > 2 AND since < today()");
    expect(mysqlRuleWarnings(clean, buildScope(clean, schema))).toEqual([]);
  });
});

/** What the server does with the compiled SQL where MySQL's defaults differ from the evaluator. */
describe.skipIf(!hasMysql())('MySQL dialect on a real server', () => {
  let db: MysqlTestDatabase;
  let source: MysqlSource;

  beforeAll(async () => {
    db = await createMysqlTestDatabase();
    const admin = await mysql.createConnection(db.adminUrl);
    await admin.query('CREATE TABLE vendors (id INT PRIMARY KEY, code VARCHAR(20), amount DECIMAL(10,2), since DATE, `we``ird` TEXT) COLLATE utf8mb4_general_ci');
    await admin.query(
      "INSERT INTO vendors VALUES (1, 'abc', 2.50, '2024-03-09', 'É'), (2, 'ABC', 3.50, NULL, 'é'), (3, 'abc ', -2.5, '2024-02-29', 'a\\nb'), (4, NULL, 7, '2023-12-31', 'x|y'), (5, 'z', 1, '0000-00-00', 'z'), (6, 'z', 1, '2024-00-10', 'z')",
    );
    await admin.end();
    source = openMysqlSource({ url: db.url }, { password: db.password });
  });

  afterAll(async () => {
    await source?.close();
    await db?.drop();
  });

  async function violating(text: string): Promise<number[]> {
    const { violations } = compileRule({ ...rule('TRUE'), require: undefined, violation: parseExpression(text) as Expr }, buildScope(rule('TRUE'), schema), mysqlDialect, {
      asOf: '2024-03-09',
      keysOnly: true,
    });
    const ids: number[] = [];
    for await (const batch of source.stream(violations, { batchSize: 100 })) ids.push(...batch.map((row) => row[0] as number));
    return ids;
  }

  it('is case- and trailing-space-sensitive although the column collation is not', async () => {
    expect(await violating("code = 'abc'")).toEqual([1]);
    expect(await violating("code > 'abc'")).toEqual([3, 5, 6]);
    expect(await violating("code LIKE 'a%'")).toEqual([1, 3]);
    expect(await violating("code MATCHES '^abc$'")).toEqual([1]);
  });

  it('changes only ASCII letters in lower/upper, and gives code point order', async () => {
    expect(await violating("lower(\"we`ird\") = 'é'")).toEqual([2]);
    expect(await violating("upper(code) = 'ABC'")).toEqual([1, 2]);
  });

  it('rounds half away from zero and divides by zero to NULL', async () => {
    expect(await violating('round(amount) = 3 OR round(amount) = -3')).toEqual([1, 3]);
    expect(await violating('round(amount) = 4')).toEqual([2]);
    expect(await violating('(amount / 0) IS NULL')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await violating('amount / 4 = 0.625')).toEqual([1]);
  });

  it('matches a pipe literally in LIKE and a line break with . in MATCHES', async () => {
    expect(await violating("\"we`ird\" LIKE 'x|y'")).toEqual([4]);
    expect(await violating("\"we`ird\" MATCHES '^a.b$'")).toEqual([3]);
  });

  it('reads zero dates as missing, as the evaluator does', async () => {
    expect(await violating('since IS NULL')).toEqual([2, 5, 6]);
    expect(await violating("since < DATE '2000-01-01'")).toEqual([]);
  });

  it('counts days and months of dates', async () => {
    expect(await violating('days_between(since, today()) = 9')).toEqual([3]);
    expect(await violating('month(since) = 12')).toEqual([4]);
  });
});
