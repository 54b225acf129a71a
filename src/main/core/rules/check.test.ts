import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../shared/rule.js';
import type { SourceSchema } from '../../../shared/schema.js';
import { checkRule, closestNames, inferType } from './check.js';
import { parseExpression } from './parser.js';
import { buildScope } from './scope.js';

const schema: SourceSchema = {
  tables: [
    {
      name: 'expenses',
      primaryKey: ['id'],
      rowEstimate: null,
      columns: [
        { name: 'id', type: 'number', nativeType: 'INTEGER', nullable: false },
        { name: 'amount', type: 'number', nativeType: 'REAL', nullable: true },
        { name: 'status', type: 'text', nativeType: 'TEXT', nullable: true },
        { name: 'receipt', type: 'boolean', nativeType: 'BOOLEAN', nullable: true },
        { name: 'spent_on', type: 'date', nativeType: 'DATE', nullable: true },
        { name: 'booked_at', type: 'timestamp', nativeType: 'TIMESTAMP', nullable: true },
        { name: 'iso_day', type: 'text', nativeType: 'TEXT', nullable: true },
        { name: 'note', type: 'unknown', nativeType: '', nullable: true },
        { name: 'employee_id', type: 'number', nativeType: 'INTEGER', nullable: true },
        { name: 'Cost Center', type: 'text', nativeType: 'TEXT', nullable: true },
      ],
    },
    {
      name: 'employees',
      primaryKey: ['id'],
      rowEstimate: null,
      columns: [
        { name: 'id', type: 'number', nativeType: 'INTEGER', nullable: false },
        { name: 'name', type: 'text', nativeType: 'TEXT', nullable: true },
        { name: 'status', type: 'text', nativeType: 'TEXT', nullable: true },
      ],
    },
  ],
};

function rule(fields: { when?: string; require?: string; violation?: string; groupBy?: string[]; key?: string[]; join?: string }): Rule {
  const r: Rule = {
    id: 'late',
    title: 'Late',
    severity: 'medium',
    status: 'draft',
    origin: 'manual',
    version: 1,
    target: { connection: 'demo', table: 'expenses', key: fields.key ?? ['id'] },
  };
  if (fields.when !== undefined) r.when = parseExpression(fields.when);
  if (fields.require !== undefined) r.require = parseExpression(fields.require);
  if (fields.violation !== undefined) r.violation = parseExpression(fields.violation);
  if (fields.groupBy) r.groupBy = fields.groupBy;
  if (fields.join !== undefined) r.target.join = [{ table: 'employees', on: parseExpression(fields.join), type: 'left' }];
  return r;
}

function problems(fields: Parameters<typeof rule>[0]): string[] {
  const r = rule(fields);
  return checkRule(r, buildScope(r, schema)).map((p) => `${p.field}: ${p.message}`);
}

describe('checkRule accepts valid rules', () => {
  it.each([
    { when: 'amount > 75', require: 'receipt = TRUE' },
    { require: "status IN ('open', 'closed') AND amount BETWEEN 0 AND 10000" },
    { require: "lower(status) LIKE 'ok%' OR status MATCHES '^[A-Z]{2}[0-9]+$'" },
    { require: "spent_on <= today() AND days_between(spent_on, booked_at) < 30" },
    { require: "iso_day >= DATE '2024-01-01' AND year(iso_day) = 2024" },
    { require: 'iso_day < spent_on' },
    { require: 'note = 5 AND note LIKE \'x%\' AND note' },
    { require: 'round(amount, 2) = amount AND abs(-amount) >= 0 AND coalesce(amount, 0) > 0' },
    { require: '"Cost Center" IS NOT NULL AND amount / 2 > 1' },
    { violation: 'x.status <> employees.status'.replace('x.', 'expenses.'), join: 'employees.id = expenses.employee_id' },
    { violation: 'count(*) > 1 AND max(amount) <= 5000 AND sum(amount) > 5000', groupBy: ['employee_id'], key: [] },
    { violation: 'count(DISTINCT status) > 2 AND employee_id > 0', groupBy: ['employee_id'], key: ['employee_id'] },
  ])('%o', (fields) => {
    expect(problems(fields)).toEqual([]);
  });
});

