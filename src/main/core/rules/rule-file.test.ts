import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import type { Rule } from '../../../shared/rule.js';
import { exprArbitrary } from './expr-arbitrary.js';
import { checkReadOnlyQuery, parseRuleFile, printRuleFile } from './rule-file.js';

function problemsOf(text: string): string[] {
  try {
    parseRuleFile(text);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_INPUT');
    return (error as AppError).details!.problems as string[];
  }
  throw new Error('expected the file to be rejected');
}

const ISSUE_EXAMPLE = `
rules:
  - id: late-shipments                # stable id (generated when absent)
    title: Orders shipped after the required date
    severity: medium
    target: { connection: shop, table: orders, key: [id] }
    when: shipped_at IS NOT NULL
    require: shipped_at <= required_at
  - id: list-price
    target:
      connection: shop
      table: order_lines
      key: [order_id, product_id]
      join: [{ table: products, on: products.id = order_lines.product_id, type: inner }]
    violation: order_lines.unit_price <> products.unit_price
  - id: split-purchases
    target: { connection: shop, query: "SELECT customer_id, day, value FROM purchases", key: [customer_id, day] }
    group_by: [customer_id, day]
    violation: count(*) > 1 AND max(value) <= 5000 AND sum(value) > 5000
`;

describe('parseRuleFile', () => {
  it('reads the documented format with its defaults', () => {
    const [late, list, split] = parseRuleFile(ISSUE_EXAMPLE);
    expect(late).toEqual({
      id: 'late-shipments',
      title: 'Orders shipped after the required date',
      severity: 'medium',
      status: 'draft',
      origin: 'manual',
      version: 1,
      target: { connection: 'shop', table: 'orders', key: ['id'] },
      when: { kind: 'is_null', operand: { kind: 'column', name: 'shipped_at' }, negated: true },
      require: {
        kind: 'compare',
        op: '<=',
        left: { kind: 'column', name: 'shipped_at' },
        right: { kind: 'column', name: 'required_at' },
      },
    });
    expect(list!.title).toBe('list-price');
    expect(list!.target.join).toEqual([
      {
        table: 'products',
        type: 'inner',
        on: {
          kind: 'compare',
          op: '=',
          left: { kind: 'column', table: 'products', name: 'id' },
          right: { kind: 'column', table: 'order_lines', name: 'product_id' },
        },
      },
    ]);
    expect(list!.violation).toMatchObject({ kind: 'compare', op: '<>' });
    expect(split!.groupBy).toEqual(['customer_id', 'day']);
    expect(split!.target.query).toContain('SELECT');
    expect(split!.target.table).toBeUndefined();
  });

  it('reads the shipped demo rules', () => {
    const rules = parseRuleFile(readFileSync(new URL('../../../../resources/demo-rules.yaml', import.meta.url), 'utf8'));
    expect(rules.length).toBeGreaterThan(5);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });

  it('reads JSON, YAML booleans as expressions, single names as lists, and the default status', () => {
    const json = JSON.stringify({
      rules: [{ id: 'a', target: { connection: 'c', table: 't', key: 'id' }, require: true, severity: 'low' }],
    });
    const [rule] = parseRuleFile(json, { defaultStatus: 'active' });
    expect(rule).toMatchObject({ id: 'a', status: 'active', severity: 'low', require: { kind: 'boolean', value: true } });
    expect(rule!.target.key).toEqual(['id']);
  });

  it('leaves an absent key empty and defaults a join to inner', () => {
    const [rule] = parseRuleFile(`
rules:
  - id: k
    target: { connection: c, table: t, join: [{ table: u, on: u.id = t.u_id }] }
    violation: u.x = 1
`);
    expect(rule!.target.key).toEqual([]);
    expect(rule!.target.join![0]!.type).toBe('inner');
  });

  it('generates a stable id from the title and the definition', () => {
    const text = (require: string) => `
rules:
  - title: "Expenses over $75: need a Receipt!"
    target: { connection: demo, table: expenses }
    require: ${require}
`;
    const [a] = parseRuleFile(text('receipt = TRUE'));
    const [b] = parseRuleFile(text('receipt   =   true'));
    const [c] = parseRuleFile(text('receipt = FALSE'));
    expect(a!.id).toMatch(/^expenses-over-75-need-a-receipt-[0-9a-f]{8}$/);
    expect(b!.id).toBe(a!.id);
    expect(c!.id).not.toBe(a!.id);
    const [untitled] = parseRuleFile('rules: [{ target: { connection: c, table: t }, require: x = 1 }]');
    expect(untitled!.id).toMatch(/^rule-[0-9a-f]{8}$/);
    expect(untitled!.title).toBe(untitled!.id);
  });

  it('lists every problem, naming the rule and the field', () => {
    const problems = problemsOf(`
rules:
  - id: ok
    target: { connection: c, table: t }
    require: a = 1
  - target: { connection: c, table: t }
    require: a =
  - id: split
    severity: urgent
    target: { connection: c }
    require: a = 1
    violation: b = 1
  - id: typo
    target: { connection: c, table: t }
    requires: a = 1
`);
    expect(problems).toContain("rules[1]: require: Expected an expression after '=' at column 4, found end of text.");
    expect(problemsOf(`
rules:
  - title: T
    severity: urgent
    target: { connection: c, table: t, join: [{ table: u, on: "u.id = " }] }
    require: a IN (1, 2
`)).toEqual([
      'rules[0] (title "T"): severity must be one of critical, high, medium, low',
      "rules[0] (title \"T\"): require: Expected ')' after the IN list at column 11, found end of text.",
      "rules[0] (title \"T\"): target.join[0].on: Expected an expression after '=' at column 8, found end of text.",
    ]);
    expect(problems).toContain('rules[2] (id "split"): severity must be one of critical, high, medium, low');
    expect(problems).toContain('rules[3] (id "typo"): unknown field "requires"; did you mean "require"?');
    expect(problems).toHaveLength(3);
  });

  it('reports semantic problems of a structurally valid rule together', () => {
    const problems = problemsOf(`
rules:
  - id: both
    target: { connection: c, table: t, query: SELECT 1 }
    require: a = 1
    violation: b = 1
  - id: neither
    target: { connection: c }
  - id: bad id!
    target: { connection: c, table: t }
    require: "DATE '2024-02-30' > d"
    when: "upperr(x) = 'A'"
`);
    expect(problems).toEqual([
      'rules[0] (id "both"): target has both table and query; keep one',
      'rules[0] (id "both"): has both require and violation; keep require (what must hold) or violation (what is wrong), not both',
      'rules[1] (id "neither"): target needs a table (or a read-only query)',
      'rules[1] (id "neither"): needs require (what must hold) or violation (what marks a record as violating)',
      'rules[2] (id "bad id!"): id must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (at most 100 characters)',
      expect.stringMatching(/^rules\[2\] \(id "bad id!"\): when: Unknown function 'upperr' at column 1\. Known functions: lower/),
      expect.stringMatching(/^rules\[2\] \(id "bad id!"\): require: '2024-02-30' is not a valid date at column 6/),
    ]);
  });

  it('rejects duplicate ids, missing fields and wrong types', () => {
    expect(
      problemsOf(`
rules:
  - { id: a, target: { connection: c, table: t }, require: x = 1 }
  - { id: a, target: { connection: c, table: t }, require: x = 2 }
`),
    ).toEqual(['rules[1] (id "a"): id "a" is already used by rules[0]; ids must be unique']);
    expect(problemsOf('rules: [{ id: a, require: x = 1 }]')).toEqual(['rules[0] (id "a"): target is required']);
    expect(problemsOf('rules: [{ id: a, target: { connection: c, table: t, key: [1] }, require: x = 1, confidence: 2 }]')).toEqual([
      'rules[0] (id "a"): target.key must be a column name or a list of column names',
      'rules[0] (id "a"): confidence must be at most 1',
    ]);
    expect(problemsOf('rules: [{ id: a, target: { connection: c, table: t, jion: [] }, require: x = 1 }]')).toEqual([
      'rules[0] (id "a"): target: unknown field "jion"; did you mean "join"?',
    ]);
    expect(problemsOf('rules: [{ id: a, target: { connection: c, table: t }, when:, require: x = 1 }]')[0]).toContain('when is empty');
    expect(problemsOf('rules: [5]')).toEqual(['rules[0]: must be a mapping with id, target and require or violation']);
    expect(problemsOf('- a\n- b')[0]).toContain('"rules:" list');
  });

  it('gives the line of a YAML syntax error', () => {
    const problems = problemsOf('rules:\n  - id: a\n    when: "x\n');
    expect(problems[0]).toMatch(/^YAML syntax error at line \d+, column \d+: Missing closing "quote/);
    expect(problemsOf('rules:\n  - id: a\n    id: b\n')[0]).toMatch(/^YAML syntax error at line 3, column 5: Map keys must be unique/);
  });

  it('refuses queries that are not one read-only SELECT', () => {
    const q = (query: string) => problemsOf(`rules: [{ id: q, target: { connection: c, query: ${JSON.stringify(query)} }, violation: x = 1 }]`)[0];
    expect(q('DELETE FROM t')).toContain('must start with SELECT or WITH');
    expect(q('SELECT 1; DROP TABLE t')).toContain('single statement');
    expect(q('WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x')).toContain('contains the word DELETE');
    expect(checkReadOnlyQuery('select * from t where pragma_x = 1 or created_by = 2; ')).toBeNull();
  });
});

describe('checkReadOnlyQuery', () => {
  it('accepts plain SELECTs and WITH queries with one trailing semicolon', () => {
    expect(checkReadOnlyQuery('SELECT * FROM t')).toBeNull();
    expect(checkReadOnlyQuery('  with a as (select 1) select * from a;  ')).toBeNull();
    expect(checkReadOnlyQuery("SELECT * FROM t WHERE status = 'deleted' AND updated_at > created_at")).toBeNull();
  });

  it.each(['INSERT', 'update', 'Merge', 'DROP', 'ALTER', 'CREATE', 'TRUNCATE', 'GRANT', 'REVOKE', 'COPY', 'ATTACH', 'PRAGMA', 'VACUUM', 'CALL'])(
    'refuses the word %s',
    (word) => {
      expect(checkReadOnlyQuery(`SELECT 1 FROM t WHERE x IN (SELECT 1) ${word} y`)).toContain(`contains the word ${word.toUpperCase()}`);
    },
  );

  it('refuses a second statement and a non-SELECT start', () => {
    expect(checkReadOnlyQuery('SELECT 1;;')).toContain('single statement');
    expect(checkReadOnlyQuery('EXPLAIN SELECT 1')).toContain('must start with SELECT');
    expect(checkReadOnlyQuery('SELECTED')).toContain('must start with SELECT');
  });
});

describe('printRuleFile', () => {
  it('prints the canonical file, which parses back to the same rules', () => {
    const rules = parseRuleFile(ISSUE_EXAMPLE);
    const text = printRuleFile(rules);
    expect(text).toContain('key: [ id ]');
    expect(text).toContain('require: shipped_at <= required_at');
    expect(text).toContain('on: products.id = order_lines.product_id');
    expect(parseRuleFile(text)).toEqual(rules);
    expect(printRuleFile(parseRuleFile(text))).toBe(text);
  });

  it('keeps every field through print and parse, for random expressions too', () => {
    const base: Rule = {
      id: 'r1',
      title: "It's: a \"title\"",
      description: 'multi\nline',
      severity: 'critical',
      status: 'inactive',
      origin: 'llm',
      version: 3,
      confidence: 0.75,
      tags: ['travel', 'receipts'],
      source: { policyId: 'p-1', page: 4, quote: 'Expenses over $75 need a receipt.' },
      target: { connection: 'demo', table: 'TRUE', key: [] },
      require: { kind: 'boolean', value: true },
    };
    fc.assert(
      fc.property(exprArbitrary({ maxDepth: 3 }), exprArbitrary({ maxDepth: 2 }), (require, on) => {
        const rule: Rule = { ...base, require, target: { ...base.target, join: [{ table: 'u', on, type: 'left' }] } };
        const text = printRuleFile([rule]);
        expect(parseRuleFile(text)).toEqual([rule]);
      }),
      { numRuns: 300 },
    );
  });
});
