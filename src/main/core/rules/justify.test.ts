import { describe, expect, it } from 'vitest';
import type { Expr } from '../../../shared/rule-ast.js';
import type { Rule } from '../../../shared/rule.js';
import type { SourceSchema } from '../../../shared/schema.js';
import { justify } from './justify.js';
import { buildScope } from './scope.js';

const schema: SourceSchema = {
  tables: [
    {
      name: 'orders',
      columns: [
        { name: 'id', type: 'number', nativeType: 'integer', nullable: false },
        { name: 'shipped_at', type: 'date', nativeType: 'date', nullable: true },
        { name: 'required_at', type: 'date', nativeType: 'date', nullable: true },
        { name: 'status', type: 'text', nativeType: 'text', nullable: true },
      ],
      primaryKey: ['id'],
      rowEstimate: null,
    },
    {
      name: 'expenses',
      columns: [
        { name: 'id', type: 'number', nativeType: 'integer', nullable: false },
        { name: 'amount', type: 'number', nativeType: 'real', nullable: true },
        { name: 'receipt', type: 'boolean', nativeType: 'boolean', nullable: true },
        { name: 'category', type: 'text', nativeType: 'text', nullable: true },
      ],
      primaryKey: ['id'],
      rowEstimate: null,
    },
  ],
};

const col = (name: string): Expr => ({ kind: 'column', name });
const num = (value: number): Expr => ({ kind: 'number', value });

function rule(table: string, id: string, parts: Partial<Rule>): Rule {
  return { id, title: id, severity: 'high', status: 'active', origin: 'manual', version: 1, target: { connection: 'c', table, key: ['id'] }, ...parts };
}

const lateShipments = rule('orders', 'late-shipments', {
  when: { kind: 'is_null', operand: col('shipped_at'), negated: true },
  require: { kind: 'compare', op: '<=', left: col('shipped_at'), right: col('required_at') },
});
const receipts = rule('expenses', 'receipt-over-75', {
  when: { kind: 'compare', op: '>', left: col('amount'), right: num(75) },
  require: { kind: 'compare', op: '=', left: col('receipt'), right: { kind: 'boolean', value: true } },
});

function ctxFor(r: Rule, recordLabel: string) {
  return { scope: buildScope(r, schema), asOf: '2024-03-09', recordLabel };
}

describe('justify', () => {
  it('states the actual relation between two dates', () => {
    const j = justify(lateShipments, { id: 10248, shipped_at: '2024-03-09', required_at: '2024-03-01', status: null }, ctxFor(lateShipments, 'orders #10248'));
    expect(j.text).toBe('orders #10248: shipped_at 2024-03-09 is after required_at 2024-03-01 (rule "late-shipments")');
    expect(j.failed).toEqual([{ expression: 'shipped_at <= required_at', actual: { shipped_at: '2024-03-09', required_at: '2024-03-01' }, expected: 'shipped_at <= required_at' }]);
    expect(j.missing).toEqual([]);
  });

  it('says why the record is in scope and what was expected', () => {
    const j = justify(receipts, { id: 17, amount: 120.5, receipt: false, category: 'travel' }, ctxFor(receipts, 'expenses #17'));
    expect(j.text).toBe('expenses #17: amount 120.5 is over 75 but receipt is FALSE, expected TRUE (rule "receipt-over-75")');
  });

  it('names the missing value when the requirement is unknown', () => {
    const j = justify(receipts, { id: 18, amount: 80, receipt: null, category: null }, ctxFor(receipts, 'expenses #18'));
    expect(j.text).toBe(
      'expenses #18: amount 80 is over 75 but receipt is missing (NULL), so the requirement cannot be shown to hold (rule "receipt-over-75")',
    );
    expect(j.missing).toEqual(['receipt']);
  });

  it('reports only the failing conjuncts of an AND', () => {
    const r = rule('expenses', 'both', {
      require: {
        kind: 'logical',
        op: 'AND',
        left: { kind: 'compare', op: '<', left: col('amount'), right: num(100) },
        right: { kind: 'in', operand: col('category'), list: [{ kind: 'string', value: 'meals' }], negated: false },
      },
    });
    const j = justify(r, { id: 1, amount: 50, receipt: true, category: 'travel' }, ctxFor(r, 'expenses #1'));
    expect(j.text).toBe(`expenses #1: category 'travel' is not one of ('meals') (rule "both")`);
    expect(j.failed).toHaveLength(1);
  });

  it('describes a matching violation condition', () => {
    const r = rule('orders', 'open-orders', {
      violation: { kind: 'compare', op: '=', left: col('status'), right: { kind: 'string', value: 'open' } },
    });
    const j = justify(r, { id: 2, status: 'open' }, ctxFor(r, 'orders #2'));
    expect(j.text).toBe(`orders #2: status is 'open' (rule "open-orders")`);
    expect(j.failed[0]?.expected).toBe(`NOT (status = 'open')`);
  });

  it('reports the aggregates of a violating group', () => {
    const r = rule('expenses', 'split', {
      groupBy: ['category'],
      violation: {
        kind: 'logical',
        op: 'AND',
        left: { kind: 'compare', op: '>', left: { kind: 'aggregate', fn: 'count', arg: null, distinct: false }, right: num(1) },
        right: { kind: 'compare', op: '>', left: { kind: 'aggregate', fn: 'sum', arg: col('amount'), distinct: false }, right: num(5000) },
      },
    });
    const j = justify(r, { category: 'travel', 'count(*)': 3, 'sum(amount)': 9600 }, ctxFor(r, 'expenses category=travel'));
    expect(j.text).toBe('expenses category=travel: count(*) 3 is over 1 and sum(amount) 9600 is over 5000 (rule "split")');
    expect(j.failed.map((f) => f.actual)).toEqual([{ 'count(*)': 3 }, { 'sum(amount)': 9600 }]);
  });

  it('never throws on odd values or unknown columns', () => {
    const r = rule('expenses', 'odd', { require: { kind: 'compare', op: '>', left: col('nope'), right: num(1) } });
    const j = justify(r, { id: 1, amount: 'lots' as unknown as number }, ctxFor(r, 'expenses #1'));
    expect(j.text).toContain('expenses #1');
    expect(j.text).toContain('"odd"');
  });
});
