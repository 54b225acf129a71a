import { describe, expect, it } from 'vitest';
import type { Expr } from '../../../shared/rule-ast.js';
import type { Rule } from '../../../shared/rule.js';
import type { CellValue, Row, SourceSchema } from '../../../shared/schema.js';
import { evaluate, isViolation, violatingGroups } from './evaluate.js';
import { buildScope } from './scope.js';

const schema: SourceSchema = {
  tables: [
    {
      name: 't',
      columns: [
        { name: 'id', type: 'number', nativeType: 'integer', nullable: false },
        { name: 'n', type: 'number', nativeType: 'integer', nullable: true },
        { name: 's', type: 'text', nativeType: 'text', nullable: true },
        { name: 'd', type: 'date', nativeType: 'date', nullable: true },
        { name: 'ts', type: 'timestamp', nativeType: 'timestamp', nullable: true },
        { name: 'b', type: 'boolean', nativeType: 'boolean', nullable: true },
      ],
      primaryKey: ['id'],
      rowEstimate: null,
    },
  ],
};

const base: Rule = { id: 'r', title: 'r', severity: 'low', status: 'active', origin: 'manual', version: 1, target: { connection: 'c', table: 't', key: ['id'] } };
const scope = buildScope(base, schema);
const ctx = { scope, asOf: '2024-03-09' };

const lit = (v: CellValue): Expr =>
  v === null ? { kind: 'null' } : typeof v === 'number' ? { kind: 'number', value: v } : typeof v === 'boolean' ? { kind: 'boolean', value: v } : { kind: 'string', value: v };
const col = (name: string): Expr => ({ kind: 'column', name });
const date = (value: string): Expr => ({ kind: 'date', value });
const call = (fn: Extract<Expr, { kind: 'call' }>['fn'], ...args: Expr[]): Expr => ({ kind: 'call', fn, args });
const cmp = (op: Extract<Expr, { kind: 'compare' }>['op'], left: Expr, right: Expr): Expr => ({ kind: 'compare', op, left, right });
const ev = (e: Expr, row: Row = {}): CellValue => evaluate(e, row, ctx);

describe('three-valued logic', () => {
  const T = true;
  const F = false;
  const N = null;
  it.each([
    [T, T, T, T], [T, F, F, T], [T, N, N, T],
    [F, T, F, T], [F, F, F, F], [F, N, F, N],
    [N, T, N, T], [N, F, F, N], [N, N, N, N],
  ] as const)('%s AND/OR %s = %s / %s', (a, b, and, or) => {
    expect(ev({ kind: 'logical', op: 'AND', left: lit(a), right: lit(b) })).toBe(and);
    expect(ev({ kind: 'logical', op: 'OR', left: lit(a), right: lit(b) })).toBe(or);
  });

  it('NOT NULL is NULL', () => {
    expect(ev({ kind: 'not', operand: lit(null) })).toBeNull();
    expect(ev({ kind: 'not', operand: lit(false) })).toBe(true);
  });

  it('comparisons and arithmetic with NULL are NULL', () => {
    expect(ev(cmp('=', col('n'), lit(1)), { n: null })).toBeNull();
    expect(ev(cmp('<>', lit(null), lit(null)))).toBeNull();
    expect(ev({ kind: 'arithmetic', op: '+', left: col('n'), right: lit(1) }, { n: null })).toBeNull();
  });

  it('IN and NOT IN with a NULL in the list', () => {
    const list = [lit(1), lit(null)];
    expect(ev({ kind: 'in', operand: col('n'), list, negated: false }, { n: 1 })).toBe(true);
    expect(ev({ kind: 'in', operand: col('n'), list, negated: false }, { n: 2 })).toBeNull();
    expect(ev({ kind: 'in', operand: col('n'), list, negated: true }, { n: 1 })).toBe(false);
    expect(ev({ kind: 'in', operand: col('n'), list, negated: true }, { n: 2 })).toBeNull();
  });

  it('BETWEEN is inclusive and unknown with a NULL bound that matters', () => {
    const between = (n: CellValue, hi: CellValue): CellValue => ev({ kind: 'between', operand: col('n'), low: lit(1), high: lit(hi), negated: false }, { n });
    expect(between(1, 3)).toBe(true);
    expect(between(3, 3)).toBe(true);
    expect(between(0, null)).toBe(false);
    expect(between(2, null)).toBeNull();
  });
});