describe('checkRule rejects', () => {
  it('text compared with a number, saying what to write', () => {
    expect(problems({ require: 'status = 5' })).toEqual([
      `require: Rule "late": require compares text column "status" with the number 5; compare it with a string ('5') or use a number column.`,
    ]);
    expect(problems({ require: "amount = '75'" })[0]).toContain('write the number 75 without quotes');
  });

  it('boolean against date and numbers against booleans', () => {
    expect(problems({ require: 'receipt = spent_on' })[0]).toContain('compares boolean column "receipt" with date column "spent_on"');
    expect(problems({ require: 'receipt = 1' })[0]).toContain('write TRUE instead of 1');
  });

  it('a string compared with a real date column', () => {
    expect(problems({ require: "spent_on > '2024-01-01'" })[0]).toContain("write a date literal: DATE '2024-01-01'");
  });

  it('unknown columns, suggesting the closest names', () => {
    const [message] = problems({ require: 'amout > 5' });
    expect(message).toBe('require: Rule "late": require refers to column "amout", which does not exist in expenses; did you mean "amount"?');
    expect(problems({ require: 'zzzzzz > 5' })[0]).toContain('its columns are id, amount, status');
    expect(problems({ require: 'nope.amount > 5' })[0]).toContain('table "nope", which is not part of this rule\'s target');
  });

  it('ambiguous columns, asking to qualify them', () => {
    const r = rule({ violation: 'name = status', join: 'employees.id = expenses.employee_id' });
    const scope = buildScope(r, schema);
    // Two joined tables both holding "status" besides the base: simulate by dropping it from the base.
    const trimmed = { ...scope, columns: scope.columns.filter((c) => !(c.table === 'expenses' && c.name === 'status')).concat([{ table: 'other', name: 'status', type: 'text' as const, alias: 'other.status' }]), tables: [...scope.tables, 'other'] };
    const found = checkRule(r, trimmed);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('qualify it with table., e.g. employees.status or other.status');
  });

  it('arithmetic on text and dates, and LIKE / MATCHES on non-text', () => {
    expect(problems({ require: 'status + 1 > 0' })[0]).toContain('uses + on text column "status"');
    expect(problems({ require: 'spent_on - 1 > 0' })[0]).toContain('days_between');
    expect(problems({ require: "amount LIKE '1%'" })[0]).toContain('LIKE works on text only');
    expect(problems({ require: "spent_on MATCHES '^2024'" })[0]).toContain('MATCHES works on text only, for dates');
  });

  it('non-literal and non-portable patterns', () => {
    expect(problems({ require: 'status LIKE status' })[0]).toContain('the pattern must be a string literal');
    expect(problems({ require: "status MATCHES '(?=a)'" })[0]).toContain('outside the portable subset: The pattern uses \'(?\'');
  });

  it('date functions on non-dates and wrong arity', () => {
    expect(problems({ require: 'year(amount) = 2024' })[0]).toContain(
      'require passes to year() number column "amount"; year() takes a date, a timestamp or ISO date text.',
    );
    expect(problems({ require: 'days_between(spent_on) > 1' })[0]).toContain('calls days_between with 1 argument; write days_between(from_date, to_date)');
    expect(problems({ require: 'lower(status, 1) = \'a\'' })[0]).toContain('calls lower with 2 arguments');
    expect(problems({ require: 'today(1) = spent_on' })[0]).toContain('write today()');
    expect(problems({ require: 'coalesce(amount) > 1' })[0]).toContain('at least two values');
    expect(problems({ require: "coalesce(amount, 'x') > 1" })[0]).toContain('mixes in coalesce()');
  });

  it('round digits that are not a small whole literal', () => {
    expect(problems({ require: 'round(amount, 1.5) > 0' })[0]).toContain('whole number literal from 0 to 15');
    expect(problems({ require: 'round(amount, amount) > 0' })[0]).toContain('whole number literal');
    expect(problems({ require: 'round(amount, -1) > 0' })[0]).toContain('whole number literal');
  });

  it('conditions that are not boolean', () => {
    expect(problems({ require: 'amount' })[0]).toContain('require is number column "amount", not a condition; write a condition such as amount > 0');
    expect(problems({ when: 'status', require: 'receipt' })[0]).toMatch(/^when: Rule "late": when is text column "status"/);
    expect(problems({ require: 'amount > 1 AND status' })[0]).toContain('applies AND to text column "status"');
  });

  it('comparisons with NULL', () => {
    expect(problems({ require: 'amount <> NULL' })[0]).toContain('write amount IS NOT NULL');
  });

  it('aggregates outside a group rule, nested aggregates, ungrouped columns', () => {
    expect(problems({ require: 'count(*) > 1' })[0]).toContain('only allowed in a group rule; add group_by');
    expect(problems({ violation: 'max(sum(amount)) > 1', groupBy: ['employee_id'], key: [] })[0]).toContain('nests aggregates');
    expect(problems({ violation: 'amount > 1', groupBy: ['employee_id'], key: [] })[0]).toContain('uses column "amount" outside an aggregate');
    expect(problems({ violation: 'sum(status) > 1', groupBy: ['employee_id'], key: [] })[0]).toContain('sum() needs numbers');
  });

  it('bad keys and group_by columns', () => {
    expect(problems({ require: 'receipt', key: ['idd'] })).toEqual([
      'target.key: Rule "late": key refers to column "idd", which does not exist in expenses; did you mean "id"?',
    ]);
    expect(problems({ violation: 'count(*) > 1', groupBy: ['employe_id'], key: [] })[0]).toMatch(/^group_by: .*did you mean "employee_id"/);
    expect(problems({ violation: 'count(*) > 1', groupBy: ['employee_id'], key: ['id'] })[0]).toContain('write key: [employee_id] or leave key out');
  });

  it('join conditions', () => {
    expect(problems({ violation: 'receipt', join: 'employees.id = expenses.status' })[0]).toMatch(/^target.join: Rule "late": join #1 \(employees\) on compares/);
    expect(problems({ violation: 'receipt', join: 'employees.id' })[0]).toContain('not a condition');
  });

  it('both or neither of require and violation', () => {
    expect(problems({})[0]).toContain('needs exactly one of require and violation');
    expect(problems({ require: 'receipt', violation: 'receipt' })[0]).toContain('needs exactly one');
  });

  it('reports every problem, not just the first', () => {
    expect(problems({ when: 'amout > 1', require: "status = 1 AND count(*) > 0" })).toHaveLength(3);
  });
});

describe('inferType', () => {
  it('infers from literals, columns, functions and aggregates', () => {
    const scope = buildScope(rule({ require: 'receipt' }), schema);
    const t = (text: string) => inferType(parseExpression(text), scope);
    expect(t('amount')).toBe('number');
    expect(t('lower(status)')).toBe('text');
    expect(t('date(booked_at)')).toBe('date');
    expect(t('coalesce(NULL, booked_at)')).toBe('timestamp');
    expect(t('max(spent_on)')).toBe('date');
    expect(t('missing')).toBe('unknown');
    expect(t('a = b')).toBe('boolean');
  });
});

describe('closestNames', () => {
  it('finds near misses case-insensitively', () => {
    expect(closestNames('Amout', ['amount', 'id', 'mount_x'])).toEqual(['amount']);
    expect(closestNames('qqq', ['amount'])).toEqual([]);
  });
});