describe('values', () => {
  it('divides as reals and gives NULL for a division by zero', () => {
    expect(ev({ kind: 'arithmetic', op: '/', left: lit(7), right: lit(2) })).toBe(3.5);
    expect(ev({ kind: 'arithmetic', op: '/', left: lit(7), right: lit(0) })).toBeNull();
  });

  it('compares text by code point, case-sensitively', () => {
    expect(ev(cmp('<', lit('ABC'), lit('abc')))).toBe(true);
    expect(ev(cmp('=', lit('abc'), lit('ABC')))).toBe(false);
    // U+FFFD sorts before U+1F600 by code point, though not by UTF-16 unit.
    expect(ev(cmp('<', lit('\uFFFD'), lit('😀')))).toBe(true);
  });

  it('LIKE is case-sensitive with no escape character', () => {
    const like = (s: string, p: string): CellValue => ev({ kind: 'like', operand: lit(s), pattern: lit(p), negated: false });
    expect(like('INV-001', 'INV-%')).toBe(true);
    expect(like('inv-001', 'INV-%')).toBe(false);
    expect(like('a😀c', 'a_c')).toBe(true);
    expect(like('a\\b', 'a\\b')).toBe(true);
    expect(like('a.c', 'a_c')).toBe(true);
    expect(like('abc', 'a.c')).toBe(false);
  });

  it('MATCHES is unanchored and uses ASCII classes', () => {
    const m = (s: string, p: string): CellValue => ev({ kind: 'matches', operand: lit(s), pattern: lit(p), negated: false });
    expect(m('xx INV-123 yy', 'INV-\\d{3}')).toBe(true);
    expect(m('é', '^\\w$')).toBe(false);
    expect(m('a\nb', 'a.b')).toBe(true);
    expect(m('\u00a0', '\\s')).toBe(false);
  });

  it('lower/upper change ASCII letters only; length counts characters; trim removes spaces', () => {
    expect(ev(call('lower', lit('ÉCOLE ABC')))).toBe('École abc');
    expect(ev(call('upper', lit('école')))).toBe('éCOLE');
    expect(ev(call('length', lit('a😀b')))).toBe(3);
    expect(ev(call('trim', lit('  a b\t ')))).toBe('a b\t');
  });

  it('rounds half away from zero', () => {
    expect(ev(call('round', lit(2.5)))).toBe(3);
    expect(ev(call('round', lit(-2.5)))).toBe(-3);
    expect(ev(call('round', lit(2.675), lit(2)))).toBe(2.68);
    expect(ev(call('round', lit(1234), lit(-2)))).toBe(1200);
  });

  it('coalesce returns the first non-NULL value', () => {
    expect(ev(call('coalesce', lit(null), col('n'), lit(3)), { n: null })).toBe(3);
  });
});

describe('dates', () => {
  it('compares ISO text dates with DATE literals', () => {
    expect(ev(cmp('<', col('d'), date('2024-03-01')), { d: '2024-02-29' })).toBe(true);
    expect(ev(cmp('=', col('d'), date('2024-03-01')), { d: 'not a date' })).toBeNull();
  });

  it('compares a timestamp with a DATE at midnight', () => {
    expect(ev(cmp('=', col('ts'), date('2024-03-09')), { ts: '2024-03-09T00:00:00' })).toBe(true);
    expect(ev(cmp('>', col('ts'), date('2024-03-09')), { ts: '2024-03-09 10:30:00' })).toBe(true);
    expect(ev(cmp('=', call('date', col('ts')), date('2024-03-09')), { ts: '2024-03-09 10:30:00' })).toBe(true);
  });

  it('year, month, days_between and today', () => {
    expect(ev(call('year', col('ts')), { ts: '2024-12-31 23:59:59' })).toBe(2024);
    expect(ev(call('month', col('d')), { d: '2024-02-29' })).toBe(2);
    expect(ev(call('days_between', date('2024-03-01'), date('2024-02-28')))).toBe(-2);
    expect(ev(call('days_between', date('2023-12-31'), call('today')))).toBe(69);
  });
});

describe('rules', () => {
  const require = (r: Partial<Rule>): Rule => ({ ...base, ...r });
  const needsB: Expr = cmp('=', col('b'), lit(true));

  it('a require that is unknown is a violation; a NULL when is out of scope', () => {
    const rule = require({ when: cmp('>', col('n'), lit(5)), require: needsB });
    expect(isViolation(rule, { n: 10, b: null }, ctx)).toBe(true);
    expect(isViolation(rule, { n: 10, b: true }, ctx)).toBe(false);
    expect(isViolation(rule, { n: 10, b: false }, ctx)).toBe(true);
    expect(isViolation(rule, { n: null, b: false }, ctx)).toBe(false);
  });

  it('a violation condition that is NULL does not match', () => {
    const rule = require({ violation: needsB });
    expect(isViolation(rule, { b: null }, ctx)).toBe(false);
    expect(isViolation(rule, { b: true }, ctx)).toBe(true);
  });

  it('group rules: one row per violating group with its aggregates', () => {
    const count: Expr = { kind: 'aggregate', fn: 'count', arg: null, distinct: false };
    const sum: Expr = { kind: 'aggregate', fn: 'sum', arg: col('n'), distinct: false };
    const rule = require({
      groupBy: ['s'],
      when: { kind: 'is_null', operand: col('b'), negated: true },
      violation: { kind: 'logical', op: 'AND', left: cmp('>', count, lit(1)), right: cmp('>', sum, lit(10)) },
    });
    const rows: Row[] = [
      { s: 'a', n: 6, b: true },
      { s: 'a', n: 6, b: false },
      { s: 'a', n: 100, b: null },
      { s: 'A', n: 20, b: true },
      { s: null, n: 8, b: true },
      { s: null, n: null, b: true },
      { s: 'b', n: 1, b: true },
      { s: 'b', n: 2, b: true },
    ];
    expect(violatingGroups(rule, rows, ctx)).toEqual([{ s: 'a', 'count(*)': 2, 'sum(n)': 12 }]);
    const sumIsNull = require({ groupBy: ['s'], violation: { kind: 'is_null', operand: sum, negated: false } });
    expect(violatingGroups(sumIsNull, rows, ctx)).toEqual([]);
    expect(violatingGroups(sumIsNull, [{ s: 'z', n: null }], ctx)).toEqual([{ s: 'z', 'sum(n)': null }]);
  });
});
